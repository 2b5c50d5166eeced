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
mpit_scaled(deadline 30)
add_test(NAME coverage_check_catches_gaps
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --exit 1
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

# --- every deadline stretches with MPIT_TIME_SCALE (a slow machine, ARM under emulation) ---
# The source is configured once more with a larger scale and the two test lists compared.
add_test(NAME robust_every_deadline_scales
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DPROBE_DIR=${CMAKE_BINARY_DIR}/test-work/robust_every_deadline_scales/probe
                 -DCTEST=${CMAKE_CTEST_COMMAND} -DSCALE=${MPIT_TIME_SCALE}
                 -DGENERATOR=${CMAKE_GENERATOR} -DSANITIZE=${MPIT_SANITIZE}
                 -P ${CMAKE_CURRENT_LIST_DIR}/check-timeouts-scale.cmake)
set_tests_properties(robust_every_deadline_scales PROPERTIES LABELS unit)
mpit_test_timeout(robust_every_deadline_scales 120)
# The same check on a project with two unscaled deadlines (selftest/unscaled): it must name both.
set(unscaled ${CMAKE_BINARY_DIR}/test-work/robust_deadline_check_catches_unscaled)
mpit_scaled(deadline 60)
add_test(NAME robust_deadline_check_catches_unscaled
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --exit 1
                 --expect-stderr "^ +bare_timeout \\(TIMEOUT 30 at scale 1, 30 at 7\\)$"
                 --expect-stderr "^ +bare_check \\(--timeout 30 at scale 1, 30 at 7\\)$"
                 --reject "scaled_(timeout|check) \\("
                 -- ${MPIT_BASH} -c "rm -rf '${unscaled}' && '${CMAKE_COMMAND}' -S '${CMAKE_CURRENT_LIST_DIR}/unscaled' -B '${unscaled}/base' -G '${CMAKE_GENERATOR}' >/dev/null && exec '${CMAKE_COMMAND}' -DSOURCE_DIR='${CMAKE_CURRENT_LIST_DIR}/unscaled' -DBUILD_DIR='${unscaled}/base' -DPROBE_DIR='${unscaled}/probe' -DCTEST='${CMAKE_CTEST_COMMAND}' -DSCALE=1 -P '${CMAKE_CURRENT_LIST_DIR}/check-timeouts-scale.cmake'")
set_tests_properties(robust_deadline_check_catches_unscaled PROPERTIES LABELS "unit;selftest")
mpit_test_timeout(robust_deadline_check_catches_unscaled 70)
