/* bcast_by_hand.c - the broadcast written as a loop of MPI_Send, timed against MPI_Bcast
 * (docs/answers/04).
 *
 *   mpicc -O2 bcast_by_hand.c -o bcast_by_hand
 *   mpiexec -n 8 ./bcast_by_hand 10000000
 *
 * Broadcasts LENGTH ints from rank 0, three times each way, alternating, and prints the
 * best time of each: the loop (rank 0 sends to rank 1, then 2, ... in turn) and MPI_Bcast.
 * Checks that every rank received the array both ways.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static void bcast_loop(int *data, int length, int world_rank, int world_size)
{
    if (world_rank == 0) {
        /* The root sends the whole array size-1 times, one receiver after the other. */
        for (int r = 1; r < world_size; r++)
            MPI_Send(data, length, MPI_INT, r, 0, MPI_COMM_WORLD);
    } else {
        MPI_Recv(data, length, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}

static int check(const int *data, int length)
{
    int ok = 1;
    for (int i = 0; i < length; i++)
        ok = ok && data[i] == i;
    return ok;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    char *end = NULL;
    long length = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || *end != '\0' || length < 1 || length > 100000000) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n N ./bcast_by_hand LENGTH (1..100000000)\n");
        MPI_Finalize();
        return 2;
    }
    int *data = malloc((size_t)length * sizeof *data);
    if (!data)
        MPI_Abort(MPI_COMM_WORLD, 3);

    double best_loop = 1e30, best_bcast = 1e30;
    int ok = 1;
    for (int round = 0; round < 3; round++) {
        for (int way = 0; way < 2; way++) {
            for (long i = 0; i < length; i++)
                data[i] = world_rank == 0 ? (int)i : -1;
            /* Line everybody up first, so the clock measures the broadcast only. */
            MPI_Barrier(MPI_COMM_WORLD);
            double t0 = MPI_Wtime();
            if (way == 0)
                bcast_loop(data, (int)length, world_rank, world_size);
            else
                MPI_Bcast(data, (int)length, MPI_INT, 0, MPI_COMM_WORLD);
            /* Done when the last rank has its copy: wait for everybody again. */
            MPI_Barrier(MPI_COMM_WORLD);
            double t = MPI_Wtime() - t0;
            if (way == 0 && t < best_loop)
                best_loop = t;
            if (way == 1 && t < best_bcast)
                best_bcast = t;
            ok = ok && check(data, (int)length);
        }
    }
    int all_ok;
    MPI_Reduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, 0, MPI_COMM_WORLD);
    if (world_rank == 0) {
        printf("%d ranks, %ld ints (%.1f MB), best of 3:\n", world_size, length,
               (double)length * sizeof(int) / 1e6);
        printf("  loop of MPI_Send: %.3f s\n", best_loop);
        printf("  MPI_Bcast:        %.3f s\n", best_bcast);
        printf("bcast_by_hand: %s, every rank received the array both ways\n",
               all_ok ? "OK" : "FAILED");
    }
    free(data);
    MPI_Finalize();
    return 0;
}
