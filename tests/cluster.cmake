# Tests for the cluster chapter (docs/02-hosts-and-rankfiles.md, docs/13-slurm.md):
# where on one machine, then a virtual three-host cluster and a single-machine Slurm.
# The cluster and Slurm tests need root (network namespaces, daemons); without it they
# print the reason and ctest reports them as skipped (exit 77).

# where: one line per rank, in rank order (rank 0 gathers them), then the verdict.
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
add_bad_input_test(where_bad_flag NP 2 COMMAND where --cores STDERR "^where: unknown option '--cores'")
add_bad_input_test(where_bad_positional NP 1 COMMAND where red01 STDERR "unexpected argument 'red01'")

# The virtual cluster: hello, where (hostfile and rankfile) and ring on red, red01, red02.
# ring joins in when the ring example is part of the build.
if(TARGET ring)
  set(_cluster_ring $<TARGET_FILE:ring>)
else()
  set(_cluster_ring none)
endif()
add_test(NAME cluster_virtual
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/cluster.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:where> ${MPIT_MPI_FLAVOUR} ${_cluster_ring})
add_test(NAME cluster_interrupt COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/interrupt.sh)
set_tests_properties(cluster_virtual cluster_interrupt PROPERTIES
                     SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS "mpi;cluster" RUN_SERIAL TRUE
                     ENVIRONMENT "${MPIT_TEST_ENV}")

# Slurm: munged, slurmctld and slurmd from a generated slurm.conf, where.slurm and
# ring.slurm submitted with sbatch, every daemon stopped afterwards.
add_test(NAME slurm_jobs
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/slurm.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:where> ${MPIT_MPI_FLAVOUR} ${_cluster_ring})
set_tests_properties(slurm_jobs PROPERTIES
                     SKIP_RETURN_CODE 77 TIMEOUT 90 LABELS "mpi;cluster;slurm" RUN_SERIAL TRUE
                     ENVIRONMENT "${MPIT_TEST_ENV}")
