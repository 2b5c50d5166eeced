# The map from the tutorial to the course (docs/README.md, "From the tutorial to this
# course"): every numbered section of the tutorial (tests/docs/tutorial-contents.txt) has its
# row, says where it lives or why it is not ported, and every link into a chapter names a
# heading that exists. docs_tutorial_map_catches_gaps runs the same check on a copy of the
# map with a row dropped and an anchor broken, and must see both.
set(deadline 30)
if(DEFINED MPIT_TIME_SCALE)
  math(EXPR deadline "30 * ${MPIT_TIME_SCALE}")
endif()
add_test(NAME docs_tutorial_map
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline}
                 --expect "^tutorial map: [0-9]+ sections of the tutorial, [0-9]+ rows in docs/README\\.md"
                 --expect "^tutorial map: all checks passed$"
                 -- ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/docs/check-tutorial-map ${PROJECT_SOURCE_DIR})

set(gaps ${CMAKE_BINARY_DIR}/test-work/docs_tutorial_map_catches_gaps)
file(MAKE_DIRECTORY ${gaps})
add_test(NAME docs_tutorial_map_catches_gaps
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --exit 1
                 --expect "^FAIL: docs/README\\.md has 0 rows for the tutorial's section 5\\.3\\.3 Scatter \\(expected 1\\)$"
                 --expect "^FAIL: docs/README\\.md line [0-9]+ links 04-collectives\\.md#gather-nowhere: 04-collectives\\.md has no heading with the anchor #gather-nowhere$"
                 --expect "^FAIL: docs/README\\.md line [0-9]+: a row for section 5\\.33, which the tutorial does not have$"
                 -- ${MPIT_BASH} -c "set -e; cd '${gaps}' && rm -rf src && mkdir -p src/docs src/tests/docs && cp '${PROJECT_SOURCE_DIR}'/docs/*.md src/docs/ && cp '${PROJECT_SOURCE_DIR}/tests/docs/tutorial-contents.txt' src/tests/docs/ && sed -i -e '/^| 5\\.3\\.3 |/d' -e 's/#gather-gather/#gather-nowhere/' -e 's/^| 5\\.3\\.4 |/| 5.33 |/' src/docs/README.md && exec '${MPIT_BASH}' '${PROJECT_SOURCE_DIR}/tests/docs/check-tutorial-map' src")
set_tests_properties(docs_tutorial_map docs_tutorial_map_catches_gaps PROPERTIES LABELS docs)
foreach(t docs_tutorial_map docs_tutorial_map_catches_gaps)
  if(COMMAND mpit_test_timeout)
    mpit_test_timeout(${t} 40)
  else()
    set_tests_properties(${t} PROPERTIES TIMEOUT 40)
  endif()
endforeach()
