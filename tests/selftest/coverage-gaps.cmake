# A coverage record with gaps, for the test coverage_check_catches_gaps: hello has its
# matrix and a reason for having no kill test, but no valgrind run; no_such_example has no
# tests file and nothing else. tests/selftest/check-coverage.cmake must name exactly these.
set(examples "hello;no_such_example")
set(matrix "hello")
set(valgrind "")
set(kill "")
set(exempt "hello:KILL")
set(reason_hello_KILL "a reason")
set(tests_dir "${CMAKE_CURRENT_LIST_DIR}/..")
