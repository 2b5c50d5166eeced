# Tests for halo (docs/21-halo.md): everything about the one example, in one file.
#
# The claim of the lesson: the plate comes out the same, bit for bit, whatever the process
# grid. halo proves it for each run (rank 0 reads the file back and compares it with a
# serial run of the same kernel); these tests prove it once more from outside:
#   - the output at np 1, 2, 3, 4 equals tests/expected/halo.npN.out (timings masked),
#     and every one of those files shows the same checksum of heat.dat;
#   - halo_same_file runs after the grid tests (1x1, 2x1, 1x2, 3x1, 1x3, 2x2, 4x1, 1x4) and
#     checks with cmp that their eight heat.dat files are identical, byte for byte.
# Each run also leaves exactly heat.dat (240 x 320 doubles) and heat.png, nothing else.
# The runs make 200 steps rather than the default 1000: every step waits for the
# neighbours, and on a busy machine each wait can cost a time slice (the chapter's own
# commands, run by docs_21-halo, keep the default).
set(HALO_FILES_OK "test $(stat -c %s heat.dat) = 614400 && head -c 8 heat.png | od -An -c | grep -q 'P   N   G' && test -z \"$(ls -A | grep -v -x -e heat.dat -e heat.png -e 'rank-exit.*')\"")
foreach(np 1 2 3 4)
  add_mpi_test(halo_np${np} NP ${np} COMMAND halo --steps 200 TIMEOUT 90
               CHECK --expect-file ${PROJECT_SOURCE_DIR}/tests/expected/halo.np${np}.out
                     --then "${HALO_FILES_OK}")
endforeach()
# Forced shapes: a row of processes, a column of processes (--dims), and 0 = MPI's pick.
foreach(grid 1x2 2x1 1x3 4x1 1x4 0x1)
  string(REGEX MATCHALL "[0-9]+" pq "${grid}")
  list(GET pq 0 p)
  list(GET pq 1 q)
  math(EXPR np "${p} * ${q}")
  set(shown ${grid})
  if(grid STREQUAL "0x1")
    set(np 3)
    set(shown 3x1)
  endif()
  add_mpi_test(halo_dims_${grid} NP ${np} COMMAND halo --steps 200 --dims ${grid} TIMEOUT 90
               CHECK --expect "^halo: 240x320 cells, 200 steps, ${shown} processes, "
                     --expect "^halo: checksum a12518a6a170d3aa, mean temperature 0.114079640$"
                     --expect "^halo: OK, heat.dat equals a serial run of the same kernel, bit for bit$"
                     --then "${HALO_FILES_OK}")
endforeach()
set(halo_grid_tests halo_np1 halo_np2 halo_np3 halo_np4 halo_dims_1x2 halo_dims_1x3
    halo_dims_4x1 halo_dims_1x4)
# Each of those runs starts in an empty directory: a run killed by a timeout (SIGKILL: no
# program can clean up after that) must not make the next run's "nothing else" check fail.
set(halo_dirs "")
foreach(t ${halo_grid_tests} halo_dims_2x1 halo_dims_0x1 halo_replaces_file)
  string(APPEND halo_dirs " '${CMAKE_BINARY_DIR}/test-work/${t}'")
endforeach()
add_test(NAME halo_clean_dirs
         COMMAND ${MPIT_BASH} -c "for d in ${halo_dirs}; do find \"$d\" -mindepth 1 -delete; done")
set_tests_properties(halo_clean_dirs PROPERTIES TIMEOUT 30 FIXTURES_SETUP halo_clean)
set_tests_properties(${halo_grid_tests} halo_dims_2x1 halo_dims_0x1 PROPERTIES
                     FIXTURES_REQUIRED halo_clean)
set_tests_properties(${halo_grid_tests} PROPERTIES FIXTURES_SETUP halo_plates)
set(halo_cmp "")
foreach(t ${halo_grid_tests})
  string(APPEND halo_cmp "cmp ${CMAKE_BINARY_DIR}/test-work/halo_np1/heat.dat ${CMAKE_BINARY_DIR}/test-work/${t}/heat.dat && ")
endforeach()
add_test(NAME halo_same_file
         COMMAND ${MPIT_BASH} -c "${halo_cmp} echo 'halo: the plate files of 8 process grids are identical'")
set_tests_properties(halo_same_file PROPERTIES FIXTURES_REQUIRED halo_plates TIMEOUT 30
                     LABELS "mpi" PASS_REGULAR_EXPRESSION "identical")

# Blocks of unequal size (7 rows over 2, 5 columns over 3 ...), a few steps; the
# checksum is that of a 1x1 run of the same plate.
foreach(case "1;1x1" "3;1x3" "3;3x1" "4;2x2" "4;4x1")
  list(GET case 0 np)
  list(GET case 1 grid)
  add_mpi_test(halo_uneven_${grid} NP ${np} COMMAND halo --rows 7 --cols 5 --steps 3
               --dims ${grid} --output small.dat --image small.pgm TIMEOUT 30
               CHECK --expect "^halo: 7x5 cells, 3 steps, ${grid} processes, "
                     --expect "^halo: checksum c12fa922578aabc4, mean temperature 0.179657143$"
                     --expect "^halo: OK, small.dat equals a serial run"
                     --then "test $(stat -c %s small.dat) = 280 && head -c 2 small.pgm | grep -q P5")
endforeach()
# An existing regular file is replaced whole (no trace of its old, longer content).
add_mpi_test(halo_replaces_file NP 2 COMMAND halo --rows 4 --cols 4 --steps 2 -o old.dat
             --image old.png TIMEOUT 30
             CHECK --expect "^halo: OK, old.dat equals"
                   --then "test $(stat -c %s old.dat) = 128 && ! ls -A | grep -q '^\\.mpit-tmp-'")
add_test(NAME halo_replaces_file_setup
         COMMAND ${MPIT_BASH} -c "head -c 100000 /dev/zero > old.dat"
         WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/test-work/halo_replaces_file)
set_tests_properties(halo_replaces_file_setup PROPERTIES TIMEOUT 10 FIXTURES_SETUP halo_old
                     FIXTURES_REQUIRED halo_clean)
set_tests_properties(halo_replaces_file PROPERTIES FIXTURES_REQUIRED halo_old)

# Bad input: the matrix twice (the plate's file and the picture), then halo's own rules.
# (The hostile cases that must succeed run 50 steps: RUN_ARGS.)
add_bad_input_matrix(halo NP 2 INT_FLAG --rows --cols --steps RUN_ARGS --steps 50
                     OUTPUT_FLAG --output OUTPUT_FILE heat.dat OUTPUT_MPIIO)
add_bad_input_matrix(halo PREFIX halo_image NP 2 RUN_ARGS --steps 50
                     OUTPUT_FLAG --image OUTPUT_FILE heat.png)
add_bad_input_test(halo_bad_dims_count NP 2 COMMAND halo --dims 3x1 NO_FILE heat.dat
                   STDERR "^halo: --dims 3x1 cannot hold 2 processes. give P x Q = 2 \\(or 0 for the side MPI should pick\\)$")
add_bad_input_test(halo_bad_dims_side NP 4 COMMAND halo --dims 0x3 NO_FILE heat.dat
                   STDERR "^halo: --dims 0x3 cannot hold 4 processes")
foreach(text 2x 2 x2 -1x2 2x2x1 2.5x1)
  string(MAKE_C_IDENTIFIER "${text}" id)
  add_bad_input_test(halo_bad_dims_text_${id} NP 2 COMMAND halo --dims ${text} NO_FILE heat.dat
                     STDERR "^halo: --dims expects PxQ, two whole numbers .*got '${text}'$")
endforeach()
add_bad_input_test(halo_bad_too_small NP 4 COMMAND halo --rows 1 NO_FILE heat.dat
                   STDERR "^halo: a 1x320 plate cannot give each block of a 2x2 process grid a cell. use larger --rows/--cols or another --dims$")
# The plate is read back and opened by name on every rank: no in-place /dev/null for it.
add_bad_input_test(halo_bad_device NP 2 COMMAND halo --output /dev/null
                   STDERR "^halo: cannot write '/dev/null': it is a character device. name a regular file$")
add_bad_input_test(halo_bad_directory NP 2 COMMAND halo --output . NO_FILE heat.png
                   STDERR "^halo: cannot write '.': it is a directory. name a regular file$")
add_bad_input_test(halo_bad_same_file NP 2 COMMAND halo --output heat.png NO_FILE heat.png
                   STDERR "^halo: --image and --output both name 'heat.png'. give the picture and the plate different files$")
add_bad_input_test(halo_bad_image_kind NP 2 COMMAND halo --image heat.jpg NO_FILE heat.dat
                   STDERR "^halo: cannot write 'heat.jpg': name a .png or .pgm file with --image$")

# Memory errors: a small plate, three process grids' worth of code paths at np 2.
add_valgrind_test(halo ARGS --rows 24 --cols 32 --steps 20 --output v.dat --image v.png)

# A rank SIGKILLed mid-run (the others wait in MPI_Sendrecv): the job must end.
add_kill_test(kill_halo_np4 NP 4 COMMAND halo --steps 1e8 READY "^halo: 240x320 cells")
# Interrupted while the plate's file exists (made once the steps' timing line is printed,
# written, then rank 0 reads it back and runs the serial check: seconds at 3000 steps; the
# file is open only for moments of that, so the test waits for the line): nothing left
# behind once the next run has removed what a killed process could not, the old plate and
# picture untouched.
foreach(signal INT KILL)
  add_interrupt_test(interrupt_halo_${signal} NP 2 SIGNAL ${signal} KEEP heat.dat heat.png
                     READY "^halo: [0-9]+ steps in" COMMAND halo --steps 3000 NEXT --steps 10)
endforeach()

# The chapter's pictures come out of their scripts (scripts/figures/halo.sh draws the plate
# with the program itself, halo-diagram.sh the blocks and ghost cells with gnuplot).
set(halo_fig ${CMAKE_BINARY_DIR}/test-work/docs_figure_halo)
file(MAKE_DIRECTORY ${halo_fig})
add_test(NAME docs_figure_halo
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout 120 --file ${halo_fig}/halo-heat.png
                 --file ${halo_fig}/halo-blocks.png
                 --expect "^halo.sh: wrote .*/halo-heat.png \\(240x320 cells, 1000 steps, 2x1 processes\\)$"
                 --expect "^halo-diagram.sh: wrote .*/halo-blocks.png$"
                 --then "head -c 8 ${halo_fig}/halo-heat.png | od -An -c | grep -q 'P   N   G'"
                 -- ${MPIT_BASH} -c "rm -f '${halo_fig}'/*.png && '${PROJECT_SOURCE_DIR}/scripts/figures/halo.sh' '${CMAKE_BINARY_DIR}' '${halo_fig}' && '${PROJECT_SOURCE_DIR}/scripts/figures/halo-diagram.sh' '${halo_fig}/halo-blocks.png'")
set_tests_properties(docs_figure_halo PROPERTIES TIMEOUT 130 LABELS docs
                     ENVIRONMENT "${MPIT_TEST_ENV}")
