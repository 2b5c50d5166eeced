# Tests for probe (docs/18-probe.md): every test of the example, in one place.
# Which worker does which task changes from run to run; what the manager prints does not.
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

foreach(np 2 3 4)
  add_mpi_test(probe_np${np} NP ${np} COMMAND probe CHECK --expect-file ${E}/probe.np${np}.out)
endforeach()
# --trace: one "ready" per worker, then one line per result, each from a worker.
add_mpi_test(probe_trace NP 3 COMMAND probe --trace
             CHECK --lines 2 "^from rank [12]: ready \\(an empty message\\)$"
                   --expect "^from rank [12]: ready" --expect "^from rank 2: ready"
                   --lines 10 "^from rank [12]: the sequence of 2[0-9], [0-9]+ numbers$"
                   --expect "^from rank [12]: the sequence of 27, 112 numbers$"
                   --expect "^probe: OK, 10 sequences of 8 to 112 numbers from 2 workers, each checked$")
# Many tasks: only the summary is printed.
add_mpi_test(probe_many NP 4 COMMAND probe --first 1 --count 10000
             CHECK --stdout-lines 3 --expect "^longest: 6171 \\(261 steps\\)$"
                   --expect "^probe: OK, 10000 sequences of 1 to 262 numbers from 3 workers, each checked$")
# More workers than tasks: the idle ones are stopped at once.
add_mpi_test(probe_idle_workers NP 4 COMMAND probe --first 27 --count 1
             CHECK --expect "^27: 111 steps, highest 9232$"
                   --expect "^probe: OK, 1 sequences of 112 to 112 numbers from 3 workers")

add_bad_input_matrix(probe NP 2 MIN_RANKS 2 INT_FLAG --first --count)
add_bad_input_test(probe_one_rank NP 1 COMMAND probe
                   STDERR "^probe: needs at least 2 processes, got 1. run: mpiexec -n 2 \\./probe$")
add_valgrind_test(probe NP 3 ARGS --count 50)
# A worker killed while the manager waits in MPI_Probe: the job must end, not hang.
add_kill_test(kill_probe_np4 NP 4 COMMAND probe --first 1 --count 1e7)
