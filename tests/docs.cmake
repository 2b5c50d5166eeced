# The book's tests: every docs/*.md is one ctest test docs_<stem> (docs_03-point-to-point,
# docs_README, ...) that runs its ```console blocks against this build and compares the
# output with the output shown; tests/docs/run-chapter's header has the rules.
# docs_index checks that docs/README.md (and the top README.md, once it lists chapters)
# links every chapter, in reading order.
file(GLOB docs_chapters CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)

# A chapter shows `mpiexec -n 4 ./ring` as people type it, and it runs in what a new
# terminal has after the one-time set-up (scripts/setup-mpi), nothing more: run-chapter
# builds that environment itself, and this file gives the tests no settings at all.

# Each command of a chapter may take a minute (times MPIT_TIME_SCALE); a chapter runs up to
# 4 processes at once.
math(EXPR docs_command_timeout "60 * ${MPIT_TIME_SCALE}")
foreach(chapter ${docs_chapters})
  get_filename_component(stem ${chapter} NAME_WE)
  set(workdir ${CMAKE_BINARY_DIR}/test-work/docs_${stem})
  add_test(NAME docs_${stem}
           COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/run-chapter
                   --src ${PROJECT_SOURCE_DIR} --bin ${CMAKE_BINARY_DIR}/bin
                   --work ${workdir} --mpiexec ${MPIEXEC_EXECUTABLE} --mpicc ${MPI_C_COMPILER}
                   --timeout ${docs_command_timeout} ${chapter})
  set_tests_properties(docs_${stem} PROPERTIES LABELS "docs;mpi" PROCESSORS 4)
  mpit_test_timeout(docs_${stem} 180)
endforeach()

add_test(NAME docs_index
         COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check-index ${PROJECT_SOURCE_DIR})
set_tests_properties(docs_index PROPERTIES LABELS docs)
mpit_test_timeout(docs_index 30)

# The runner itself, on two fixture chapters (tests/docs/fixtures/): one whose output differs
# only in what the normalisation masks (must pass), and one with every kind of drift (must
# fail, naming each mistake), so that a docs test that could never fail would show here.
set(docs_runner ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/run-chapter
    --src ${PROJECT_SOURCE_DIR} --bin ${CMAKE_BINARY_DIR}/bin
    --mpiexec ${MPIEXEC_EXECUTABLE} --mpicc ${MPI_C_COMPILER} --timeout ${docs_command_timeout})
set(fixtures ${PROJECT_SOURCE_DIR}/tests/docs/fixtures)
add_test(NAME docs_harness_normalise
         COMMAND ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_harness_normalise
                 ${fixtures}/normalise.md)
add_test(NAME docs_harness_broken
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${docs_command_timeout} --exit 1
                 --expect "^FAIL: broken: line 6: output differs from the chapter"
                 --expect "^FAIL: broken: line 10: exit status 2, expected 0: \\./hello --nope$"
                 --expect "^FAIL: broken: line 11: exit status 1, expected 0: false$"
                 --expect "^FAIL: broken: line 15: output shown is not in the real output"
                 --expect "^FAIL: broken: line 21: \\./send_recv has no option --length "
                 --expect "^FAIL: broken: line 23: \\./send_recv reads no environment variable MAX "
                 --expect "^FAIL: broken: names \\./no_such_program, which is neither"
                 --expect "^FAIL: broken: names scripts/no-such-script, which is not in the source tree$"
                 --expect "^FAIL: broken: line 27 links 99-nothing\\.md, which does not exist$"
                 --expect "^FAIL: broken: line 27 links img/missing\\.png, which does not exist$"
                 --expect "^broken: 11 check\\(s\\) failed$"
                 -- ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_harness_broken
                    ${fixtures}/broken.md)
set_tests_properties(docs_harness_normalise docs_harness_broken PROPERTIES
                     LABELS "docs;mpi" PROCESSORS 2)
mpit_test_timeout(docs_harness_normalise 120)
mpit_test_timeout(docs_harness_broken 120)

# The chapters' environment is a new terminal's and nothing else: check-environment runs a
# fixture chapter that records its environment, with settings planted in the test's own
# environment (an OMPI_MCA_ variable among them) that must not get through, and compares it
# with `env -i HOME=... TERM=dumb PATH=/usr/local/bin:/usr/bin:/bin bash -i` computed on its own.
add_test(NAME docs_environment
         COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check-environment
                 ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_environment)
mpit_test_timeout(docs_environment 120)
set_tests_properties(docs_environment PROPERTIES LABELS docs
                     ENVIRONMENT "MPIT_DOCS_PLANTED=from-ctest;OMPI_MCA_rmaps_base_oversubscribe=0")

# Chapter 1 once more as a normal user: a throw-away account (useradd) makes the set-up in
# its own home and runs the chapter in its own new terminal. Needs root; skipped otherwise.
add_test(NAME docs_01-install_as_user
         COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/run-as-user
                 ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_01-install_as_user
                 ${PROJECT_SOURCE_DIR}/docs/01-install.md)
mpit_test_timeout(docs_01-install_as_user 240)
set_tests_properties(docs_01-install_as_user PROPERTIES LABELS "docs;mpi"
                     SKIP_RETURN_CODE 77 PROCESSORS 1)

# scripts/setup-mpi itself, in a scratch home: what chapter 1 says it does, once, and undone.
add_test(NAME docs_setup_mpi
         COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check-setup-mpi
                 ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/test-work/docs_setup_mpi)
set_tests_properties(docs_setup_mpi PROPERTIES LABELS docs SKIP_RETURN_CODE 77)
mpit_test_timeout(docs_setup_mpi 60)
