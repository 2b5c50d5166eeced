# Tests for connectivity (docs/02-hosts-and-rankfiles.md) on one machine; scripts/cluster-check
# runs it across hosts (tests/cluster_check.cmake).
# Deadlines of several seconds: on a busy machine a healthy pair may take that long to answer.
add_mpi_test(connectivity_np2 NP 2 COMMAND connectivity --timeout 30
             CHECK --stdout-lines 1
                   --expect "^connectivity: OK, all 1 pairs of 2 processes on 1 host exchanged a message$")
add_mpi_test(connectivity_np4 NP 4 COMMAND connectivity --timeout 30
             CHECK --stdout-lines 1
                   --expect "^connectivity: OK, all 6 pairs of 4 processes on 1 host exchanged a message$")
# Rank 2 takes no part: its three pairs are named within the deadline, the others are not.
# The deadline is longer than the 2 s MPI_Finalize is given after the rounds: the silent
# rank, done at once, must still wait in MPI_Finalize for the others (had it left, Open MPI
# would end the job before rank 0 printed anything), and no rank prints the note of a
# MPI_Finalize that did not return.
add_mpi_test(connectivity_silent_rank NP 4 COMMAND connectivity --timeout 5 --silent-rank 2
             CHECK --exit 1 --stdout-lines 4
                   --lines 3 "^rank [0-3] \\(.+\\) <-> rank [0-3] \\(.+\\): no answer within 5 s$"
                   --expect "^rank 0 \\(.+\\) <-> rank 2 \\(.+\\): no answer"
                   --expect "^rank 1 \\(.+\\) <-> rank 2 \\(.+\\): no answer"
                   --expect "^rank 2 \\(.+\\) <-> rank 3 \\(.+\\): no answer"
                   --expect "^connectivity: FAILED, 3 of 6 pairs of 4 processes on 1 host had no answer within 5 s$"
                   --reject "MPI_Finalize did not return"
             TIMEOUT 40)
add_bad_input_test(connectivity_silent_out_of_range NP 2 COMMAND connectivity --silent-rank 5
                   STDERR "^connectivity: --silent-rank 5 is not a rank of this 2-process job. use 0\\.\\.1$")

add_bad_input_matrix(connectivity NP 2 MIN_RANKS 2 REAL_FLAG --timeout=0.1..3600)
add_valgrind_test(connectivity ARGS --timeout 60)
# With one rank silent and an hour's deadline the others wait (polling, not blocked in MPI):
# a rank killed meanwhile must still end the job.
add_kill_test(kill_connectivity_np3 NP 3 COMMAND connectivity --timeout 3600 --silent-rank 0)
