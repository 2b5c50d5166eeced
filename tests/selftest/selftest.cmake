# The suite's checks of itself (included last from tests/CMakeLists.txt, after every
# example's tests are registered): a check that could not fail would prove nothing, so each
# of them is run once on something it must catch.

# --- the bad-input matrix and valgrind run, on a program that breaks every rule ----------
# naughty.c breaks each rule in its own way; every one of its tests must FAIL (WILL_FAIL
# inverts it): if a check stops catching its sin, its test here turns red.
add_executable(naughty ${CMAKE_CURRENT_LIST_DIR}/naughty.c)
target_link_libraries(naughty PRIVATE MPI::MPI_C)
add_bad_input_matrix(naughty NP 2 MIN_RANKS 2 INT_FLAG --count TIMEOUT 8)
add_bad_input_matrix(naughty PREFIX naughty_output NP 2 OUTPUT_FLAG --output TIMEOUT 8)
add_valgrind_test(naughty)
get_property(naughty_tests GLOBAL PROPERTY MPIT_MATRIX_TESTS_naughty)
get_property(naughty_output_tests GLOBAL PROPERTY MPIT_MATRIX_TESTS_naughty_output)
set_tests_properties(${naughty_tests} ${naughty_output_tests} PROPERTIES
                     WILL_FAIL TRUE LABELS "selftest;mpi")
if(TEST valgrind_naughty)
  set_tests_properties(valgrind_naughty PROPERTIES WILL_FAIL TRUE LABELS "selftest;mpi;valgrind")
endif()

# --- a rank SIGKILLed mid-run: mpiexec must end the job, non-zero, within seconds --------
# tests/kill/forever.c is a test-only ring that never ends by itself, so tests/kill-rank
# itself is proven on a job that certainly outlives the kill.
add_executable(forever ${CMAKE_CURRENT_LIST_DIR}/../kill/forever.c)
target_link_libraries(forever PRIVATE mpit)
mpit_warnings(forever)
add_kill_test(kill_forever_np4 NP 4 COMMAND forever READY "ring is turning")

# --- interrupted writers: a leftover must be seen -----------------------------------------
# leaky.c writes "<name>.tmp" and leaves it when killed: tests/hostile/interrupt must fail.
add_executable(leaky ${CMAKE_CURRENT_LIST_DIR}/leaky.c)
mpit_warnings(leaky)
add_interrupt_test(interrupt_leaky_KILL NP 1 SIGNAL KILL KEEP out.dat COMMAND leaky out.dat)
set_tests_properties(interrupt_leaky_KILL PROPERTIES WILL_FAIL TRUE LABELS "selftest;mpi")

# --- every test has a TIMEOUT (whoever registered it) ------------------------------------
add_test(NAME robust_every_test_has_timeout
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DCTEST=${CMAKE_CTEST_COMMAND}
                 -P ${CMAKE_CURRENT_LIST_DIR}/check-timeouts.cmake)
set_tests_properties(robust_every_test_has_timeout PROPERTIES LABELS unit)
mpit_test_timeout(robust_every_test_has_timeout 60)

# --- every example has its matrix, valgrind and kill tests, or says why not --------------
set(coverage_file ${CMAKE_BINARY_DIR}/test-work/coverage.cmake)
mpit_write_coverage(${coverage_file})
add_test(NAME coverage_every_example
         COMMAND ${CMAKE_COMMAND} -DCOVERAGE=${coverage_file}
                 -P ${CMAKE_CURRENT_LIST_DIR}/check-coverage.cmake)
# The same check on a record with gaps (selftest/coverage-gaps.cmake): it must name each.
add_test(NAME coverage_check_catches_gaps
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout 30 --exit 1
                 --expect-stderr "hello: no valgrind run"
                 --expect-stderr "no_such_example: no tests/no_such_example\\.cmake"
                 --expect-stderr "no_such_example: no bad-input matrix"
                 --expect-stderr "no_such_example: no valgrind run"
                 --expect-stderr "no_such_example: no kill test"
                 --reject "hello: no (bad-input matrix|kill test)"
                 -- ${CMAKE_COMMAND} -DCOVERAGE=${CMAKE_CURRENT_LIST_DIR}/coverage-gaps.cmake
                    -P ${CMAKE_CURRENT_LIST_DIR}/check-coverage.cmake)
set_tests_properties(coverage_every_example coverage_check_catches_gaps PROPERTIES
                     LABELS "unit;selftest")
mpit_test_timeout(coverage_every_example 30)
mpit_test_timeout(coverage_check_catches_gaps 30)
