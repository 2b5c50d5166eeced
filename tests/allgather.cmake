# Tests for allgather (docs/04-collectives.md). Output is compared whole with
# tests/expected/allgather.np<N>.out (sorted: ranks print in any order).
foreach(np 1 2 4)
  add_mpi_test(allgather_np${np} NP ${np} COMMAND allgather
               CHECK --expect-file ${EXPECTED}/allgather.np${np}.out)
endforeach()

# (its maximum, 64 ranks, is not tested: 65 processes are too many for a 2-core machine)
add_bad_input_matrix(allgather NP 2)
add_valgrind_test(allgather)
mpit_coverage_exemption(allgather KILL "ends within a second: no run to kill a rank of")
