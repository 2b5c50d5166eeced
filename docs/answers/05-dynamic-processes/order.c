/* order.c - the midpoint rule for pi with the intervals dealt round-robin, as spawn_worker
 * does, and in contiguous blocks: the same sum added in another order (docs/answers/05).
 *
 *   mpicc order.c -o order
 *   mpiexec -n 4 ./order INTERVALS
 *
 * Every rank adds up its share of 4/(1+x^2) at the midpoints, both ways; rank 0 adds the
 * shares. Prints pi both ways with 16 digits and the difference.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    char *end = NULL;
    long long n = argc == 2 ? strtoll(argv[1], &end, 10) : 0;
    if (argc != 2 || *end != '\0' || n < 1 || n > 10000000000LL) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n N ./order INTERVALS (1..10000000000)\n");
        MPI_Finalize();
        return 2;
    }
    double h = 1.0 / (double)n, sums[2] = {0.0, 0.0};
    /* round-robin: i = rank, rank + W, rank + 2W, ... */
    for (long long i = world_rank; i < n; i += world_size) {
        double x = h * ((double)i + 0.5);
        sums[0] += 4.0 / (1.0 + x * x);
    }
    /* blocks: rank r takes [first, first + mine), the first n % W ranks one more */
    long long share = n / world_size, extra = n % world_size;
    long long mine = share + (world_rank < extra),
              first = world_rank * share + (world_rank < extra ? world_rank : extra);
    for (long long i = first; i < first + mine; i++) {
        double x = h * ((double)i + 0.5);
        sums[1] += 4.0 / (1.0 + x * x);
    }
    /* The shares are added at rank 0 in rank order, not by MPI_Reduce, whose order of
     * additions is the library's choice: so only the split differs between the two. */
    double parts[2] = {sums[0] * h, sums[1] * h}, pi[2] = {0.0, 0.0};
    double *all = world_rank == 0 ? malloc(2 * (size_t)world_size * sizeof *all) : NULL;
    MPI_Gather(parts, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (world_rank == 0) {
        for (int r = 0; r < world_size; r++) {
            pi[0] += all[2 * r];
            pi[1] += all[2 * r + 1];
        }
        free(all);
        printf("%lld intervals on %d ranks\n", n, world_size);
        printf("round-robin: pi is about %.16f\n", pi[0]);
        printf("blocks:      pi is about %.16f\n", pi[1]);
        printf("difference:  %.3e\n", pi[1] - pi[0]);
    }
    MPI_Finalize();
    return 0;
}
