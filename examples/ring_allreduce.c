/* ring_allreduce.c - the hand-written ring allreduce against MPI_Allreduce: same sums?
 * how fast?
 *
 *   mpiexec -n 4 ./ring_allreduce                   (check on many vector lengths)
 *   mpiexec -n 4 ./ring_allreduce --time            (and time both, 8 bytes to 8 MiB)
 *
 * The ring (common/ring_allreduce.h) cuts the vector into one chunk per rank and passes
 * chunks to the right neighbour: p-1 steps that add (reduce-scatter), then p-1 steps that
 * copy (allgather), each chunk in segments that travel one behind the other. For short
 * vectors it takes recursive doubling instead (log2 p steps), and for long ones on 4, 8,
 * 16, ... ranks recursive halving (the ring's bytes in 2 log2 p steps). This program checks
 * all three, and the choice between them, on random vectors of many lengths, including 0,
 * 1 and lengths smaller than the number of ranks (some chunks are then empty):
 *  - whole numbers (sums exact in any order): each must equal MPI_Allreduce exactly;
 *  - reals: equal within rounding (they add in different orders), and bit-identical on
 *    every rank (each chunk is added up once and then only copied).
 * With --time, MPI_Allreduce and ring_allreduce_sum are timed over message sizes, OSU style:
 * each round runs a batch of calls of each, one after the other, and the slowest rank's
 * time per call in the best round is printed.
 *
 *   $ mpiexec -n 4 ./ring_allreduce
 *   checked 22 lengths from 0 to 100003 at 4 ranks: whole numbers equal, reals equal within 1e-12 and identical on every rank
 *   ring_allreduce: OK, equals MPI_Allreduce on 22 lengths from 0 to 100003 at 4 ranks
 *
 * With --time, one table per version, a row per size: "Size" in bytes, then microseconds
 * per call (the rows, left out here, vary from run to run and machine to machine):
 *
 *   $ mpiexec -n 4 ./ring_allreduce --time --repeats 3
 *   checked 22 lengths from 0 to 100003 at 4 ranks: whole numbers equal, reals equal within 1e-12 and identical on every rank
 *   # MPI_Allreduce: 4 ranks, doubles, MPI_SUM, best of 3 rounds
 *   # Size       Latency (us)
 *   ...
 *   # ring_allreduce_sum: 4 ranks, doubles, MPI_SUM, best of 3 rounds
 *   # ring_allreduce_sum_ring: 4 ranks, doubles, MPI_SUM, best of 3 rounds
 *   # ring_allreduce_sum_doubling: 4 ranks, doubles, MPI_SUM, best of 3 rounds
 *   # ring_allreduce_sum_halving: 4 ranks, doubles, MPI_SUM, best of 3 rounds
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

typedef int allreduce_fn(double *data, int count, MPI_Comm comm);

static int mpi_allreduce_sum(double *data, int count, MPI_Comm comm)
{
    return MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_DOUBLE, MPI_SUM, comm);
}

/* MPI's own, then ours: the one train uses, and the three it picks from. */
enum { VERSIONS = 5 };
static const struct {
    const char *name;
    allreduce_fn *sum;
} versions[VERSIONS] = {
    {"MPI_Allreduce", mpi_allreduce_sum},
    {"ring_allreduce_sum", ring_allreduce_sum},
    {"ring_allreduce_sum_ring", ring_allreduce_sum_ring},
    {"ring_allreduce_sum_doubling", ring_allreduce_sum_doubling},
    {"ring_allreduce_sum_halving", ring_allreduce_sum_halving},
};

/* Do ring_allreduce_sum, the ring or recursive doubling (whichever it does not use at this
 * length) and recursive halving agree with MPI_Allreduce on vectors of length n? */
static bool check_length(int n, uint64_t seed, int world_rank, int world_size, double *ring,
                         double *mpi)
{
    bool ok = true, short_path = n < ring_allreduce_short_limit(world_size);
    int tried[3] = {1, short_path ? 2 : 3, 4};
    for (int t = 0; t < 3; t++)
        for (int whole = 1, v = tried[t]; whole >= 0; whole--) {
            bool same = true;
            fill(ring, n, seed + (uint64_t)n, world_rank, whole);
            memcpy(mpi, ring, (size_t)n * sizeof *mpi);
            MPIT_CHECK(versions[v].sum(ring, n, MPI_COMM_WORLD));
            MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, mpi, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
            for (int i = 0; i < n; i++)
                same = same && (whole ? ring[i] == mpi[i]
                                      : fabs(ring[i] - mpi[i]) <= 1e-12 * (1 + fabs(mpi[i])));
            /* Bit-identical on every rank: rank 0's result, broadcast, must match mine. */
            memcpy(mpi, ring, (size_t)n * sizeof *mpi);
            MPIT_CHECK(MPI_Bcast(mpi, n, MPI_DOUBLE, 0, MPI_COMM_WORLD));
            same = same && memcmp(mpi, ring, (size_t)n * sizeof *mpi) == 0;
            if (!same)
                fprintf(stderr, "ring_allreduce: rank %d: %s, length %d, %s differ\n", world_rank,
                        versions[v].name, n, whole ? "whole numbers" : "reals");
            ok = ok && same;
        }
    return ok;
}

/* Seconds per call of version v on n doubles, over a batch of calls; the slowest rank's,
 * at rank 0. */
static double time_batch(int v, int n, int calls, double *data)
{
    /* Start together, so one rank's late arrival is not counted as the calls' time. */
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    double t0 = sw_now();
    for (int i = 0; i < calls; i++)
        MPIT_CHECK(versions[v].sum(data, n, MPI_COMM_WORLD));
    double t = (sw_now() - t0) / calls, slowest = 0;
    MPIT_CHECK(MPI_Reduce(&t, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD));
    return slowest;
}

/* Every version, for 1, 4, 16, ... 2^20 doubles (8 bytes to 8 MiB), in OSU's format: one
 * table per version, "# Size  Latency (us)", bytes and microseconds per call. Each round
 * times a short batch of each (20 calls of the smallest sizes, 1 from 32 KiB on), one after
 * the other so all see the same machine load; the best of `rounds` rounds is printed: on a
 * busy machine the best round is the one that ran undisturbed. */
static void print_timings(int world_rank, int world_size, int rounds, double *data)
{
    enum { SIZES = 11 };
    double best[VERSIONS][SIZES];
    for (int k = 0; k < SIZES; k++) {
        int n = 1 << (2 * k);
        int calls = n < 4096 ? 4096 / n < 20 ? 4096 / n : 20 : 1;
        memset(data, 0, (size_t)n * sizeof *data); /* zeros stay zeros: no overflow */
        for (int v = 0; v < VERSIONS; v++) {
            best[v][k] = INFINITY;
            time_batch(v, n, 1, data); /* warm up */
        }
        for (int r = 0; r < rounds; r++)
            for (int v = 0; v < VERSIONS; v++)
                best[v][k] = fmin(best[v][k], time_batch(v, n, calls, data));
    }
    if (world_rank != 0)
        return;
    for (int v = 0; v < VERSIONS; v++) {
        printf("# %s: %d ranks, doubles, MPI_SUM, best of %d rounds\n", versions[v].name,
               world_size, rounds);
        printf("# Size       Latency (us)\n");
        for (int k = 0; k < SIZES; k++)
            printf("%-10d %15.2f\n", 8 << (2 * k), best[v][k] * 1e6);
    }
}

int main(int argc, char **argv)
{
    int max_count = 100003, repeats = 20;
    int64_t seed = 1;
    bool timing = false;
    /* clang-format off */
    cli_option options[] = {
        {.name = "max-count", .type = CLI_INT, .value = &max_count, .min = 1, .max = 1 << 26,
         .metavar = "N", .help = "longest vector checked (doubles)"},
        {.name = "seed", .metavar = "S", .type = CLI_INT64, .value = &seed, .min = 0, .max = 1e18,
         .help = "seed for the random vectors"},
        {.name = "time", .type = CLI_FLAG, .value = &timing,
         .help = "also time MPI_Allreduce and ours from 1 to 2^20 doubles"},
        {.name = "repeats", .metavar = "R", .type = CLI_INT, .value = &repeats, .min = 1,
         .max = 1000, .help = "timed rounds per size (the best is kept)"},
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
        ok = check_length(lengths[i], (uint64_t)seed, world_rank, world_size, ring, mpi) && ok;
    if (world_rank == 0)
        printf("checked %d lengths from 0 to %d at %d ranks: whole numbers %s, reals %s\n", count,
               max_count, world_size, ok ? "equal" : "DIFFER",
               ok ? "equal within 1e-12 and identical on every rank" : "see stderr");

    if (timing)
        print_timings(world_rank, world_size, repeats, ring);
    free(ring);
    free(mpi);
    int status = mpit_verdict(ok, "equals MPI_Allreduce on %d lengths from 0 to %d at %d ranks",
                              count, max_count, world_size);
    MPI_Finalize();
    return status;
}
