# cmake -DCOVERAGE=<file> -P tests/selftest/check-coverage.cmake
#
# Every example (add_example) must have its tests in tests/<example>.cmake, and there a
# bad-input matrix (add_bad_input_matrix), a valgrind run (add_valgrind_test) and a kill test
# (add_kill_test), or a stated reason for going without one (mpit_coverage_exemption). The
# file is what mpit_write_coverage (cmake/MpiTutorial.cmake) wrote at configure time. Prints
# one line per example, then fails naming every gap. Run as the ctest test
# coverage_every_example; coverage_check_catches_gaps runs it on a fixture with gaps.
cmake_minimum_required(VERSION 3.20)
if(NOT COVERAGE OR NOT EXISTS "${COVERAGE}")
  message(FATAL_ERROR "check-coverage: give -DCOVERAGE=<file written by mpit_write_coverage>")
endif()
include(${COVERAGE})
set(gaps "")
set(what_MATRIX "no bad-input matrix (add_bad_input_matrix)")
set(what_VALGRIND "no valgrind run (add_valgrind_test)")
set(what_KILL "no kill test (add_kill_test)")
foreach(example ${examples})
  set(line "")
  if(NOT EXISTS "${tests_dir}/${example}.cmake")
    list(APPEND gaps "${example}: no tests/${example}.cmake")
  endif()
  foreach(kind MATRIX VALGRIND KILL)
    string(TOLOWER ${kind} list_name)
    if(example IN_LIST ${list_name})
      string(APPEND line " ${list_name}")
    elseif("${example}:${kind}" IN_LIST exempt)
      string(APPEND line " ${list_name} exempt (${reason_${example}_${kind}})")
    else()
      string(APPEND line " ${list_name} MISSING")
      list(APPEND gaps "${example}: ${what_${kind}}, and no mpit_coverage_exemption(${example} ${kind} \"why\")")
    endif()
  endforeach()
  message(STATUS "${example}:${line}")
endforeach()
list(LENGTH examples count)
if(gaps)
  list(JOIN gaps "\n  " text)
  message(FATAL_ERROR "coverage gaps:\n  ${text}")
endif()
message(STATUS "all ${count} examples have a bad-input matrix, a valgrind run and a kill test, or say why not")
