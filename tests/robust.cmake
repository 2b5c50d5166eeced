# Robustness tests (issue #9): the bad-input matrix of every example, valgrind memcheck
# runs, a rank SIGKILLed mid-run, and the fuzz targets' corpus replays.
# The helpers are in cmake/MpiTutorial.cmake; an example that is not built yet (it lives on
# another branch) is skipped by its if(TARGET ...).

# --- the bad-input matrix: one call per example -------------------------------------------
add_bad_input_matrix(hello NP 2)
add_bad_input_matrix(send_recv NP 2 MIN_RANKS 2 INT_FLAG --count)

# --- a rank SIGKILLed mid-run: mpiexec must end the job, non-zero, within seconds -----------
# tests/kill/forever is a test-only ring that never ends by itself.
add_executable(forever ${CMAKE_CURRENT_LIST_DIR}/kill/forever.c)
target_link_libraries(forever PRIVATE mpit)
mpit_warnings(forever)
set_target_properties(forever PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
add_kill_test(kill_forever_np4 NP 4 COMMAND forever READY "ring is turning")

# --- fuzz targets: corpus replays always, libFuzzer binaries with MPIT_FUZZ (clang) -------
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)

# --- valgrind memcheck: every example, np 2, a short run (ctest --preset valgrind) ---------
add_valgrind_test(hello)
add_valgrind_test(send_recv ARGS --count 8)

# --- self-test of the harness: a program that breaks every rule (tests/selftest/) ----------
# Every one of these tests must FAIL (WILL_FAIL inverts it): if a check stops catching its
# sin, its test here turns red.
add_executable(naughty ${CMAKE_CURRENT_LIST_DIR}/selftest/naughty.c)
target_link_libraries(naughty PRIVATE MPI::MPI_C)
set_target_properties(naughty PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
add_bad_input_matrix(naughty NP 2 MIN_RANKS 2 INT_FLAG --count TIMEOUT 8)
add_bad_input_matrix(naughty PREFIX naughty_output NP 2 OUTPUT_FLAG --output TIMEOUT 8)
add_valgrind_test(naughty)
set(naughty_tests naughty_bad_unknown_flag naughty_bad_missing_value naughty_bad_not_number
    naughty_bad_negative naughty_bad_zero naughty_bad_overflow naughty_bad_too_few_ranks
    naughty_output_bad_unknown_flag naughty_output_bad_unwritable_output)
set_tests_properties(${naughty_tests} PROPERTIES WILL_FAIL TRUE LABELS "selftest;mpi")
if(TEST valgrind_naughty)
  set_tests_properties(valgrind_naughty PROPERTIES WILL_FAIL TRUE LABELS "selftest;mpi;valgrind")
endif()
