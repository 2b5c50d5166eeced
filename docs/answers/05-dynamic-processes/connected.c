/* connected.c - does MPI_Finalize wait for processes we are still connected to?
 * (docs/answers/05)
 *
 *   mpicc connected.c -o connected
 *   mpiexec -n 1 ./connected keep         never disconnect; worker 0 sleeps 3 s, then finalizes
 *   mpiexec -n 1 ./connected disconnect   both sides MPI_Comm_disconnect first; worker 0
 *                                         sleeps 3 s before its disconnect
 *
 * The manager spawns 2 copies of this program and times its own MPI_Finalize (with the
 * POSIX clock: no MPI call is allowed after MPI_Finalize, MPI_Wtime included) and, in
 * disconnect mode, its MPI_Comm_disconnect. The standard allows MPI_Finalize to wait for
 * connected processes; it does not require it. MPI_Comm_disconnect must wait: it is
 * collective over both sides and completes only when the other side has called it too.
 */
#define _POSIX_C_SOURCE 200809L
#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static const char *waited(double seconds)
{
    return seconds > 1.5 ? "waited for worker 0" : "did not wait for worker 0";
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    const char *mode = argc == 2 ? argv[1] : "";
    int disconnect = strcmp(mode, "disconnect") == 0;
    if (!disconnect && strcmp(mode, "keep") != 0) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n 1 ./connected keep|disconnect\n");
        MPI_Finalize();
        return 2;
    }

    MPI_Comm parent;
    MPI_Comm_get_parent(&parent);
    if (parent == MPI_COMM_NULL) {
        /* The manager: two workers, this very program, from MPI_COMM_SELF. */
        MPI_Comm children;
        char *worker_argv[] = {argv[1], NULL};
        MPI_Comm_spawn(argv[0], worker_argv, 2, MPI_INFO_NULL, 0, MPI_COMM_SELF, &children,
                       MPI_ERRCODES_IGNORE);
        double t0 = now();
        if (disconnect) {
            MPI_Comm_disconnect(&children);
            printf("manager: MPI_Comm_disconnect %s\n", waited(now() - t0));
        }
        t0 = now();
        MPI_Finalize();
        printf("manager: MPI_Finalize %s\n", waited(now() - t0));
        return 0;
    }
    /* A worker: worker 0 is slow to let go. */
    if (world_rank == 0)
        sleep(3);
    if (disconnect)
        MPI_Comm_disconnect(&parent);
    MPI_Finalize();
    return 0;
}
