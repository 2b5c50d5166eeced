# The message diagrams of the chapters (docs/img/*.png) are committed, but each must still
# come out of its script, drawn from a real run of the program with the arguments its
# chapter shows (scripts/figures/diagrams.sh lists them). docs_figure_<name> draws it again
# into the test's own directory and checks the one line the drawing script prints: it names
# the numbers the picture shows, so a program whose output changed, or a picture that no
# longer matches its chapter, fails here. The scripts refuse input that is not a
# successful run (docs_figure_refuses_*), and a chapter must still show the run its picture
# comes from (docs_figure_chapters).

# docs_figure(<name> <regex of the line the drawing script prints, after "wrote <png> (">)
function(docs_figure name drawn)
  set(dir ${CMAKE_BINARY_DIR}/test-work/docs_figure_${name})
  set(png ${dir}/${name}.png)
  file(MAKE_DIRECTORY ${dir})
  mpit_scaled(deadline 90)
  add_test(NAME docs_figure_${name}
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --file ${png} --stdout-lines 1
                   --expect "^[a-z-]+\\.sh: wrote .*/${name}\\.png \\(${drawn}\\)$"
                   --then "head -c 8 '${png}' | od -An -c | grep -q 'P   N   G'"
                   -- ${MPIT_BASH} -c "rm -f '${png}' && exec '${PROJECT_SOURCE_DIR}/scripts/figures/diagrams.sh' --bin '${CMAKE_BINARY_DIR}/bin' --mpiexec '${MPIEXEC_EXECUTABLE}' --out '${dir}' ${name}"
           WORKING_DIRECTORY ${dir})
  set_tests_properties(docs_figure_${name} PROPERTIES LABELS "docs;mpi" PROCESSORS 1)
  mpit_test_timeout(docs_figure_${name} 100)
endfunction()

# chapter 3 (the tutorial's figure 1) and its neighbour exchange
docs_figure(send-recv "send_recv, 2 messages from rank 0 to rank 1: record \\{id=42, size=3\\.5, name=disk1\\}, buffer \\[1 2 3 4 5\\]")
docs_figure(isend-irecv "neighbour exchange of 4 ranks, rank 0 received \\[3 3 3\\]")
# chapter 4 (figures 2 to 5)
docs_figure(bcast "bcast of 4 ranks from root 0: record \\{size: \\[1, 3, 8\\], name: \\[disk1, disk2, disk3\\]\\}, array \\[0 1 2 3 4 5 6 7 8 9\\]")
docs_figure(scatter "scatter of 4 ranks from root 0: list \\[1, 4, 9, 16\\]")
docs_figure(gather "gather of 3 ranks to root 1: list \\[1, 4, 9\\]")
docs_figure(allgather "allgather of 3 ranks: rows \\[0 0 0\\] \\[0 1 2\\] \\[0 2 4\\]")
# chapter 5 (figure 6): spawning needs Open MPI (Debian's MPICH on UCX cannot; chapter 5)
if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
  docs_figure(spawn "manager and 4 workers, N = 100, pi is about 3\\.141600986923125")
endif()
# chapter 8 (figure 7)
docs_figure(ring-diagram "ring of 4 ranks, token 6 -> 14 over 2 laps")

# Input that is not a successful run is refused: one line, exit 2, no picture left behind.
set(dir ${CMAKE_BINARY_DIR}/test-work/docs_figure_refuses)
file(MAKE_DIRECTORY ${dir})
set(figures ${PROJECT_SOURCE_DIR}/scripts/figures)
add_test(NAME docs_figure_refuses_no_verdict
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1 --no-file ${dir}/a.png
                 --expect-stderr "^ring-diagram\\.sh: the input is not the output of a successful run of \\./ring or \\./isend_irecv "
                 -- ${MPIT_BASH} -c "printf 'process 0: lap 1, sent 1 to process 1\\n' | '${figures}/ring-diagram.sh' '${dir}/a.png'")
add_test(NAME docs_figure_refuses_failed_run
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1 --no-file ${dir}/b.png
                 --expect-stderr "^data-diagram\\.sh: the input is not the output of a successful run of \\./send_recv or "
                 -- ${MPIT_BASH} -c "printf 'bcast: FAILED, rank 2 holds another array\\n' | '${figures}/data-diagram.sh' '${dir}/b.png'")
add_test(NAME docs_figure_refuses_inconsistent
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1 --no-file ${dir}/c.png
                 --expect-stderr "^spawn-diagram\\.sh: the input shows 1 worker lines for 2 workers; draw 1 to 8$"
                 -- ${MPIT_BASH} -c "printf 'worker 0 of 2: 5 of 10 intervals\\npi is about 3.1, error 0.01\\nspawn_manager: OK\\n' | '${figures}/spawn-diagram.sh' '${dir}/c.png'")
add_test(NAME docs_figure_refuses_unknown_name
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1
                 --expect-stderr "^diagrams\\.sh: no picture named 'reduce'; see --help$"
                 -- ${figures}/diagrams.sh --out ${dir} reduce)
foreach(t no_verdict failed_run inconsistent unknown_name)
  set_tests_properties(docs_figure_refuses_${t} PROPERTIES LABELS docs)
  mpit_test_timeout(docs_figure_refuses_${t} 30)
endforeach()

# Each picture's chapter still shows the picture and, as a command, the run it is drawn from
# (diagrams.sh --check); on a copy whose chapter 4 runs scatter with other arguments, the
# check must fail and name the run.
mpit_scaled(deadline 30)
add_test(NAME docs_figure_chapters
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --lines 8 "shows it and its run, mpiexec -n "
                 --stderr-lines 0
                 -- ${PROJECT_SOURCE_DIR}/scripts/figures/diagrams.sh --check)
set(stale ${CMAKE_BINARY_DIR}/test-work/docs_figure_chapters_stale)
file(MAKE_DIRECTORY ${stale})
add_test(NAME docs_figure_chapters_stale
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --exit 1 --stderr-lines 1
                 --expect-stderr "^diagrams\\.sh: docs/04-collectives\\.md shows img/scatter\\.png but not the run it is drawn from: \\$ mpiexec -n 4 \\./scatter --columns 5$"
                 -- ${MPIT_BASH} -c "set -e; cd '${stale}' && rm -rf tree && mkdir -p tree/scripts tree/docs && cp -r '${PROJECT_SOURCE_DIR}/scripts/figures' tree/scripts/ && cp '${PROJECT_SOURCE_DIR}'/docs/*.md tree/docs/ && sed -i 's/^\\$ mpiexec -n 4 \\.\\/scatter --columns 5$/$ mpiexec -n 3 .\\/scatter --columns 5/' tree/docs/04-collectives.md && exec tree/scripts/figures/diagrams.sh --check")
foreach(t docs_figure_chapters docs_figure_chapters_stale)
  set_tests_properties(${t} PROPERTIES LABELS docs)
  mpit_test_timeout(${t} 40)
endforeach()

# --- the Part II chapters' pictures, drawn from numbers given on the command line ------------
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
  mpit_scaled(deadline 60)
  add_test(NAME docs_figure_${name}
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --file ${png} --expect "${expect}"
                   --then "head -c 8 '${png}' | od -An -c | grep -q 'P   N   G'"
                   -- ${MPIT_BASH} -c "rm -f '${png}' && exec '${run}' ${args} '${png}'")
  add_test(NAME docs_figure_${name}_bad
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1 --stdout-lines 0
                   --expect-stderr "${bad_message}" --no-file ${png}.bad
                   -- ${run} ${bad} ${png}.bad)
  set_tests_properties(docs_figure_${name} docs_figure_${name}_bad PROPERTIES
                       LABELS docs)
  mpit_test_timeout(docs_figure_${name} 60)
  mpit_test_timeout(docs_figure_${name}_bad 60)
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
