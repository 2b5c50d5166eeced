# The sample output in every example's header comment is real: header_<example> runs the
# header's " *   $ command" lines and compares what they print with the lines shown under
# them, by the chapters' rules (tests/docs/run-header, on top of tests/docs/run-chapter).
# header_samples_every_example fails naming each example whose header shows no sample.

# Examples whose headers do not show a sample in this format yet: header_samples_every_example
# reports them as pending instead of failing. The list is meant to be empty: take an example
# off as soon as its header has its sample.
set(MPIT_HEADER_SAMPLES_PENDING)

# Examples whose samples spawn processes: where the MPI cannot spawn (Debian 12's MPICH, see
# tests/spawn_manager.cmake), their header tests skip, saying why.
set(MPIT_HEADER_SAMPLES_SPAWN spawn_manager spawn_worker)

set(header_runner ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/run-header)
math(EXPR header_command_timeout "60 * ${MPIT_TIME_SCALE}")

# Runs at the end of tests/, when every add_example() has been seen.
function(_mpit_header_sample_tests)
  get_property(examples GLOBAL PROPERTY MPIT_EXAMPLES)
  set(sources "")
  foreach(example ${examples})
    set(source ${PROJECT_SOURCE_DIR}/examples/${example}.c)
    list(APPEND sources ${source})
    # As many ctest slots as the largest -n of its samples (read now; a header edited since
    # the last configure only changes how the test is scheduled).
    set(processors 1)
    file(STRINGS ${source} commands REGEX "^ \\*   \\$ .*-n [0-9]+")
    foreach(command ${commands})
      string(REGEX REPLACE ".*-n ([0-9]+).*" "\\1" np "${command}")
      if(np GREATER processors)
        set(processors ${np})
      endif()
    endforeach()
    if(processors GREATER 4)
      set(processors 4)
    endif()
    if(example IN_LIST MPIT_HEADER_SAMPLES_SPAWN AND MPIT_MPI_FLAVOUR STREQUAL "mpich")
      add_test(NAME header_${example}
               COMMAND ${MPIT_BASH} -c "echo 'skipped: this MPICH cannot spawn processes'; exit 77")
      set_tests_properties(header_${example} PROPERTIES LABELS "docs;mpi" SKIP_RETURN_CODE 77)
      mpit_test_timeout(header_${example} 30)
      continue()
    endif()
    add_test(NAME header_${example}
             COMMAND ${header_runner} --src ${PROJECT_SOURCE_DIR} --bin ${CMAKE_BINARY_DIR}/bin
                     --work ${CMAKE_BINARY_DIR}/test-work/header_${example}
                     --mpiexec ${MPIEXEC_EXECUTABLE} --mpicc ${MPI_C_COMPILER}
                     --timeout ${header_command_timeout} ${source})
    set_tests_properties(header_${example} PROPERTIES LABELS "docs;mpi" PROCESSORS ${processors}
                         SKIP_RETURN_CODE 77)
    mpit_test_timeout(header_${example} 180)
  endforeach()
  list(JOIN MPIT_HEADER_SAMPLES_PENDING " " pending)
  add_test(NAME header_samples_every_example
           COMMAND ${header_runner} --coverage --pending "${pending}" ${sources})
  set_tests_properties(header_samples_every_example PROPERTIES LABELS "docs;selftest")
  mpit_test_timeout(header_samples_every_example 30)
endfunction()
cmake_language(DEFER CALL _mpit_header_sample_tests)

# The checker itself, on fixtures (tests/docs/fixtures/header-*.c): a header whose samples
# differ from the real output, or break the format, must fail naming each line; a header
# without a sample must fail the coverage check, by name.
set(fixtures ${PROJECT_SOURCE_DIR}/tests/docs/fixtures)
add_test(NAME header_harness_broken
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${header_command_timeout} --exit 1
                 --expect "^FAIL: header-broken\\.c: line 6: a line of output starts \" \\*   \" \\(three spaces\\)"
                 --expect "^FAIL: header-broken\\.c: line 10: output differs from the chapter"
                 --expect "^FAIL: header-broken\\.c: line 13: \\./hello has no option --nope "
                 --expect "^FAIL: header-broken\\.c: line 13: exit status 2, expected 0: \\./hello --nope$"
                 --expect "^FAIL: header-broken\\.c: line 15: output shown is not in the real output"
                 --expect "^header-broken\\.c: 4 check\\(s\\) failed$"
                 -- ${header_runner} --src ${PROJECT_SOURCE_DIR} --bin ${CMAKE_BINARY_DIR}/bin
                    --work ${CMAKE_BINARY_DIR}/test-work/header_harness_broken
                    --mpiexec ${MPIEXEC_EXECUTABLE} --timeout ${header_command_timeout}
                    ${fixtures}/header-broken.c)
add_test(NAME header_harness_coverage
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 1
                 --expect "^header-broken: 4 sample command\\(s\\)$"
                 --expect "^header-none: NO SAMPLE$"
                 --expect "^FAIL: header-none: header-none\\.c has no sample"
                 --expect "^header-pending: pending "
                 --reject "FAIL: header-(broken|pending)"
                 -- ${header_runner} --coverage --pending "header-pending"
                    ${fixtures}/header-broken.c ${fixtures}/header-none.c
                    ${fixtures}/header-pending.c)
set_tests_properties(header_harness_broken PROPERTIES LABELS "docs;mpi" PROCESSORS 2)
set_tests_properties(header_harness_coverage PROPERTIES LABELS "docs;selftest")
mpit_test_timeout(header_harness_broken 120)
mpit_test_timeout(header_harness_coverage 30)
