/* pingpong_bare.c - the baseline for bench/pingpong.bench: the latency loop of
 * examples/pingpong.c with nothing but MPI_Send/MPI_Recv (no options library, no pattern,
 * no checks).
 *
 *   mpiexec -n 2 ./pingpong_bare SIZE ITERATIONS WARMUP
 *       prints "pingpong_bare: SIZE bytes, X us one way"
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    long size = argc > 1 ? strtol(argv[1], NULL, 10) : 8;
    long iterations = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;
    long warmup = argc > 3 ? strtol(argv[3], NULL, 10) : 100;
    char *send = calloc((size_t)size + 1, 1), *recv = calloc((size_t)size + 1, 1);
    double start = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (long i = 0; i < warmup + iterations; i++) {
        if (i == warmup)
            start = MPI_Wtime();
        if (rank == 0) {
            MPI_Send(send, (int)size, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
            MPI_Recv(recv, (int)size, MPI_BYTE, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
            MPI_Recv(recv, (int)size, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(recv, (int)size, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        }
    }
    double seconds = MPI_Wtime() - start;
    if (rank == 0)
        printf("pingpong_bare: %ld bytes, %.4f us one way\n", size,
               seconds * 1e6 / (2.0 * (double)iterations));
    free(send);
    free(recv);
    MPI_Finalize();
    return 0;
}
