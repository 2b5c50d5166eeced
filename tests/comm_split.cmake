# Tests for comm_split (docs/19-communicators.md): every test of the example, in one place.
# The host name in "... share memory on <host>." is masked by tests/check.
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

foreach(np 1 2 3 4 6)
  add_mpi_test(comm_split_np${np} NP ${np} COMMAND comm_split CHECK --expect-file ${E}/comm_split.np${np}.out)
endforeach()
# A grid chosen by hand: one row of 4, then one column of 4.
add_mpi_test(comm_split_one_row NP 4 COMMAND comm_split --cols 4
             CHECK --expect "^comm_split: 4 ranks as a 1 x 4 grid"
                   --lines 4 "^rank [0-3]: row 0 \\(rank [0-3] of 4\\), column [0-3] \\(rank 0 of 1\\): .*y\\[0\\] = 30$"
                   --expect "^comm_split: OK")
add_mpi_test(comm_split_one_column NP 4 COMMAND comm_split --cols 1
             CHECK --expect "^comm_split: 4 ranks as a 4 x 1 grid"
                   --expect "^rank 3: row 3 \\(rank 0 of 1\\), column 0 \\(rank 3 of 4\\): A\\[3\\]\\[0\\] = 4, x\\[0\\] = 1, y\\[3\\] = 4$"
                   --expect "^comm_split: OK")

add_bad_input_matrix(comm_split NP 2 NONNEG_FLAG --cols)
add_bad_input_test(comm_split_cols_not_divisor NP 4 COMMAND comm_split --cols 3
                   STDERR "^comm_split: --cols 3 does not divide 4 ranks into full rows. use a divisor of 4, or leave --cols out$")
add_valgrind_test(comm_split NP 4)
# A rank killed while the others wait in a collective is what kill_reduce_np4 covers.
mpit_coverage_exemption(comm_split KILL "runs for milliseconds, with no size to make it longer")

# On the three-host virtual cluster (as root; skipped where it cannot be built): one
# communicator per host, one leader each, over TCP.
add_test(NAME comm_split_cluster
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/comm_split-cluster.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:comm_split> ${MPIT_MPI_FLAVOUR})
mpit_test_timeout(comm_split_cluster 120)
set_tests_properties(comm_split_cluster PROPERTIES SKIP_RETURN_CODE 77
                     LABELS "mpi;cluster" RUN_SERIAL TRUE ENVIRONMENT "${MPIT_TEST_ENV}")
