# Tests for the cluster chapter (docs/02-hosts-and-rankfiles.md, docs/13-slurm.md): a
# virtual three-host cluster and a single-machine Slurm, running where and ring (their
# tests on one machine are in tests/where.cmake and tests/ring.cmake).
# The cluster and Slurm tests need root (network namespaces, daemons); without it they
# print the reason and ctest reports them as skipped (exit 77).

# The virtual cluster: hello, where (hostfile and rankfile) and ring on red, red01, red02.
set(_cluster_ring $<TARGET_FILE:ring>)
add_test(NAME cluster_virtual
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/cluster.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:where> ${MPIT_MPI_FLAVOUR} ${_cluster_ring})
add_test(NAME cluster_interrupt COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/interrupt.sh)
set_tests_properties(cluster_virtual cluster_interrupt PROPERTIES
                     SKIP_RETURN_CODE 77 LABELS "mpi;cluster" RUN_SERIAL TRUE
                     ENVIRONMENT "${MPIT_TEST_ENV}")
mpit_test_timeout(cluster_virtual 120)
mpit_test_timeout(cluster_interrupt 120)

# Slurm: munged, slurmctld and slurmd from a generated slurm.conf, where.slurm and
# ring.slurm submitted with sbatch, every daemon stopped afterwards.
add_test(NAME slurm_jobs
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/cluster/slurm.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:where> ${MPIT_MPI_FLAVOUR} ${_cluster_ring})
set_tests_properties(slurm_jobs PROPERTIES
                     SKIP_RETURN_CODE 77 LABELS "mpi;cluster;slurm" RUN_SERIAL TRUE
                     ENVIRONMENT "${MPIT_TEST_ENV}")
mpit_test_timeout(slurm_jobs 90)
