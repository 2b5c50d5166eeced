/* exchange.c - part 2 of isend_irecv with blocking calls, three ways (docs/answers/03).
 *
 *   mpicc exchange.c -o exchange
 *   mpiexec -n 4 ./exchange ORDER COUNT
 *
 * Every rank sends COUNT copies of its rank number to its right-hand neighbour and receives
 * COUNT values from its left-hand one. ORDER says how:
 *   send-first  every rank MPI_Send, then MPI_Recv: works only while MPI copies the message
 *               aside (small COUNT); for a large one every rank waits in MPI_Send for a
 *               receiver that is itself waiting in MPI_Send: a deadlock
 *   even-odd    even ranks send first, odd ranks receive first: no deadlock at any size
 *   sendrecv    MPI_Sendrecv: both halves in one call, which MPI completes without deadlock
 * Ends with "exchange: OK, ..." when every rank got its left neighbour's values.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TAG_NEIGHBOUR = 2 };

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);

    char *end = NULL;
    long count = argc == 3 ? strtol(argv[2], &end, 10) : 0;
    const char *order = argc == 3 ? argv[1] : "";
    int known =
        !strcmp(order, "send-first") || !strcmp(order, "even-odd") || !strcmp(order, "sendrecv");
    if (!known || end == argv[2] || *end != '\0' || count < 1 || count > 10000000) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n N ./exchange send-first|even-odd|sendrecv "
                            "COUNT (COUNT 1..10000000)\n");
        MPI_Finalize();
        return 2;
    }

    int right = (world_rank + 1) % world_size;
    int left = (world_rank - 1 + world_size) % world_size;
    int *outgoing = malloc((size_t)count * sizeof *outgoing);
    int *incoming = malloc((size_t)count * sizeof *incoming);
    if (!outgoing || !incoming)
        MPI_Abort(MPI_COMM_WORLD, 3);
    for (long i = 0; i < count; i++) {
        outgoing[i] = world_rank;
        incoming[i] = -1;
    }

    if (!strcmp(order, "sendrecv")) {
        /* One call posts both halves; MPI pairs them up without anybody waiting first. */
        MPI_Sendrecv(outgoing, (int)count, MPI_INT, right, TAG_NEIGHBOUR, incoming, (int)count,
                     MPI_INT, left, TAG_NEIGHBOUR, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (!strcmp(order, "even-odd") && world_rank % 2 == 1) {
        /* Odd ranks receive first, so every even rank's send finds a receiver waiting. */
        MPI_Recv(incoming, (int)count, MPI_INT, left, TAG_NEIGHBOUR, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        MPI_Send(outgoing, (int)count, MPI_INT, right, TAG_NEIGHBOUR, MPI_COMM_WORLD);
    } else {
        /* send-first on every rank, even-odd on the even ranks: send, then receive. */
        MPI_Send(outgoing, (int)count, MPI_INT, right, TAG_NEIGHBOUR, MPI_COMM_WORLD);
        MPI_Recv(incoming, (int)count, MPI_INT, left, TAG_NEIGHBOUR, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }

    int mine_ok = 1;
    for (long i = 0; i < count; i++)
        mine_ok = mine_ok && incoming[i] == left;
    printf("process %d: from left neighbour %d received %ld values, %s\n", world_rank, left, count,
           mine_ok ? "all right" : "WRONG");
    int all_ok;
    MPI_Reduce(&mine_ok, &all_ok, 1, MPI_INT, MPI_LAND, 0, MPI_COMM_WORLD);
    if (world_rank == 0)
        printf("exchange: %s, %s with %ld values on %d ranks\n", all_ok ? "OK" : "FAILED", order,
               count, world_size);
    free(outgoing);
    free(incoming);
    MPI_Finalize();
    return world_rank == 0 && !all_ok ? 1 : 0;
}
