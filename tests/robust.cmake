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
