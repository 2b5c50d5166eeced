# Docs tests of the worked answers and of the Part II lessons' figures: every answer in
# docs/answers/ (run like a chapter by tests/docs/run-chapter), and the figures chapters 16-19
# show (each must still come out of its script in scripts/figures/).

# --- the answers: one test each, docs_answers_<stem> ---------------------------------------
# Registered at the end of tests/ (with docs_runner of tests/docs.cmake), so that a harness
# that registers answers itself under the same names takes precedence and none is added
# twice. No settings: run-chapter gives every answer a new terminal's environment, as it
# does the chapters.
function(_mpit_docs_answers)
  file(GLOB answers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/answers/*.md)
  foreach(answer ${answers})
    get_filename_component(stem ${answer} NAME_WE)
    if(TEST docs_answers_${stem})
      continue()
    endif()
    add_test(NAME docs_answers_${stem}
             COMMAND ${docs_runner} --work ${CMAKE_BINARY_DIR}/test-work/docs_answers_${stem}
                     ${answer})
    set_tests_properties(docs_answers_${stem} PROPERTIES LABELS "docs;mpi" PROCESSORS 1)
    mpit_test_timeout(docs_answers_${stem} 180)
  endforeach()
endfunction()
cmake_language(DEFER CALL _mpit_docs_answers)

# --- the figures ----------------------------------------------------------------------
# mpit_figure_test(<name> <script> <expected line regex> <bad arguments> <bad message regex>
#                  ARGS <good arguments...>)
# docs_figure_<name>: the script draws into the test's directory (the committed PNG is not
# touched), says so in one line, and the file is a PNG. docs_figure_<name>_bad: a bad
# argument is one line on stderr and exit 2.
function(mpit_figure_test name script expect bad bad_message)
  cmake_parse_arguments(PARSE_ARGV 5 F "" "" "ARGS")
  set(dir ${CMAKE_BINARY_DIR}/test-work/docs_figure_${name})
  file(MAKE_DIRECTORY ${dir})
  set(png ${dir}/${name}.png)
  set(run ${PROJECT_SOURCE_DIR}/scripts/figures/${script})
  string(REPLACE ";" " " args "${F_ARGS}")
  add_test(NAME docs_figure_${name}
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout 60 --file ${png} --expect "${expect}"
                   --then "head -c 8 '${png}' | od -An -c | grep -q 'P   N   G'"
                   -- ${MPIT_BASH} -c "rm -f '${png}' && exec '${run}' ${args} '${png}'")
  add_test(NAME docs_figure_${name}_bad
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1 --stdout-lines 0
                   --expect-stderr "${bad_message}" --no-file ${png}.bad
                   -- ${run} ${bad} ${png}.bad)
  set_tests_properties(docs_figure_${name} docs_figure_${name}_bad PROPERTIES
                       TIMEOUT 60 LABELS docs)
endfunction()

mpit_figure_test(prefix_sums prefix-sums.sh
                 "^prefix-sums.sh: wrote .*prefix_sums.png \\(4 ranks, 451 outliers\\)$"
                 117,x "COUNTS must be 2 to 8 whole numbers .*got '117,x'"
                 ARGS 117,107,110,117)
mpit_figure_test(alltoall_counts alltoall-counts.sh
                 "^alltoall-counts.sh: wrote .*alltoall_counts.png \\(4 ranks\\)$"
                 1,2/3 "COUNTS must be a square .*got '1,2/3'"
                 ARGS 3,1,1,5/3,0,3,4/0,4,3,3/2,4,2,2)
mpit_figure_test(comm_split_grid comm-split-grid.sh
                 "^comm-split-grid.sh: wrote .*comm_split_grid.png \\(3 x 2\\)$"
                 "0;2" "ROWS and COLS must be whole numbers from 1 to 6, got '0' '2'"
                 ARGS 3 2)
