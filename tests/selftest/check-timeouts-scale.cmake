# cmake -DSOURCE_DIR=<src> -DBUILD_DIR=<build> -DPROBE_DIR=<scratch> -DCTEST=<ctest>
#       -DSCALE=<the build's MPIT_TIME_SCALE> [-DGENERATOR=<g>] [-DSANITIZE=<on|off>]
#       -P tests/selftest/check-timeouts-scale.cmake
# Fails unless every test's deadlines stretch with MPIT_TIME_SCALE: ctest's TIMEOUT and each
# `--timeout S` its command gives (tests/check, run-chapter). A slow machine (ARM under qemu's
# emulation, a sanitizer build) raises the scale; a deadline written as a bare number would
# still fire there, and the test fail for no fault of the program. Run as the ctest test
# robust_every_deadline_scales.
#
# How: the source is configured once more, in PROBE_DIR, with the scale times 7, and both
# builds' test lists (ctest --show-only=json-v1) are compared: every deadline must have more
# than doubled (an unscaled one stays equal; a scaled one grows about 7 times, less the
# fixed seconds some helpers add).
foreach(v SOURCE_DIR BUILD_DIR PROBE_DIR CTEST SCALE)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check-timeouts-scale: -D${v}=... is required")
  endif()
endforeach()
math(EXPR probe_scale "${SCALE} * 7")
set(configure_args -S ${SOURCE_DIR} -B ${PROBE_DIR} -DMPIT_TIME_SCALE=${probe_scale})
if(GENERATOR)
  list(APPEND configure_args -G ${GENERATOR})
endif()
if(DEFINED SANITIZE)
  list(APPEND configure_args -DMPIT_SANITIZE=${SANITIZE})
endif()
file(REMOVE_RECURSE ${PROBE_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} ${configure_args} OUTPUT_VARIABLE out ERROR_VARIABLE out
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${PROBE_DIR} with MPIT_TIME_SCALE=${probe_scale} failed:\n${out}")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/show-only.cmake)

# deadlines(<dir> <prefix>): sets <prefix>_tests (the names) and, for each test T,
# <prefix>_T (its TIMEOUT, whole seconds) and <prefix>_T_inner (its command's --timeout
# values, in order). One regex pass over the JSON, as check-timeouts.cmake does: in each
# test's object the "command" comes before its "name", then its "properties".
function(deadlines dir prefix)
  mpit_show_only(${dir} json)
  string(REGEX MATCHALL
         "/tests/check\",[ \t\r\n]*\"--timeout\",[ \t\r\n]*\"[0-9]+\"|\"name\" : \"[^\"]*\"[ \t\r\n,]*(\"properties\"|\"value\" : [0-9]+|})"
         tokens "${json}")
  set(names "")
  set(test "")
  set(inner "")
  foreach(token ${tokens})
    if(token MATCHES "^/tests/check\",[ \t\r\n]*\"--timeout\",[ \t\r\n]*\"([0-9]+)\"$")
      list(APPEND inner ${CMAKE_MATCH_1})
    elseif(token MATCHES "^\"name\" : \"TIMEOUT\"[ \t\r\n,]*\"value\" : ([0-9]+)$")
      set(${prefix}_${test} ${CMAKE_MATCH_1} PARENT_SCOPE)
    elseif(NOT token MATCHES "\"value\" : ")
      string(REGEX REPLACE "^\"name\" : \"([^\"]*)\".*" "\\1" test "${token}")
      list(APPEND names ${test})
      set(${prefix}_${test}_inner "${inner}" PARENT_SCOPE)
      set(inner "")
    endif()
  endforeach()
  set(${prefix}_tests "${names}" PARENT_SCOPE)
endfunction()

deadlines(${BUILD_DIR} base)
deadlines(${PROBE_DIR} probe)
# Listing the tests must leave a directory's ctest log alone (show-only.cmake says why): the
# probe directory was configured afresh above, so it has none.
if(EXISTS ${PROBE_DIR}/Testing/Temporary/LastTest.log)
  message(FATAL_ERROR "listing the tests of ${PROBE_DIR} wrote its Testing/Temporary/LastTest.log")
endif()
set(unscaled "")
foreach(t ${base_tests})
  if(NOT DEFINED probe_${t}_inner)
    list(APPEND unscaled "${t} (not registered with MPIT_TIME_SCALE=${probe_scale})")
    continue()
  endif()
  if(DEFINED base_${t} AND DEFINED probe_${t})
    math(EXPR limit "${base_${t}} * 2")
    if(NOT probe_${t} GREATER limit)
      list(APPEND unscaled "${t} (TIMEOUT ${base_${t}} at scale ${SCALE}, ${probe_${t}} at ${probe_scale})")
    endif()
  endif()
  set(probe_inner ${probe_${t}_inner})
  foreach(base_s ${base_${t}_inner})
    list(POP_FRONT probe_inner probe_s)
    math(EXPR limit "${base_s} * 2")
    if(NOT probe_s OR NOT probe_s GREATER limit)
      list(APPEND unscaled "${t} (--timeout ${base_s} at scale ${SCALE}, ${probe_s} at ${probe_scale})")
    endif()
  endforeach()
endforeach()
file(REMOVE_RECURSE ${PROBE_DIR})
list(LENGTH base_tests count)
if(unscaled)
  list(JOIN unscaled "\n  " unscaled)
  message(FATAL_ERROR "deadlines that ignore MPIT_TIME_SCALE (use mpit_test_timeout, or "
                      "multiply by \${MPIT_TIME_SCALE}):\n  ${unscaled}")
endif()
message(STATUS "the deadlines of all ${count} tests scale with MPIT_TIME_SCALE")
