# Tests for julia (docs/06-task-farm-julia.md).
#
# Every run's image is checked with tests/julia/julia_check.c: its size, the mirror symmetry of
# the set, pixels whose values the tutorial's own Python code gives, every pixel against the
# tutorial's loop (--recompute) and - the main point - that it is pixel for pixel the
# reference image tests/expected/julia_640x480.png, whatever the number of ranks, the chunk
# size, the schedule or the way the workers were started.
# The reference is the tutorial's own image: bench/julia_futures.py (the tutorial's code
# under mpi4py.futures) writes it as PGM (--output ref.pgm); it is stored as a grey PNG,
# and `julia_check ref.pgm 640 480 --same-as tests/expected/julia_640x480.png` confirms
# that the two hold the same pixels.
add_executable(julia_check ${CMAKE_CURRENT_SOURCE_DIR}/julia/julia_check.c)
target_link_libraries(julia_check PRIVATE mpit_core)
mpit_warnings(julia_check)

# The escape loop's versions (AVX-512, AVX2, SSE2 or NEON, and plain C): each one this CPU has
# must give the tutorial's pixels, bit for bit, for pictures that reach the corners of the
# loop; and the image check must see a wrong pixel and two swapped rows.
add_executable(julia_kernel_test ${CMAKE_CURRENT_SOURCE_DIR}/julia/julia_kernel_test.c
                                 ${PROJECT_SOURCE_DIR}/examples/julia_kernel.c)
target_include_directories(julia_kernel_test PRIVATE ${PROJECT_SOURCE_DIR}/examples)
mpit_warnings(julia_kernel_test)
add_test(NAME julia_kernel_test
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --expect "^versions tested: .*portable$"
                 --expect "^julia_kernel_test: OK" -- $<TARGET_FILE:julia_kernel_test>)
set_tests_properties(julia_kernel_test PROPERTIES LABELS unit)
mpit_test_timeout(julia_kernel_test 60)
# The same on the Raspberry Pi's instruction sets, under qemu: 32-bit ARM has only the plain
# C version, 64-bit ARM the NEON one too (they need arm-linux-gnueabihf-gcc or
# aarch64-linux-gnu-gcc and qemu-user-static; without them the tests are not registered).
find_program(MPIT_ARM_CC arm-linux-gnueabihf-gcc)
find_program(MPIT_ARM64_CC aarch64-linux-gnu-gcc)
find_program(MPIT_QEMU_ARM qemu-arm-static)
find_program(MPIT_QEMU_ARM64 qemu-aarch64-static)
foreach(arch "armhf;MPIT_ARM_CC;MPIT_QEMU_ARM;portable" "aarch64;MPIT_ARM64_CC;MPIT_QEMU_ARM64;neon portable")
  list(GET arch 0 name)
  list(GET arch 1 cc)
  list(GET arch 2 qemu)
  list(GET arch 3 versions)
  if(${cc} AND ${qemu})
    add_test(NAME julia_kernel_${name}
             COMMAND ${MPIT_BASH} ${MPIT_CHECK} --expect "^versions tested: ${versions}$"
                     --expect "^julia_kernel_test: OK" --
                     ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/julia/kernel-under-qemu ${${cc}}
                     ${${qemu}} ${PROJECT_SOURCE_DIR})
    set_tests_properties(julia_kernel_${name} PROPERTIES LABELS portability)
    mpit_test_timeout(julia_kernel_${name} 250)
  endif()
endforeach()

set(JULIA_REF ${EXPECTED}/julia_640x480.png)
set(JULIA_KNOWN 0,0=254 320,240=231 639,479=254 340,241=1 340,240=168 307,65=83 308,65=186)
string(REPLACE ";" " " JULIA_KNOWN "${JULIA_KNOWN}")
set(JULIA_CHECK "$<TARGET_FILE:julia_check>")
set(JULIA_HEADER "^julia: 640x480 pixels, c = 0\\+0\\.65i, 255 iterations")
set(JULIA_OK "^julia: OK, every row computed once, 16 of 16 rows equal a recomputation, 35045 of 35045 pixels equal their exact mirror pixel, wrote ")
set(JULIA_TIMINGS --expect "^# csv,timer,status,time,sum,start,tag,msg,"
                  --expect "^# csv,640x480 [a-z]+ [0-9]+,ok,[0-9.]+,[0-9.]+,[0-9-]+ [0-9:]+,julia,"
                  --expect "^# csv,Overall time,ok,[0-9.]+,[0-9.]+,[0-9-]+ [0-9:]+,julia,")
# One process (no workers), default output julia.png in the working directory.
add_mpi_test(julia_np1 NP 1 COMMAND julia TIMEOUT 30
             CHECK --expect "${JULIA_HEADER}, dynamic schedule, 0 workers$"
                   --lines 1 "^worker 0: 480 rows in 1 chunk, busy [0-9.]+ s$"
                   --expect "${JULIA_OK}julia\\.png$" ${JULIA_TIMINGS}
                   --then "${JULIA_CHECK} julia.png 640 480 --mirror --same-as ${JULIA_REF} ${JULIA_KNOWN}")
# Dynamic schedule, every rank count and several chunk sizes (1 row; 7, which does not
# divide 480; 100, fewer tasks than workers can share evenly; 400, two tasks for three
# workers, so one of them is told to stop at once).
set(JULIA_IDLE_1 "480 rows in 480 chunks")   # the only worker does everything
set(JULIA_IDLE_7 "[0-9]+ rows in [0-9]+ chunks")
set(JULIA_IDLE_100 "[0-9]+ rows in [12] chunks")
set(JULIA_IDLE_400 "0 rows in 0 chunks")
foreach(run "2;1;j.png" "3;7;j.pgm" "4;100;j.png" "4;400;j.pgm")
  list(GET run 0 np)
  list(GET run 1 chunk)
  list(GET run 2 out)
  math(EXPR workers "${np} - 1")
  set(plural "s")
  if(workers EQUAL 1)
    set(plural "")
  endif()
  add_mpi_test(julia_np${np}_chunk${chunk} NP ${np} COMMAND julia --chunk ${chunk} --output ${out}
               TIMEOUT 30
               CHECK --expect "${JULIA_HEADER}, dynamic schedule, ${workers} worker${plural}$"
                     --lines ${workers} "^worker [1-9]: [0-9]+ rows in [0-9]+ chunks?, busy [0-9.]+ s$"
                     --expect "^computed 480 rows in [0-9.]+ s, chunks of ${chunk} rows$"
                     --expect "${JULIA_OK}${out}$" ${JULIA_TIMINGS}
                     --expect "^worker [1-9]: ${JULIA_IDLE_${chunk}}"
                     --then "${JULIA_CHECK} ${out} 640 480 --same-as ${JULIA_REF}")
endforeach()
# Static schedule: one block of 160 rows per worker; same image.
add_mpi_test(julia_static_np4 NP 4 COMMAND julia --schedule static --palette grey --output j.png
             TIMEOUT 30
             CHECK --expect "${JULIA_HEADER}, static schedule, 3 workers$"
                   --lines 3 "^worker [1-3]: 160 rows in 1 chunk, busy [0-9.]+ s$"
                   --expect "chunks of 160 rows$"
                   --then "${JULIA_CHECK} j.png 640 480 --mirror --same-as ${JULIA_REF} ${JULIA_KNOWN}")
# Bigger image (default chunk: 16 x --scale rows) and other parameters: no reference, but
# the checks that hold for any c.
add_mpi_test(julia_scale2 NP 3 COMMAND julia --scale 2 --output j.pgm TIMEOUT 30
             CHECK --expect "^julia: 1280x960 pixels"
                   --expect "^computed 960 rows in [0-9.]+ s, chunks of 32 rows$"
                   --expect "^julia: OK, every row computed once, 16 of 16 rows equal a recomputation, 142457 of 142457 pixels equal their exact mirror"
                   --then "${JULIA_CHECK} j.pgm 1280 960 --mirror 0,0=254 1279,959=254")
add_mpi_test(julia_options NP 2 COMMAND julia --width 300 --height 200 --c-re -0.8 --c-im 0.156
                 --iterations 60 --chunk 3 --output j.pgm TIMEOUT 30
             CHECK --expect "^julia: 300x200 pixels, c = -0\\.8\\+0\\.156i, 60 iterations"
                   --expect "^julia: OK, every row computed once"
                   --then "${JULIA_CHECK} j.pgm 300 200 --max 60 --mirror --recompute -0.8,0.156,60,1,0,0")

# Every size the options accept: 1x1, odd sizes, fewer rows or columns than ranks, sizes
# without any exact mirror pixel pair (3x3, 7x5, 5x480, 33x17), a chunk larger than the
# image, more workers than rows with the static schedule. Each image is checked pixel by
# pixel against the tutorial's loop.
foreach(run "1x1;4;" "3x3;4;" "7x5;3;" "5x480;2;" "33x17;4;--schedule;static"
            "2x3;4;--chunk;262144" "640x3;5;--schedule;static")
  list(POP_FRONT run size np)
  string(REPLACE "x" ";" wh ${size})
  list(GET wh 0 w)
  list(GET wh 1 h)
  add_mpi_test(julia_size_${size} NP ${np} COMMAND julia --width ${w} --height ${h} ${run}
                   --output s.pgm TIMEOUT 30
               CHECK --expect "^julia: ${size} pixels, "
                     --expect "^julia: OK, every row computed once, ([0-9]+) of \\1 rows equal a recomputation, (no pixel has an exact mirror pixel|([0-9]+) of \\3 pixels equal their exact mirror pixel), wrote s\\.pgm$"
                     --then "${JULIA_CHECK} s.pgm ${w} ${h} --recompute 0,0.65,255,1,0,0")
endforeach()
# A worker's memory follows its tasks, not --chunk: a 262144x32 image with --chunk 65536
# is one task of 32 rows (8 MiB), where buffers of --chunk rows would be 2 x 16 GiB. Run
# within 1 GiB of address space per rank, as on a small Raspberry Pi (not under the
# sanitizers, which reserve far more address space for themselves).
if(NOT MPIT_SANITIZE)
  add_mpi_test(julia_memory NP 2 COMMAND julia --width 16384 --height 2 --scale 16 --chunk 65536
                   --output m.pgm TIMEOUT 60
               LAUNCHER ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/julia/with-memory-limit 1048576
               CHECK --expect "^julia: 262144x32 pixels"
                     --expect "^worker 1: 32 rows in 1 chunk, busy [0-9.]+ s$"
                     --expect "^julia: OK, every row computed once, 16 of 16 rows equal a recomputation")
endif()
# A part of the picture (--zoom, --center-im): the lower half of the set at the top, where
# rows cost many times more than at the bottom (the schedule lesson of docs/06). No exact
# mirror pixel there; the pixels are checked against the tutorial's loop instead.
foreach(schedule dynamic static)
  add_mpi_test(julia_zoom_${schedule} NP 3 COMMAND julia --scale 2 --zoom 2 --center-im -1
                   --schedule ${schedule} --output z.pgm TIMEOUT 30
               CHECK --expect "^julia: 1280x960 pixels, c = 0\\+0\\.65i, 255 iterations, ${schedule} schedule, 2 workers$"
                     --lines 2 "^worker [12]: [0-9]+ rows in [0-9]+ chunks?, busy [0-9.]+ s$"
                     --expect "^# csv,1280x960 ${schedule} 2,ok,"
                     --expect "^julia: OK, every row computed once, 16 of 16 rows equal a recomputation, no pixel has an exact mirror pixel, wrote z\\.pgm$"
                     --then "${JULIA_CHECK} z.pgm 1280 960 --recompute 0,0.65,255,2,0,-1")
endforeach()

# julia_check must see a broken image: one pixel of an exact mirror pair changed (pixel
# (16, 12) of a 64x48 image, byte 13 + 12*64 + 16 = 797 of the PGM, holds 247), a wrong
# known pixel, a picture that differs in that one pixel. And the committed figure (a colour
# PNG) holds the reference's levels exactly.
add_mpi_test(julia_check_catches NP 1 COMMAND julia --width 64 --height 48 --output a.pgm TIMEOUT 30
             CHECK --expect "^julia: OK, every row computed once, 16 of 16 rows equal a recomputation, 2961 of 2961 pixels equal"
                   --then "${JULIA_CHECK} a.pgm 64 48 --mirror 16,12=247"
                   --then "cp a.pgm b.pgm && printf '\\007' | dd of=b.pgm bs=1 seek=797 conv=notrunc 2>/dev/null && ! ${JULIA_CHECK} b.pgm 64 48 --mirror"
                   --then "! ${JULIA_CHECK} b.pgm 64 48 --recompute 0,0.65,255,1,0,0"
                   --then "! ${JULIA_CHECK} a.pgm 64 48 16,12=246"
                   --then "! ${JULIA_CHECK} a.pgm 64 48 --same-as b.pgm"
                   --then "${JULIA_CHECK} ${JULIA_REF} 640 480 --same-as ${PROJECT_SOURCE_DIR}/docs/img/julia.png")

if(MPIT_MPI_FLAVOUR STREQUAL "mpich")
  # See tests/spawn_manager.cmake: this MPICH cannot spawn; the failure must be one clean line.
  add_bad_input_test(julia_spawn2 NP 1 COMMAND julia --spawn 2 --output j.png
                     STDERR "^julia: this MPI could not spawn 2 workers \\(" NO_FILE j.png)
else()
  add_mpi_test(julia_spawn2 NP 1 PROCESSORS 3 COMMAND julia --spawn 2 --chunk 5 --output j.png
               TIMEOUT 30
               CHECK --expect "${JULIA_HEADER}, dynamic schedule, spawned 2 workers$"
                     --lines 2 "^worker [12]: [0-9]+ rows in [0-9]+ chunks, busy [0-9.]+ s$"
                     --expect "${JULIA_OK}j\\.png$"
                     --then "${JULIA_CHECK} j.png 640 480 --same-as ${JULIA_REF}")
  # More workers than free slots, without --oversubscribe (see spawn_no_slots): one line,
  # exit 2, no image - not the hang Open MPI's mpiexec would otherwise fall into.
  set(_julia_saved_preflags ${MPIT_TEST_PREFLAGS})
  list(REMOVE_ITEM MPIT_TEST_PREFLAGS --oversubscribe)
  add_bad_input_test(julia_spawn_no_slots NP 1 COMMAND julia --spawn 256 --output j.png
                     ENV OMPI_MCA_rmaps_base_oversubscribe=0 NO_FILE j.png
                     STDERR "^julia: no free slots for 256 workers \\(MPI has [0-9]+ slots?, 1 in use\\). run mpiexec with --oversubscribe")
  set(MPIT_TEST_PREFLAGS ${_julia_saved_preflags})
endif()

add_bad_input_test(julia_bad_format NP 2 COMMAND julia --output j.jpg
                   STDERR "^julia: cannot write 'j\\.jpg': name a \\.png or \\.pgm file with --output$"
                   NO_FILE j.jpg)
add_bad_input_test(julia_spawn_many_ranks NP 2 COMMAND julia --spawn 2
                   STDERR "^julia: --spawn starts its own workers: run it as one process: mpiexec -n 1 \\./julia --spawn 2$")

add_bad_input_test(julia_too_large NP 2 COMMAND julia --width 16384 --height 16384 --scale 2
                   STDERR "^julia: 32768x32768 pixels is too large \\(at most 2\\^28\\). use a smaller --scale$")

add_bad_input_matrix(julia NP 2 INT_FLAG --scale=1..16 --chunk=1..262144 --width=1..16384
                     REAL_FLAG --zoom CHOICE_FLAG --schedule OUTPUT_FLAG --output
                     OUTPUT_FILE julia.png)
add_valgrind_test(julia ARGS --width 64 --height 48 --output valgrind.png)
# A worker killed mid-farm must end the job. The run must last: an image 16 times the size,
# every pixel inside the set (c = 0, zoomed into the disc), so each takes all 254 steps.
add_kill_test(kill_julia_np2 NP 2 COMMAND julia --scale 16 --c-im 0 --zoom 4 --output kill.png)
# Interrupted while the image is written (5120x3840 pixels): nothing left behind, an
# earlier image untouched (common/atomicfile.h).
foreach(signal INT KILL)
  add_interrupt_test(interrupt_julia_${signal} NP 2 SIGNAL ${signal} KEEP julia.png
                     COMMAND julia --scale 8)
endforeach()
