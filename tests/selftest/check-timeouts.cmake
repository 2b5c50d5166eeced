# cmake -DBUILD_DIR=<build> -DCTEST=<ctest> -P tests/selftest/check-timeouts.cmake
# Fails unless every registered ctest test has a TIMEOUT property (no test may hang the
# suite). Run as the ctest test robust_every_test_has_timeout.
execute_process(COMMAND ${CTEST} --show-only=json-v1 WORKING_DIRECTORY ${BUILD_DIR}
                OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ctest --show-only failed")
endif()
string(JSON count LENGTH "${json}" tests)
set(missing "")
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON name GET "${json}" tests ${i} name)
  string(JSON props ERROR_VARIABLE no_props GET "${json}" tests ${i} properties)
  if(NOT props MATCHES "\"name\" *: *\"TIMEOUT\"")
    list(APPEND missing ${name})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "tests without a TIMEOUT: ${missing}")
endif()
message(STATUS "all ${count} tests have a TIMEOUT")
