/* ring_allreduce.c - the hand-written ring allreduce against MPI_Allreduce: same sums?
 * how fast?
 *
 *   mpiexec -n 4 ./ring_allreduce                   (check on many vector lengths)
 *   mpiexec -n 4 ./ring_allreduce --time            (and time both, 8 bytes to 8 MiB)
 *
 * The ring (common/ring_allreduce.h) cuts the vector into one chunk per rank and passes
 * chunks to the right neighbour: p-1 steps that add (reduce-scatter), then p-1 steps that
 * copy (allgather). This program checks it on random vectors of many lengths, including 0,
 * 1 and lengths smaller than the number of ranks (some chunks are then empty):
 *  - whole numbers (sums exact in any order): the ring must equal MPI_Allreduce exactly;
 *  - reals: equal within rounding (the two add in different orders), and bit-identical on
 *    every rank (each chunk is added up once and then only copied).
 * With --time, both are timed over message sizes, interleaved, best of --repeats.
 *
 *   count    4096 (  32768 bytes): MPI_Allreduce 22.0 us, ring 22.1 us
 *   ring_allreduce: OK, equals MPI_Allreduce on 22 lengths from 0 to 100003 at 4 ranks
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpit.h"
#include "ring_allreduce.h"
#include "rng.h"
#include "stopwatch.h"

/* Fill v with rank-specific random numbers: whole numbers in [-1000, 1000] or reals. */
static void fill(double *v, int n, uint64_t seed, int rank, bool whole)
{
    rng_stream r;
    rng_init(&r, seed, (uint64_t)rank);
    for (int i = 0; i < n; i++)
        v[i] = whole ? (double)rng_range(&r, -1000, 1000) : rng_uniform(&r) * 2 - 1;
}

/* Do ring and MPI_Allreduce agree on vectors of length n? */
static bool check_length(int n, uint64_t seed, int world_rank, double *ring, double *mpi)
{
    bool ok = true;
    for (int whole = 1; whole >= 0; whole--) {
        fill(ring, n, seed + (uint64_t)n, world_rank, whole);
        memcpy(mpi, ring, (size_t)n * sizeof *mpi);
        MPIT_CHECK(ring_allreduce_sum(ring, n, MPI_COMM_WORLD));
        MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, mpi, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
        for (int i = 0; i < n; i++)
            ok = ok &&
                 (whole ? ring[i] == mpi[i] : fabs(ring[i] - mpi[i]) <= 1e-12 * (1 + fabs(mpi[i])));
        /* Bit-identical on every rank: rank 0's result, broadcast, must match mine. */
        memcpy(mpi, ring, (size_t)n * sizeof *mpi);
        MPIT_CHECK(MPI_Bcast(mpi, n, MPI_DOUBLE, 0, MPI_COMM_WORLD));
        ok = ok && memcmp(mpi, ring, (size_t)n * sizeof *mpi) == 0;
    }
    if (!ok)
        fprintf(stderr, "ring_allreduce: rank %d: length %d differs\n", world_rank, n);
    return ok;
}

/* Best time in microseconds of MPI_Allreduce (which = 0) and the ring (which = 1) on n
 * doubles, interleaved so both see the same machine load. */
static void time_both(int n, int repeats, double *v, double best[2])
{
    best[0] = best[1] = INFINITY;
    for (int rep = 0; rep < repeats + 1; rep++) /* repetition 0 warms up */
        for (int which = 0; which < 2; which++) {
            /* Start together, so one rank's late arrival is not counted as the call's time. */
            MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
            double t0 = sw_now();
            if (which == 0)
                MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
            else
                MPIT_CHECK(ring_allreduce_sum(v, n, MPI_COMM_WORLD));
            double t = (sw_now() - t0) * 1e6;
            /* The slowest rank's time is the call's time. */
            MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
            if (rep > 0)
                best[which] = fmin(best[which], t);
            for (int i = 0; i < n; i++)
                v[i] = 1.0; /* keep the values small: sums of sums would overflow */
        }
}

int main(int argc, char **argv)
{
    int max_count = 100003, repeats = 10;
    int64_t seed = 1;
    bool timing = false;
    /* clang-format off */
    cli_option options[] = {
        {.name = "max-count", .type = CLI_INT, .value = &max_count, .min = 1, .max = 1 << 26,
         .metavar = "N", .help = "longest vector checked (doubles)"},
        {.name = "seed", .metavar = "S", .type = CLI_INT64, .value = &seed, .min = 0, .max = 1e18,
         .help = "seed for the random vectors"},
        {.name = "time", .type = CLI_FLAG, .value = &timing,
         .help = "also time both from 1 to 2^20 doubles"},
        {.name = "repeats", .metavar = "R", .type = CLI_INT, .value = &repeats, .min = 1,
         .max = 100000, .help = "timed repetitions per size (best is kept)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "ring_allreduce",
                     .purpose = "check and time the hand-written ring allreduce",
                     .usage = "mpiexec -n N ./ring_allreduce [--time]",
                     .options = options};
    /* Join the job: every rank holds one vector; the ring runs over all of them. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    /* Lengths: every one up to 2 * ranks + 2 (around the chunk boundaries), then a spread
     * of awkward sizes up to --max-count. */
    int lengths[64], count = 0;
    for (int n = 0; n <= 2 * world_size + 2 && n <= max_count && count < 40; n++)
        lengths[count++] = n;
    const int more[] = {17,   31,    64,    100,    257,     1000,   1023,
                        4099, 10007, 65536, 100003, 1 << 20, 1 << 26};
    for (int i = 0; i < (int)(sizeof more / sizeof *more); i++)
        if (more[i] > lengths[count - 1] && more[i] < max_count)
            lengths[count++] = more[i];
    if (lengths[count - 1] < max_count)
        lengths[count++] = max_count;

    int longest = timing && max_count < (1 << 20) ? 1 << 20 : max_count;
    double *ring = mpit_xmalloc(((size_t)longest + 1) * sizeof *ring);
    double *mpi = mpit_xmalloc(((size_t)longest + 1) * sizeof *mpi);
    bool ok = true;
    for (int i = 0; i < count; i++)
        ok = check_length(lengths[i], (uint64_t)seed, world_rank, ring, mpi) && ok;
    if (world_rank == 0)
        printf("checked %d lengths from 0 to %d at %d ranks: whole numbers %s, reals %s\n", count,
               max_count, world_size, ok ? "equal" : "DIFFER",
               ok ? "equal within 1e-12 and identical on every rank" : "see stderr");

    for (int n = 1; timing && n <= (1 << 20); n *= 4) {
        double best[2];
        time_both(n, repeats, ring, best);
        if (world_rank == 0)
            printf("count %7d (%7d bytes): MPI_Allreduce %.1f us, ring %.1f us\n", n, 8 * n,
                   best[0], best[1]);
    }
    free(ring);
    free(mpi);
    int status = mpit_verdict(ok, "equals MPI_Allreduce on %d lengths from 0 to %d at %d ranks",
                              count, max_count, world_size);
    MPI_Finalize();
    return status;
}
