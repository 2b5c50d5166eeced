# Tests of common/mpit.c that need mpiexec (its option handling is tested through every
# example's bad-input matrix; cli.c and the rest of common/ by the cmocka units).

# MPIT_CHECK: a failed MPI call is one line (the call, file:line, MPI's text) and ends the
# whole job with status 3, an unexpected failure, not 2, bad input. The other rank waits in
# a barrier that never completes: MPI_Abort must end it too (tests/check catches a hang).
add_executable(mpi_error ${CMAKE_CURRENT_LIST_DIR}/mpit/mpi_error.c)
target_link_libraries(mpi_error PRIVATE mpit)
mpit_warnings(mpi_error)
add_mpi_test(mpit_check_exits_3 NP 2 COMMAND mpi_error TIMEOUT 30
             CHECK --exit 3 --stdout-lines 0
                   --expect-stderr "^mpi_error: MPI_Send\\(&token, 1, MPI_INT, world_size, 0, MPI_COMM_WORLD\\) failed \\(mpi_error\\.c:[0-9]+\\): .*[Rr]ank")

# A message line leaves in one write (print_line in common/mpit.c): stderr is unbuffered, and
# a line written a character at a time reached MPICH's launcher in pieces, whose end it lost
# once when the job was torn down ("...failed (mpi_error.c:29): Inva"). tests/mpit/one_write
# gives each write of a singleton run a packet of its own: a bad-input line (exit 2) and an
# MPIT_CHECK line (exit 3) must each be one packet.
add_executable(one_write ${CMAKE_CURRENT_LIST_DIR}/mpit/one_write.c)
mpit_warnings(one_write)
add_test(NAME mpit_usage_line_one_write COMMAND one_write "ring: " $<TARGET_FILE:ring> --count x)
add_test(NAME mpit_check_line_one_write COMMAND one_write "mpi_error: " $<TARGET_FILE:mpi_error>)
foreach(t mpit_usage_line_one_write mpit_check_line_one_write)
  set_tests_properties(${t} PROPERTIES LABELS "mpi" ENVIRONMENT "${MPIT_TEST_ENV}")
  mpit_test_timeout(${t} 30)
endforeach()
