/* isend_irecv.c - non-blocking point-to-point: start a transfer, do other work, then wait.
 *
 *   mpiexec -n 4 ./isend_irecv [--count 3]
 *
 * Part 1 (the tutorial's example): rank 0 sends the number 42 to rank 1 with MPI_Isend,
 * rank 1 receives it with MPI_Irecv; each then completes its request with MPI_Wait.
 * Until MPI_Wait returns, neither may touch its buffer: the transfer may still be running.
 *
 * Part 2 (why non-blocking matters): every rank sends `count` copies of its rank number to
 * its right-hand neighbour and receives from its left-hand one, all at once. With blocking
 * MPI_Send on every rank first, large messages would deadlock (everybody waits for a
 * receiver that is itself stuck sending); posting MPI_Irecv and MPI_Isend and then one
 * MPI_Waitall cannot deadlock, whatever the message size.
 *
 *   $ mpiexec -n 4 ./isend_irecv
 *   process 1: after isend/irecv the value is 42
 *   process 1: from left neighbour 0 received [0 0 0]
 *   ...
 *   isend_irecv: OK, rank 1 got 42 and all 4 ranks got their neighbour's 3 values
 */
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "mpit.h"

enum { TAG_VALUE = 1, TAG_NEIGHBOUR = 2 };

int main(int argc, char **argv)
{
    int count = 3;
    /* clang-format off */
    cli_option options[] = {
        {.name = "count", .short_name = 'c', .type = CLI_INT, .value = &count, .min = 1,
         .max = 1000000, .metavar = "N", .help = "values each rank sends to its neighbour"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "isend_irecv",
                     .purpose =
                         "non-blocking send and receive, completed with MPI_Wait/MPI_Waitall",
                     .usage = "mpiexec -n N ./isend_irecv [--count N]   (N >= 2)",
                     .options = options};
    /* Join the job: the rank picks the role in part 1 and the neighbours in part 2. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_ranks(2, 0);

    /* Part 1: one value from rank 0 to rank 1. */
    int value = -1; /* -1: "nothing received", as the tutorial's None */
    MPI_Request request;
    if (world_rank == 0) {
        int answer = 42;
        /* Start the send and get a request handle back at once. */
        MPIT_CHECK(MPI_Isend(&answer, 1, MPI_INT, 1, TAG_VALUE, MPI_COMM_WORLD, &request));
        /* `answer` must stay untouched until the send is complete: wait for it. */
        MPIT_CHECK(MPI_Wait(&request, MPI_STATUS_IGNORE));
    } else if (world_rank == 1) {
        MPIT_CHECK(MPI_Irecv(&value, 1, MPI_INT, 0, TAG_VALUE, MPI_COMM_WORLD, &request));
        /* Here a real program would compute while the message travels. */
        MPIT_CHECK(MPI_Wait(&request, MPI_STATUS_IGNORE));
    }
    if (value < 0)
        printf("process %d: after isend/irecv the value is none\n", world_rank);
    else
        printf("process %d: after isend/irecv the value is %d\n", world_rank, value);

    /* Part 2: everybody sends right and receives from the left at the same time. */
    int right = (world_rank + 1) % world_size;
    int left = (world_rank - 1 + world_size) % world_size;
    int *outgoing = mpit_xmalloc((size_t)count * sizeof *outgoing);
    int *incoming = mpit_xmalloc((size_t)count * sizeof *incoming);
    for (int i = 0; i < count; i++) {
        outgoing[i] = world_rank;
        incoming[i] = -1;
    }
    MPI_Request requests[2];
    /* Post the receive first, so a matching message can land straight in `incoming`. */
    MPIT_CHECK(
        MPI_Irecv(incoming, count, MPI_INT, left, TAG_NEIGHBOUR, MPI_COMM_WORLD, &requests[0]));
    MPIT_CHECK(
        MPI_Isend(outgoing, count, MPI_INT, right, TAG_NEIGHBOUR, MPI_COMM_WORLD, &requests[1]));
    /* One call completes both; neither buffer may be used before it returns. (A real status
     * array rather than MPI_STATUSES_IGNORE: gcc 12 misreads MPICH's definition of it.) */
    MPI_Status statuses[2];
    MPIT_CHECK(MPI_Waitall(2, requests, statuses));

    bool ok = world_rank != 1 || value == 42;
    for (int i = 0; i < count; i++)
        ok = ok && incoming[i] == left;
    char list[256];
    printf("process %d: from left neighbour %d received %s\n", world_rank, left,
           format_ints(list, sizeof list, incoming, count, " ", 16));
    free(outgoing);
    free(incoming);
    int status = mpit_verdict(ok, "rank 1 got 42 and all %d ranks got their neighbour's %d values",
                              world_size, count);
    MPI_Finalize();
    return status;
}
