# cmake -DBUILD_DIR=<build> -DCTEST=<ctest> -P tests/selftest/check-timeouts.cmake
# Fails unless every registered ctest test has a TIMEOUT property (no test may hang the
# suite). Run as the ctest test robust_every_test_has_timeout.
#
# One pass over ctest's JSON with a regex: string(JSON) would parse the whole document once
# per test (hundreds of times, minutes on a busy machine). Every "name" key is either a
# test's (followed by its "properties", or by the end of the test) or a property's
# (followed by its "value").
include(${CMAKE_CURRENT_LIST_DIR}/show-only.cmake)
mpit_show_only(${BUILD_DIR} json)
string(REGEX MATCHALL "\"name\" : \"[^\"]*\"[ \t\r\n,]*(\"properties\"|\"value\"|})" keys "${json}")
set(count 0)
set(test "")
set(missing "")
foreach(key ${keys})
  string(REGEX REPLACE "^\"name\" : \"([^\"]*)\".*" "\\1" name "${key}")
  if(key MATCHES "\"value\"$")
    if(name STREQUAL "TIMEOUT")
      set(test "")  # this test is fine
    endif()
  else()
    if(test)
      list(APPEND missing ${test})
    endif()
    set(test ${name})
    math(EXPR count "${count} + 1")
  endif()
endforeach()
if(test)
  list(APPEND missing ${test})
endif()
string(JSON expected LENGTH "${json}" tests)
if(NOT count EQUAL expected)
  message(FATAL_ERROR "found ${count} tests in ctest's list, expected ${expected}")
endif()
if(missing)
  message(FATAL_ERROR "tests without a TIMEOUT: ${missing}")
endif()
message(STATUS "all ${count} tests have a TIMEOUT")
