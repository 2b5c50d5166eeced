# Tests for where (docs/02-hosts-and-rankfiles.md) on one machine; tests/cluster.cmake runs
# it on a virtual cluster and under Slurm.

# One line per rank, in rank order (rank 0 gathers them), then the verdict.
foreach(np 1 2 4)
  math(EXPR last "${np} - 1")
  if(np EQUAL 1)
    set(ranks "1 rank")
  else()
    set(ranks "${np} ranks")
  endif()
  add_mpi_test(where_np${np} NP ${np} COMMAND where
               CHECK --lines ${np} "^rank [0-9]+: host [A-Za-z0-9._-]+, node-rank [0-9]+ of ${np}, cores [0-9][0-9,-]*$"
                     --expect "^rank ${last}: host [^,]+, node-rank ${last} of ${np}, "
                     --expect "^where: OK, ${ranks} on 1 host, node ranks agree with host names$")
endforeach()

add_bad_input_matrix(where NP 2)
add_valgrind_test(where)
mpit_coverage_exemption(where KILL "ends within a second: no run to kill a rank of")
