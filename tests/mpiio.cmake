# Tests for mpiio (docs/07-mpi-io.md).
#
# Besides the program's own read-back check, every run's file is checked from outside:
# its size, and each of its doubles read with od must be its index in the array (both
# copies hold a[i][j] = i*cols + j in row-major order). No temporary file may be left.
function(mpiio_file_check out rows cols)
  math(EXPR n "${rows} * ${cols}")
  math(EXPR bytes "2 * ${n} * 8")
  set(${out} "test $(stat -c %s mpiio.dat) = ${bytes} && od -An -v -t f8 mpiio.dat | tr -s ' ' '\\n' | grep -v '^$' | awk 'BEGIN { bad = 0 } $1 != (NR - 1) % ${n} { bad++ } END { exit (bad > 0 || NR != 2 * ${n}) }' && ! ls mpiio.dat.tmp.* 2>/dev/null" PARENT_SCOPE)
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

add_bad_input_matrix(mpiio NP 2 INT_FLAG --rows=1..2048 --cols=1..2048
                     OUTPUT_FLAG --output OUTPUT_FILE mpiio.dat)
add_valgrind_test(mpiio ARGS --rows 16 --cols 8 --output valgrind.dat)
mpit_coverage_exemption(mpiio KILL "ends within seconds even at its largest size: too short to kill a rank of")
