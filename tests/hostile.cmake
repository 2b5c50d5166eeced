# The hostile cases that are not one example's (each example's own are in its
# tests/<example>.cmake: add_bad_input_matrix's hostile kinds, add_interrupt_test; the
# scripts are in tests/hostile/).
#
# hostile_every_writer: as root, in a scratch directory with device nodes (mknod) and
# symbolic links of its own, every program that writes a file (kmeans, train, julia, mpiio,
# halo's plate and picture) against a device node, a link to one, a link planted at the
# final name, links and leftovers planted at temporary names; then SIGINT and SIGKILL while
# it writes. One table, every cell must pass (tests/hostile/every-writer). Skipped when not
# root.
set(every_writer_dir ${CMAKE_BINARY_DIR}/test-work/hostile_every_writer)
file(MAKE_DIRECTORY ${every_writer_dir})
set(every_writer_emulated "")
if(MPIT_EMULATED)
  set(every_writer_emulated --emulated)
endif()
add_test(NAME hostile_every_writer
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/every-writer
                 --mpiexec ${MPIEXEC_EXECUTABLE} --mpi ${MPIT_MPI_FLAVOUR}
                 --bin $<TARGET_FILE_DIR:kmeans> --scale ${MPIT_TIME_SCALE}
                 ${every_writer_emulated}
         WORKING_DIRECTORY ${every_writer_dir})
math(EXPR every_writer_timeout "900 * ${MPIT_TIME_SCALE}")
set_tests_properties(hostile_every_writer PROPERTIES LABELS "mpi;hostile;kill"
                     TIMEOUT ${every_writer_timeout} SKIP_RETURN_CODE 77 PROCESSORS 2
                     ENVIRONMENT "${MPIT_TEST_ENV}")

# A number below DBL_MIN is still a number: julia --c-re 1e-310 (a subnormal) draws its set
# (c = 1e-310 + 0.65i, shown so in the header) instead of "expects a number from -2 to 2".
add_mpi_test(hostile_julia_subnormal NP 2 COMMAND julia --c-re 1e-310 --width 64 --height 48
             --output sub.png TIMEOUT 30 LABELS hostile
             CHECK --expect "^julia: 64x48 pixels, c = 1e-310\\+0\\.65i, "
                   --expect "^julia: OK, every row computed once, .* wrote sub\\.png$"
                   --file sub.png --stderr-lines 0)

# An output under /proc: as root, access() says it can be written, and the file would fail
# only after the whole computation. Every writer makes a file to check, up front: one line,
# nothing printed before it (mpiio's own case is mpiio_bad_proc).
foreach(writer "kmeans --output x.csv" "train --curve x.csv" "julia --output x.png"
               "halo --image x.png")
  string(REPLACE " " ";" writer "${writer}")
  list(GET writer 0 program)
  list(GET writer 1 flag)
  list(GET writer 2 name)
  string(REPLACE "." "\\." name_re ${name})
  add_bad_input_test(hostile_proc_${program} NP 2 COMMAND ${program} ${flag} /proc/${name}
                     LABELS hostile
                     STDERR "^${program}: cannot write '/proc/${name_re}': cannot create a file in directory '/proc' \\(")
endforeach()

# SIGTERM to mpiexec (kill(1), a batch system's time limit) while each writer writes: the
# same demands as its INT and KILL tests in tests/<example>.cmake (nothing left behind, or
# nothing once the next run has removed an MPI-IO file's leftover; earlier outputs intact).
add_interrupt_test(interrupt_kmeans_TERM NP 2 SIGNAL TERM KEEP labels.csv
                   COMMAND kmeans --points 10000000 --max-iter 3 --restarts 1 --output labels.csv)
add_interrupt_test(interrupt_train_TERM NP 2 SIGNAL TERM KEEP curve.csv READY "^epoch +2:"
                   COMMAND train --epochs 10000 --target 1 --curve curve.csv)
add_interrupt_test(interrupt_julia_TERM NP 2 SIGNAL TERM KEEP julia.png COMMAND julia --scale 8)
# (mpiio's: interrupt_mpiio_TERM, in tests/mpiio.cmake.)
add_interrupt_test(interrupt_halo_TERM NP 2 SIGNAL TERM KEEP heat.dat heat.png
                   READY "^halo: [0-9]+ steps in" COMMAND halo --steps 3000 NEXT --steps 10)
