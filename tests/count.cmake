# Tests for count (docs/09-counting-numbers.md). tests/count/recount.awk recounts the
# printed numbers serially and checks every rank's count, rank 0's gathered list and total.
set(RC ${CMAKE_CURRENT_SOURCE_DIR}/count/recount.awk)

# A fixed seed gives exactly the same numbers every time, on any MPI: the expected file.
add_mpi_test(count_seed42_np4 NP 4 COMMAND count --seed 42
             CHECK --expect-file ${EXPECTED}/count.seed42.np4.out
                   --then "awk -v np=4 -v n=20 -v max=10 -v find=8 -f ${RC} \"$CHECK_STDOUT\""
             TIMEOUT 30)
# The tutorial's environment variables N, MAX, FIND.
add_mpi_test(count_env NP 3 COMMAND count --seed 5 ENV N=50 MAX=4 FIND=3
             CHECK --lines 3 "^[0-2] [0-9]+ \\[([1-4], ){49}[1-4]\\]$"
                   --expect "^Total number of 3's: [0-9]+$" --expect "^count: OK, [0-9]+ of 150 numbers are 3 "
                   --then "awk -v np=3 -v n=50 -v max=4 -v find=3 -f ${RC} \"$CHECK_STDOUT\""
             TIMEOUT 30)
# Flags win over the environment.
add_mpi_test(count_flags_win NP 2 COMMAND count --seed 9 --n 30 --max 6 --find 6 ENV N=5 MAX=100 FIND=1
             CHECK --then "awk -v np=2 -v n=30 -v max=6 -v find=6 -f ${RC} \"$CHECK_STDOUT\""
             TIMEOUT 30)
# One rank, and a random seed from the clock (printed, so the run can be repeated).
add_mpi_test(count_np1 NP 1 COMMAND count
             CHECK --expect "^seed [0-9]+: 1 rank draws 20 numbers"
                   --then "awk -v np=1 -v n=20 -v max=10 -v find=8 -f ${RC} \"$CHECK_STDOUT\""
             TIMEOUT 30)

# Bad input the matrix does not try: a --find that can never occur, --max 0 and --n -5
# (the matrix gives zero and negative values to other flags), a bad --seed, and a bad value
# from the environment.
add_bad_input_test(count_find_too_big NP 2 COMMAND count --find 11
                   STDERR "^count: --find is 11, which can never occur in numbers from 1 to 10. use 1\\.\\.10 or a larger --max$")
# The same mistake made through the environment is named as the user made it.
add_bad_input_test(count_find_too_big_env NP 2 COMMAND count ENV FIND=11 MAX=5
                   STDERR "^count: FIND \\(environment\\) is 11, which can never occur in numbers from 1 to 5. use 1\\.\\.5 or a larger MAX \\(environment\\)$")
add_bad_input_test(count_max_zero NP 2 COMMAND count --max 0
                   STDERR "^count: --max expects a whole number from 1 to 1000000000, got '0'")
add_bad_input_test(count_negative NP 2 COMMAND count --n -5 STDERR "^count: --n expects .*, got '-5'")
add_bad_input_test(count_seed_text NP 1 COMMAND count --seed x1
                   STDERR "^count: --seed expects a whole number from -1 to [0-9]+, got 'x1'")
add_bad_input_test(count_env_text NP 2 COMMAND count ENV N=twenty
                   STDERR "^count: N \\(environment\\) expects a whole number .*, got 'twenty'")

add_bad_input_matrix(count NP 2 INT_FLAG --n=1..100000000 --max=1..1000000000 --find=1..1000000000)
add_valgrind_test(count ARGS --seed 1)
mpit_coverage_exemption(count KILL "ends within a second: no run to kill a rank of")
