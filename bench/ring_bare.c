/* ring_bare.c - the baseline for bench/ring.bench: the same ring as examples/ring.c with
 * nothing but MPI_Send/MPI_Recv of one int64 (no options library, no checks, no timers).
 *
 *   mpiexec -n 2 ./ring_bare LAPS     prints "ring_bare: H hops, X us per hop"
 */
#include <inttypes.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long laps = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int64_t token = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (long lap = 0; lap < laps; lap++) {
        if (rank == 0) {
            token++;
            MPI_Send(&token, 1, MPI_INT64_T, right, 1, MPI_COMM_WORLD);
            MPI_Recv(&token, 1, MPI_INT64_T, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(&token, 1, MPI_INT64_T, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            token++;
            MPI_Send(&token, 1, MPI_INT64_T, right, 1, MPI_COMM_WORLD);
        }
    }
    double seconds = MPI_Wtime() - t0;
    if (rank == 0)
        printf("ring_bare: %ld hops, %.4f us per hop, token %" PRId64 "\n", laps * size,
               1e6 * seconds / (double)(laps * size), token);
    MPI_Finalize();
    return 0;
}
