/* darts.c - pi's kernel with the changes of exercises 3 and 4 (docs/answers/10).
 *
 *   mpicc -O2 -I../../common darts.c -o darts
 *   mpiexec -n 2 ./darts MODE DARTS SEED
 *
 * MODE integer     pi's own kernel: dart n is draw n of one stream, rng_key(seed, 0); a rank
 *                  takes a block of dart numbers; the integer test x*x + y*y < 2^64
 *      double      the same darts, tested in doubles: x*x + y*y < 1.0
 *      own-stream  every rank its own stream, rng_key(seed, rank), drawn from 0
 * Prints the estimate, its error in units of sigma, and the time of the slowest rank. With
 * MODE integer the estimate is the one ./pi prints for the same darts and seed.
 */
#define _XOPEN_SOURCE 700 /* M_PI */
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* Both kernels loop over blocks of a fixed length, as pi's does, so that the compiler can
 * vectorise them the same way; only the test differs. */
enum { BLOCK = 64 };

static inline uint64_t dart_integer(uint64_t key, uint64_t n)
{
    uint64_t bits = rng_at(key, n), x = bits >> 32, y = bits & 0xffffffffu;
    uint64_t xx = x * x, sum = xx + y * y;
    return sum >= xx; /* no wrap-round: x*x + y*y < 2^64 */
}

static inline uint64_t dart_double(uint64_t key, uint64_t n)
{
    uint64_t bits = rng_at(key, n);
    double x = (double)(bits >> 32) * 0x1p-32, y = (double)(bits & 0xffffffffu) * 0x1p-32;
    return x * x + y * y < 1.0;
}

static uint64_t inside_integer(uint64_t key, uint64_t first, uint64_t n)
{
    uint64_t inside = 0, i = 0;
    for (; i + BLOCK <= n; i += BLOCK)
        for (uint64_t j = 0; j < BLOCK; j++)
            inside += dart_integer(key, first + i + j);
    for (; i < n; i++)
        inside += dart_integer(key, first + i);
    return inside;
}

static uint64_t inside_double(uint64_t key, uint64_t first, uint64_t n)
{
    uint64_t inside = 0, i = 0;
    for (; i + BLOCK <= n; i += BLOCK)
        for (uint64_t j = 0; j < BLOCK; j++)
            inside += dart_double(key, first + i + j);
    for (; i < n; i++)
        inside += dart_double(key, first + i);
    return inside;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    char *end1 = NULL, *end2 = NULL;
    const char *mode = argc == 4 ? argv[1] : "";
    double d = argc == 4 ? strtod(argv[2], &end1) : 0;
    long long seed = argc == 4 ? strtoll(argv[3], &end2, 10) : -1;
    int known = !strcmp(mode, "integer") || !strcmp(mode, "double") || !strcmp(mode, "own-stream");
    if (!known || *end1 != '\0' || *end2 != '\0' || d < 1 || d > 1e13 || d != floor(d) ||
        seed < 0) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n N ./darts integer|double|own-stream DARTS SEED\n");
        MPI_Finalize();
        return 2;
    }
    uint64_t darts = (uint64_t)d;
    uint64_t share = darts / (uint64_t)world_size, extra = darts % (uint64_t)world_size;
    uint64_t r = (uint64_t)world_rank, mine = share + (r < extra);
    uint64_t first = r * share + (r < extra ? r : extra);

    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    uint64_t inside;
    if (!strcmp(mode, "integer"))
        inside = inside_integer(rng_key((uint64_t)seed, 0), first, mine);
    else if (!strcmp(mode, "double"))
        inside = inside_double(rng_key((uint64_t)seed, 0), first, mine);
    else /* own-stream: the rank's own stream, from its draw 0 */
        inside = inside_integer(rng_key((uint64_t)seed, r), 0, mine);
    double seconds = MPI_Wtime() - t0, slowest;
    uint64_t total;
    MPI_Reduce(&inside, &total, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (world_rank == 0) {
        double p = M_PI / 4, pi = 4.0 * (double)total / (double)darts;
        double sigma = 4.0 * sqrt(p * (1 - p) / (double)darts);
        printf("%s, %.0f darts on %d process%s, seed %lld: %llu inside, pi ~ %.9f "
               "(%+.2f sigma)\n",
               mode, (double)darts, world_size, world_size == 1 ? "" : "es", seed,
               (unsigned long long)total, pi, (pi - M_PI) / sigma);
        printf("%s: time %.3f s\n", mode, slowest);
    }
    MPI_Finalize();
    return 0;
}
