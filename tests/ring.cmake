# Tests for ring (docs/08-ring.md). ring checks the token on every hop itself; these tests
# check what it prints.

# np 1, 2, 4: the final token is start + count * N, the csv line and the time per hop are there.
# (100 laps: when the ranks share a busy core, every hop waits for the next rank's turn.)
set(laps 100)
foreach(np 1 2 4)
  math(EXPR final "${laps} * ${np}")
  add_mpi_test(ring_np${np} NP ${np} COMMAND ring --count ${laps}
               CHECK --expect "^Final token at process 0: ${final} \\(expected 0 \\+ ${laps} laps x ${np} hops = ${final}\\)$"
                     --expect "^ring: ${final} hops of 8 bytes, [0-9.]+ us per hop$"
                     --expect "^# csv,ring ${np} ${laps},ok,[0-9.]+,"
                     --expect "^ring: OK, the token went round ${np} process(es)? ${laps} times and came back as ${final}$"
               TIMEOUT 30)
endforeach()

# --debug: one line per hop from the rank that sent it; on lap l rank r sends start+(l-1)N+r+1.
add_mpi_test(ring_debug_np4 NP 4 COMMAND ring --count 3 --debug --start 10
             CHECK --lines 12 "^process [0-3]: lap [1-3], sent [0-9]+ to process [0-3]$"
                   --expect "^process 0: lap 1, sent 11 to process 1$"
                   --expect "^process 2: lap 2, sent 17 to process 3$"
                   --expect "^process 3: lap 3, sent 22 to process 0$"
                   --expect "^Final token at process 0: 22 "
                   --expect "^ring: OK, "
             TIMEOUT 30)
# One process is its own neighbour (MPI_Sendrecv_replace, no reliance on buffering).
add_mpi_test(ring_debug_np1 NP 1 COMMAND ring --count 3 --debug
             CHECK --lines 3 "^process 0: lap [1-3], sent [1-3] to process 0$"
                   --expect "^Final token at process 0: 3 " --expect "^ring: OK, " TIMEOUT 30)
# A 1 MB payload goes round and must come back unchanged; the bandwidth is printed.
add_mpi_test(ring_bytes NP 2 COMMAND ring --count 20 --bytes 1000000
             CHECK --expect "^ring: 40 hops of 1000000 bytes, [0-9.]+ us per hop, [0-9.]+ MB/s$"
                   --expect "^ring: OK, the token went round 2 processes 20 times and came back as 40$"
             TIMEOUT 30)
# COUNT from the environment; a flag would win.
add_mpi_test(ring_env NP 2 COMMAND ring ENV COUNT=7
             CHECK --expect "^Final token at process 0: 14 " --expect "^ring: OK, " TIMEOUT 30)

# Bad input the matrix does not try: a count above the range written with an exponent, a
# size between 0 and the minimum, and a bad value from the environment.
add_bad_input_test(ring_count_overflow NP 2 COMMAND ring --count 1e10
                   STDERR "^ring: --count expects a whole number from 1 to 1000000000, got '1e10'")
add_bad_input_test(ring_bytes_small NP 2 COMMAND ring --bytes 4
                   STDERR "^ring: --bytes expects a whole number from 8 to [0-9]+, got '4'")
add_bad_input_test(ring_env_bad NP 2 COMMAND ring ENV COUNT=-3
                   STDERR "^ring: COUNT \\(environment\\) expects a whole number from 1 to 1000000000, got '-3'")

add_bad_input_matrix(ring NP 2 INT_FLAG --count=1..1000000000 --bytes=8..268435456)
add_valgrind_test(ring ARGS --count 100)
# A rank of a ring that would run for hours is SIGKILLed: the job must end within seconds.
add_kill_test(kill_ring_np4 NP 4 COMMAND ring --count 1e9)
