/* kmeans.c - parallel k-means: each rank owns a shard of the points, and one MPI_Allreduce
 * per iteration turns everybody's partial sums into the new centroids.
 *
 * Protocol (Lloyd's algorithm, data parallel). Every rank holds all k centroids and its own
 * block of points. One iteration: each rank gives each of its points the nearest centroid
 * and adds the point to that cluster's sum and count; MPI_Allreduce adds the sums and counts
 * of all ranks, so every rank can divide and get the same new centroids without ever seeing
 * the other ranks' points. Stop when no point changes cluster, or after --max-iter.
 * The start is k-means++ (each next centre drawn with a probability that grows with its
 * distance from the centres so far), --restarts times; the run with the lowest inertia wins.
 * The sums are exact integers (common/fixedsum.h), so every rank count gives the same digits.
 * kmeans_parts.c reads the points, writes the labels, picks the starts and refills empty
 * clusters; kmeans_kernel.c computes on a rank's own points.
 *
 *   $ mpiexec -n 2 ./kmeans --k 3 --input ../../data/iris.csv --header 1 --columns 4
 *   kmeans: 150 points in 4 dimensions, k=3, 2 ranks, best of 10 kmeans++ starts
 *   ...
 *   best: start  4: converged after 4 iterations, inertia 78.85144143
 *   centroid 0: 5.90161290323 2.74838709677 4.3935483871 1.43387096774 (62 points)
 *   centroid 1: 5.006 3.428 1.462 0.246 (50 points)
 *   centroid 2: 6.85 3.07368421053 5.74210526316 2.07105263158 (38 points)
 *   kmeans: OK, 10 starts, the inertia never rose
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csv.h" /* CSV_MAX_COLS */
#include "fixedsum.h"
#include "kmeans_kernel.h"
#include "kmeans_parts.h"
#include "mpit.h"
#include "rng.h"
#include "stopwatch.h"

/* Lloyd's iterations from the centroids in run->centroid, until no point moves or max_iter. */
static void lloyd(const shard *s, int k, int max_iter, kmeans_result *run, double *dist2,
                  const kmeans_scales *scales, kmeans_tally *t, int rank, int size)
{
    for (int i = 0; i < s->n; i++)
        run->label[i] = -1;
    *run = (kmeans_result){.centroid = run->centroid,
                           .label = run->label,
                           .count = run->count,
                           .inertia = INT64_MAX,
                           .never_rose = true};
    while (run->iterations < max_iter && !run->converged) {
        kmeans_assign(s, run->centroid, k, run->label, dist2, scales, t);
        /* The one collective of the iteration: everybody's moves, inertia, counts and sums
         * added up and handed to every rank (integers: exact in any order). */
        MPIT_CHECK(
            MPI_Allreduce(MPI_IN_PLACE, t->all, t->len, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
        int64_t last = run->inertia; /* it may rise by rounding only, a 1e-12 part at most */
        run->inertia = *t->inertia;
        run->never_rose &= run->iterations++ == 0 || run->inertia <= last + last / 1000000000000;
        memcpy(run->count, t->count, (size_t)k * sizeof *t->count);
        for (int c = 0; c < k; c++) /* the new centroids: each cluster's mean */
            for (int j = 0; t->count[c] > 0 && j < s->d; j++)
                run->centroid[c * s->d + j] =
                    fixedsum_to_double(t->sum[c * s->d + j], scales->coordinate) / t->count[c];
        bool refilled = kmeans_refill_empty(s, t->count, k, run->centroid, dist2, rank, size);
        run->converged = *t->moved == 0 && !refilled;
    }
}

int main(int argc, char **argv)
{
    int k = 3, dim = 2, header = 0, columns = 0, max_iter = 100, restarts = 10;
    int64_t points = 30000, seed = 1;
    const char *input = NULL, *output = NULL, *init = "kmeans++";
    /* clang-format off */
    cli_option options[] = {
        {.name = "k", .metavar = "K", .type = CLI_INT, .value = &k, .env = "K", .min = 1,
         .max = 1000, .help = "number of clusters"},
        {.name = "input", .type = CLI_STRING, .value = &input, .metavar = "FILE",
         .help = "CSV of points, plain or .gz (default: generate them)"},
        {.name = "header", .metavar = "LINES", .type = CLI_INT, .value = &header, .min = 0,
         .max = 1000000, .help = "lines to skip at the top of --input"},
        {.name = "columns", .metavar = "N", .type = CLI_INT, .value = &columns, .min = 0,
         .max = CSV_MAX_COLS, .help = "use the first N columns of --input (0: all)"},
        {.name = "points", .metavar = "P", .type = CLI_INT64, .value = &points, .env = "N",
         .min = 1, .max = 1e7, .help = "points to generate"},
        {.name = "dim", .metavar = "D", .type = CLI_INT, .value = &dim, .min = 1, .max = 16,
         .help = "dimensions of generated points"},
        {.name = "seed", .metavar = "S", .type = CLI_INT64, .value = &seed, .min = 0, .max = 1e18,
         .help = "random seed (generated data and the starts)"},
        {.name = "init", .metavar = "HOW", .type = CLI_CHOICE, .value = &init,
         .choices = "kmeans++|random", .help = "how a start picks its k points"},
        {.name = "restarts", .metavar = "R", .type = CLI_INT, .value = &restarts, .min = 1,
         .max = 1000, .help = "starts to run; the lowest inertia wins"},
        {.name = "max-iter", .metavar = "N", .type = CLI_INT, .value = &max_iter, .min = 1,
         .max = 10000, .help = "stop a start after this many iterations"},
        {.name = "output", .type = CLI_STRING, .value = &output, .metavar = "FILE",
         .help = "write each point's cluster as CSV"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "kmeans",
                     .purpose = "parallel k-means with one MPI_Allreduce per iteration",
                     .usage = "mpiexec -n N ./kmeans --k 3 [--input FILE | --points P --seed S]",
                     .options = options};
    /* Join the job: every rank clusters its share of the points. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    const char *generated =
        cli_given_as(&spec, "points") ? cli_given_as(&spec, "points") : cli_given_as(&spec, "dim");
    if (input && generated) /* name it as the user gave it: a flag, or a variable */
        mpit_usage_error("--input reads the points; %s is for generated data: %s it", generated,
                         generated[0] == '-' ? "drop" : "unset");
    if (!input && k > points)
        mpit_usage_error("needs at least as many points as clusters: %s is %d, %s is %lld",
                         cli_named(&spec, "k"), k, cli_named(&spec, "points"), (long long)points);
    char err[512] = "";
    mpit_agree(!output || world_rank != 0 || afile_can_create(output, err, sizeof err), "%s", err);

    shard s = {.total = points, .d = dim};
    double *truth = NULL; /* generated data: the true centres */
    if (input)
        kmeans_load(&s, input, header, columns, k, world_rank, world_size);
    else
        truth = kmeans_generate(&s, k, (uint64_t)seed, world_rank, world_size);
    char timer[32];
    snprintf(timer, sizeof timer, "kmeans np=%d", world_size);
    sw_start(timer);
    /* The largest coordinate anywhere (MAX is exact in any order) sets the one power of two
     * all coordinates are divided by, so that no sum or square overflows or underflows. */
    double my_max = 0, max_abs = 0;
    for (size_t i = 0; i < (size_t)s.n * (size_t)s.d; i++)
        my_max = fmax(my_max, fabs(s.x[i]));
    MPIT_CHECK(MPI_Allreduce(&my_max, &max_abs, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
    kmeans_rescale(&s, kmeans_exponent(max_abs));
    kmeans_scales scales = kmeans_scales_for(s.total, s.d);

    double *dist2 = mpit_xmalloc(((size_t)s.n + 1) * sizeof *dist2);
    kmeans_result run, best;
    kmeans_result_alloc(&run, k, &s);
    kmeans_result_alloc(&best, k, &s);
    kmeans_tally t;
    kmeans_tally_alloc(&t, k, s.d);
    if (world_rank == 0)
        printf("kmeans: %lld points in %d dimension%s, k=%d, %d ranks, best of %d %s starts\n",
               (long long)s.total, s.d, s.d == 1 ? "" : "s", k, world_size, restarts, init);
    bool never_rose = true;
    for (int start = 1; start <= restarts; start++) {
        rng_stream r; /* the same numbers on every rank; streams 0..points are the data's */
        rng_init(&r, (uint64_t)seed, UINT64_MAX - (uint64_t)start);
        kmeans_start(&s, k, strcmp(init, "kmeans++") == 0, &r, run.centroid, dist2, &scales,
                     world_rank, world_size);
        lloyd(&s, k, max_iter, &run, dist2, &scales, &t, world_rank, world_size);
        run.start = start;
        never_rose &= run.never_rose;
        if (world_rank == 0)
            kmeans_print_start(&run, &scales, &s);
        if (run.inertia < best.inertia) /* integers: every rank makes the same choice */
            kmeans_result_copy(&best, &run, k, &s);
    }
    sw_stop(timer);
    if (world_rank == 0) {
        kmeans_print_best(&best, k, &scales, &s);
        sw_csv(stdout, "kmeans");
    }
    if (output)
        kmeans_write_labels(output, best.label, &s, world_rank, world_size);

    int status;
    if (truth) { /* generated data: is every true centre close to a centroid? */
        double worst = kmeans_truth_distance(truth, &best, k, &s),
               limit = fmin(5.0, 6.0 * sqrt((double)s.d * k / (double)s.total));
        status =
            mpit_verdict(worst <= limit, "found the %d generated centres within %.3f (limit %.3f)",
                         k, worst, limit);
    } else {
        status = mpit_verdict(never_rose, "%d start%s, the inertia never rose", restarts,
                              restarts == 1 ? "" : "s");
    }
    free(truth);
    free(dist2);
    kmeans_result_free(&run);
    kmeans_result_free(&best);
    kmeans_tally_free(&t);
    free(s.x);
    MPI_Finalize();
    return status;
}
