/* reduce.c - reductions: mean and deviation of numbers spread over the ranks, the extremes
 * and who holds them, and each rank's place in an array that all ranks fill together.
 *
 *   mpiexec -n 4 ./reduce [--n 1000000] [--seed 1] [--sigmas 3]
 *
 * The data: N readings, rank r holding the block N*r/size .. N*(r+1)/size - 1. Reading i is
 * made from draws 4i..4i+3 of one random stream (rng.h computes any draw directly), so it is
 * the same number whichever rank holds it: the rank count changes the split, not the data.
 *
 * Protocol.
 *  1. Mean and standard deviation in one pass: each rank adds up its readings and their
 *     squares (minus reading 0, which every rank can make, against cancellation) in fixed
 *     point (common/fixedsum.h), and one MPI_Allreduce adds up the ranks' sums. Every rank
 *     gets the result: all of them need the mean in step 3. The fixed-point scale needs the
 *     largest distance from reading 0 first: MPI_Allreduce with MPI_MAX.
 *  2. The smallest and largest reading and the rank that holds each: MPI_Reduce to rank 0 of
 *     (value, rank) pairs with MPI_MINLOC and MPI_MAXLOC.
 *  3. Outliers, readings more than --sigmas deviations from the mean, go into one array of
 *     all outliers, rank by rank. Nobody knows in advance how many each rank has. MPI_Exscan
 *     adds up the counts of the ranks before me: where my outliers start (the offset MPI-IO
 *     would write them at). MPI_Scan includes my own count: the last rank gets the total.
 *  4. For comparison, the sum in plain doubles: each rank adds its share, rank 0 adds the
 *     ranks' partial sums in rank order (MPI_Gather). Its last digits change with the rank
 *     count; the fixed-point sum's do not.
 * Rank 0 then recomputes it all serially from the seed, and compares bit for bit.
 *
 *   $ mpiexec -n 4 ./reduce
 *   reduce: 1000000 readings (seed 1), 4 ranks hold 250000 each
 *   mean 20.000515953971501, standard deviation 5.0000430378816114
 *   smallest 3.2990542 on rank 3, largest 36.970876 on rank 0
 *   rank 1: 107 outliers, at [117, 224) of the array of all outliers
 *   ...
 *   sum in fixed point: 20000515.953971501 (serial: the same)
 *   sum in plain doubles: 20000515.953971487 (serial: 20000515.953971304)
 *   reduce: OK, mean, deviation, extremes and offsets equal a serial recomputation bit for bit
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mpit.h"
#include "reduce_readings.h"

int main(int argc, char **argv)
{
    int64_t n = 1000000, seed = 1;
    double sigmas = 3;
    /* clang-format off */
    cli_option options[] = {
        {.name = "n", .type = CLI_INT64, .value = &n, .min = 1, .max = 1e12, .metavar = "N",
         .help = "readings in all, split over the ranks"},
        {.name = "seed", .short_name = 's', .type = CLI_INT64, .value = &seed, .min = 0,
         .max = 1e15, .metavar = "S", .help = "random seed: the same seed, the same readings"},
        {.name = "sigmas", .type = CLI_DOUBLE, .value = &sigmas, .min = 0.1, .max = 100,
         .metavar = "K", .help = "an outlier is more than K deviations from the mean"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "reduce",
                     .purpose = "mean, deviation, extremes and offsets with MPI reductions",
                     .usage = "mpiexec -n N ./reduce [--n N] [--seed S] [--sigmas K]",
                     .options = options};
    /* Join the job: every rank runs this program on its own block of the readings. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    readings data = readings_make((uint64_t)seed, n, world_size);
    block mine = readings_block(&data, world_rank);
    char split[64];
    if (world_rank == 0)
        printf("reduce: %" PRId64 " readings (seed %" PRId64 "), %s\n", n, seed,
               readings_split(&data, split, sizeof split));

    /* 1. The scale of the fixed-point sums must be the same everywhere, and it needs the
     * largest distance of any rank: a maximum is exact in any order, so doubles will do. */
    block_extent ext = readings_extent(&data, mine);
    double max_dist = 0;
    MPIT_CHECK(MPI_Allreduce(&ext.max_dist, &max_dist, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
    moments sums = readings_moments(&data, mine, max_dist);
    /* Every rank needs the mean (step 3), so Allreduce rather than Reduce. MPI_IN_PLACE: my
     * sums are the input, and the totals overwrite them (no second buffer). */
    MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, &sums, 2, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
    statistics stats = readings_statistics(&data, &sums, max_dist);

    /* 2. Only rank 0 reports the extremes: Reduce. The root's own pair is already where the
     * result goes, so it sends MPI_IN_PLACE; the other ranks have no result buffer. */
    bool root = world_rank == 0;
    MPIT_CHECK(MPI_Reduce(root ? MPI_IN_PLACE : &ext.lowest, root ? &ext.lowest : NULL, 1,
                          MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Reduce(root ? MPI_IN_PLACE : &ext.highest, root ? &ext.highest : NULL, 1,
                          MPI_DOUBLE_INT, MPI_MAXLOC, 0, MPI_COMM_WORLD));
    if (root)
        printf("mean %.17g, standard deviation %.17g\nsmallest %.8g on rank %d, largest %.8g "
               "on rank %d\n",
               stats.mean, stats.deviation, ext.lowest.value, ext.lowest.rank, ext.highest.value,
               ext.highest.rank);

    /* 3. My outliers start after those of all ranks before me: an exclusive prefix sum. Rank
     * 0's result is undefined (nobody is before it), so it keeps its 0. */
    int64_t outliers = readings_outliers(&data, mine, &stats, sigmas), start = 0, end = 0;
    MPIT_CHECK(MPI_Exscan(&outliers, &start, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
    if (root)
        start = 0;
    /* The inclusive prefix sum counts my own outliers too: where they end. */
    MPIT_CHECK(MPI_Scan(&outliers, &end, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
    printf("rank %d: %" PRId64 " outlier%s, at [%" PRId64 ", %" PRId64 ") of the array of all "
           "outliers\n",
           world_rank, outliers, outliers == 1 ? "" : "s", start, end);
    if (world_rank == world_size - 1)
        printf("outliers in all: %" PRId64 " (more than %g deviations from the mean)\n", end,
               sigmas);

    /* 4. Rank 0 collects the partial sums and the offsets, to add and to check them. */
    double *partials = root ? mpit_xmalloc((size_t)world_size * sizeof *partials) : NULL;
    int64_t *starts = root ? mpit_xmalloc((size_t)world_size * sizeof *starts) : NULL;
    MPIT_CHECK(
        MPI_Gather(&ext.plain_sum, 1, MPI_DOUBLE, partials, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Gather(&start, 1, MPI_INT64_T, starts, 1, MPI_INT64_T, 0, MPI_COMM_WORLD));

    bool ok = end == start + outliers;
    if (root) {
        double plain_sum = 0;
        for (int r = 0; r < world_size; r++)
            plain_sum += partials[r];
        serial_result serial = readings_serial(&data, sigmas);
        ok = ok && readings_agree(&serial, &stats, &ext, starts);
        printf("sum in fixed point: %.17g (serial: %s)\n", stats.sum,
               stats.sum == serial.stats.sum ? "the same" : "DIFFERENT");
        printf("sum in plain doubles: %.17g (serial: %.17g)\n", plain_sum, serial.plain_sum);
        readings_serial_free(&serial);
    }
    free(partials);
    free(starts);
    int status = mpit_verdict(ok, "mean, deviation, extremes and offsets equal a serial "
                                  "recomputation bit for bit");
    MPI_Finalize();
    return status;
}
