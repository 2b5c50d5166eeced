# Tests for mpiio (docs/07-mpi-io.md).
#
# Besides the program's own read-back check, every run's file is checked from outside:
# its size, and each of its doubles read with od must be its index in the array (both
# copies hold a[i][j] = i*cols + j in row-major order). No temporary file may be left.
function(mpiio_file_check out rows cols)
  math(EXPR n "${rows} * ${cols}")
  math(EXPR bytes "2 * ${n} * 8")
  set(${out} "test $(stat -c %s mpiio.dat) = ${bytes} && od -An -v -t f8 mpiio.dat | tr -s ' ' '\\n' | grep -v '^$' | awk 'BEGIN { bad = 0 } $1 != (NR - 1) % ${n} { bad++ } END { exit (bad > 0 || NR != 2 * ${n}) }' && ! ls -A | grep -q '^\\.mpit-tmp-'" PARENT_SCOPE)
endfunction()

mpiio_file_check(MPIIO_DEFAULT 64 48)
foreach(np 1 2 3 4)
  set(s "s")
  if(np EQUAL 1)
    set(s "")
  endif()
  add_mpi_test(mpiio_np${np} NP ${np} COMMAND mpiio TIMEOUT 30
               CHECK --lines ${np} "^rank [0-3]: rows [0-9]+\\.\\.[0-9]+ at byte [0-9]+ \\(write_at_all\\), columns [0-9]+\\.\\.[0-9]+ through a view \\(write_all\\)$"
                     --expect "^rank 0: rows 0\\.\\."
                     --expect "\\.\\.63 at byte"
                     --expect "columns [0-9]+\\.\\.47 through"
                     --expect "^mpiio: OK, ${np} rank${s} wrote a 64x48 array of doubles twice into mpiio\\.dat. every rank read back all 6144 values and found each one right$"
                     --then "${MPIIO_DEFAULT}")
endforeach()
# Uneven blocks (10 rows, 7 columns over 3 ranks), exact offsets.
mpiio_file_check(MPIIO_UNEVEN 10 7)
add_mpi_test(mpiio_uneven NP 3 COMMAND mpiio --rows 10 --cols 7 TIMEOUT 30
             CHECK --expect "^rank 0: rows 0\\.\\.2 at byte 0 \\(write_at_all\\), columns 0\\.\\.1 through"
                   --expect "^rank 1: rows 3\\.\\.5 at byte 168 \\(write_at_all\\), columns 2\\.\\.3 through"
                   --expect "^rank 2: rows 6\\.\\.9 at byte 336 \\(write_at_all\\), columns 4\\.\\.6 through"
                   --expect "^mpiio: OK, 3 ranks wrote a 10x7 array"
                   --then "${MPIIO_UNEVEN}")
add_bad_input_test(mpiio_too_small NP 4 COMMAND mpiio --rows 3 --output m.dat NO_FILE m.dat
                   STDERR "^mpiio: a 3x48 array cannot give each of 4 ranks a row and a column. use --rows and --cols of at least 4$")

# The timings: one line, the StopWatch table and a "# csv" line per timer (docs/07,
# exercise 3 greps them).
add_mpi_test(mpiio_timings NP 2 COMMAND mpiio --rows 8 --cols 4 TIMEOUT 30
             CHECK --expect "^mpiio: wrote 256 bytes per copy: rows in [0-9.]+ s, columns through the view in [0-9.]+ s$"
                   --lines 3 "^\\| (write rows|write columns|read back) np=2 8x4 +\\| ok +\\|"
                   --expect "^# csv,timer,status,time,sum,start,tag,msg,"
                   --lines 1 "^# csv,write rows np=2 8x4,ok,[0-9.]+,[0-9.]+,[-0-9: ]+,mpiio,"
                   --lines 1 "^# csv,write columns np=2 8x4,ok,"
                   --lines 1 "^# csv,read back np=2 8x4,ok,")

# The output file by the rules of common/mpiofile.h: the matrix's hostile cases (device,
# FIFO, directory, links, planted temporary files, long and odd names, a full disk), and
# these. A legal name of 236-250 bytes used to crash Open MPI's MPI_File_open ("*** buffer
# overflow detected ***": it appends ".locktest.<rank>" in a 256-byte buffer); the name
# is free now, and a directory path too long for that buffer is one line.
foreach(len 236 245 255)
  string(REPEAT "m" ${len} name)
  add_mpi_test(mpiio_name_${len} NP 2 COMMAND mpiio --rows 4 --cols 4 --output ${name} TIMEOUT 30
               CHECK --expect "^mpiio: OK, 2 ranks wrote a 4x4 array" --file ${name}
                     --then "test $(stat -c %s ${name}) = 256 && ! ls -A | grep -q '^\\.mpit-tmp-'"
                     LABELS hostile)
endforeach()
string(REPEAT "d" 189 deep)
add_test(NAME mpiio_deep_setup COMMAND ${CMAKE_COMMAND} -E make_directory
         ${CMAKE_BINARY_DIR}/test-work/mpiio_long_directory/${deep}/sub)
set_tests_properties(mpiio_deep_setup PROPERTIES FIXTURES_SETUP mpiio_deep)
mpit_test_timeout(mpiio_deep_setup 10)
add_bad_input_test(mpiio_long_directory NP 2 COMMAND mpiio --output ${deep}/sub/x.dat
                   LABELS hostile
                   STDERR "^mpiio: cannot write 'd+/sub/x\\.dat': its directory's path is too long for MPI-IO \\(194 bytes, at most 190\\). write into a directory with a shorter path$")
set_tests_properties(mpiio_long_directory PROPERTIES FIXTURES_REQUIRED mpiio_deep)
# As root an output under /proc used to pass the first check and fail in MPI_File_open
# (under MPICH with its error stack as a second line); the check makes a file now.
add_bad_input_test(mpiio_bad_proc NP 2 COMMAND mpiio --output /proc/x.dat LABELS hostile
                   STDERR "^mpiio: cannot write '/proc/x\\.dat': cannot create a file in directory '/proc' \\(")

add_bad_input_matrix(mpiio NP 2 INT_FLAG --rows=1..2048 --cols=1..2048
                     OUTPUT_FLAG --output OUTPUT_FILE mpiio.dat OUTPUT_MPIIO)
add_valgrind_test(mpiio ARGS --rows 16 --cols 8 --output valgrind.dat)
# Interrupted while the file is written (2 x 32 MB, then read back): nothing left behind
# once the next run has removed what a killed process could not, the old file untouched.
# Ctrl-C, kill(1) (TERM, as for every writer in tests/hostile.cmake) and SIGKILL to a rank.
# Under emulation the whole run lasts about 0.15 s (file I/O runs at native speed there)
# and ends before a signal has made its way through the emulated harness and mpiexec: the
# job must outlast that, and mpiio's largest array does not. There the interrupted MPI-IO
# write is halo's (interrupt_halo_*, and every-writer's halo --output row).
foreach(signal INT KILL TERM)
  add_interrupt_test(interrupt_mpiio_${signal} NP 2 SIGNAL ${signal} KEEP mpiio.dat
                     NATIVE_ONLY "under emulation mpiio's whole run (0.15 s) ends before a signal has made its way through the emulated harness and mpiexec (halo's interrupt tests cover an interrupted MPI-IO write here)"
                     COMMAND mpiio --rows 2048 --cols 2048 NEXT --rows 8 --cols 8)
endforeach()
