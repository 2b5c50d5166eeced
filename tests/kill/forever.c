/* forever.c - a test-only program that never ends by itself: each rank passes a number to
 * its right neighbour and takes one from its left, round and round, until killed.
 *
 *   mpiexec -n 4 ./forever
 *
 * tests/kill-rank SIGKILLs one of its ranks mid-run and checks that mpiexec then ends the
 * job with a non-zero status within seconds instead of hanging: the other ranks are blocked
 * in MPI_Sendrecv with a partner that will never answer, and only the MPI runtime can free
 * them. Rank 0 prints one line once the ring is turning, so the test knows it is mid-run.
 */
#include <stdio.h>

#include "mpit.h"

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "forever",
                     .purpose = "pass a number round a ring until killed (for tests/kill-rank)",
                     .usage = "mpiexec -n N ./forever",
                     .options = options};
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec);
    mpit_require_ranks(2, 0);

    int right = (world_rank + 1) % world_size;
    int left = (world_rank + world_size - 1) % world_size;
    long token = world_rank, received = -1;
    for (long turn = 0;; turn++) {
        /* Send and receive in one call: with every rank sending first, plain MPI_Send could
         * deadlock once messages stop fitting MPI's buffers. */
        MPIT_CHECK(MPI_Sendrecv(&token, 1, MPI_LONG, right, 0, &received, 1, MPI_LONG, left, 0,
                                MPI_COMM_WORLD, MPI_STATUS_IGNORE));
        token = received + 1;
        if (turn == 100 && world_rank == 0)
            printf("forever: the ring is turning\n");
    }
}
