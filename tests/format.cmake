# Every C file of the project (examples/, common/, tests/, docs/, bench/, cmake/) is formatted as .clang-format says
# (tests/format-check; skipped without clang-format 14). .ci/run runs the same check.
add_test(NAME format_check
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_LIST_DIR}/format-check ${PROJECT_SOURCE_DIR})
set_tests_properties(format_check PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
mpit_test_timeout(format_check 120)

# Every shell script (scripts/, tests/, bench/, .ci/) passes shellcheck at its warning level
# (tests/shell-check; skipped without shellcheck). .ci/run runs the same check.
add_test(NAME shell_check COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_LIST_DIR}/shell-check ${PROJECT_SOURCE_DIR})
set_tests_properties(shell_check PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
mpit_test_timeout(shell_check 120)
