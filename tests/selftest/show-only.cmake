# include(show-only.cmake), then mpit_show_only(<dir> <var>): <var> = the output of
# `ctest --show-only=json-v1` for the tests registered in <dir> (CTEST: the ctest to run).
#
# ctest rewrites Testing/Temporary/LastTest.log in the directory it runs in, even when it
# only lists the tests: run in the build directory by a test of the suite, it would replace
# the log of the run that is under way (ctest's "Output from these tests are in:
# LastTest.log" then names a file that holds nothing). So the list is read through a
# scratch directory of its own, whose CTestTestfile.cmake only includes <dir>.
function(mpit_show_only dir var)
  string(RANDOM LENGTH 10 tag)
  set(scratch ${dir}/Testing/show-only-${tag})
  file(MAKE_DIRECTORY ${scratch})
  file(WRITE ${scratch}/CTestTestfile.cmake "subdirs(\"${dir}\")\n")
  execute_process(COMMAND ${CTEST} --show-only=json-v1 WORKING_DIRECTORY ${scratch}
                  OUTPUT_VARIABLE json RESULT_VARIABLE rc)
  file(REMOVE_RECURSE ${scratch})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ctest --show-only failed in ${dir}")
  endif()
  set(${var} "${json}" PARENT_SCOPE)
endfunction()
