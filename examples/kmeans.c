/* kmeans.c - parallel k-means: each rank owns a shard of the points, and one MPI_Allreduce
 * per iteration turns everybody's partial sums into the new centroids.
 *
 *   mpiexec -n 4 ./kmeans --k 3 --points 30000 --seed 1      (a generated Gaussian mixture)
 *   mpiexec -n 2 ./kmeans --k 3 --input iris.csv --header 1 --columns 4 --output labels.csv
 *
 * Protocol (Lloyd's algorithm, data parallel). Every rank holds all k centroids and its own
 * block of points. One iteration: each rank gives each of its points the nearest centroid
 * and adds the point to that cluster's running sum and count; MPI_Allreduce adds the sums
 * and counts of all ranks, so every rank can divide and get the same new centroids without
 * ever seeing the other ranks' points. Stop when no point changes cluster, or --max-iter.
 *
 * Rank-count independence. Floating-point addition is not associative: summing the same
 * numbers in 1, 2 or 4 partial sums gives results that differ in the last bits, and after
 * a few iterations a point on a boundary can flip. So the sums are done in fixed point:
 * each coordinate is stored once as a 64-bit integer (x times a power of two chosen so no
 * sum can overflow), and integer addition is exact in any order. The centroids are then
 * bit-identical for every rank count; only the input is rounded, by ~1e-12 of its range.
 * The start is deterministic too: "farthest first" (the first centre is a random point,
 * each next one the point farthest from the centres so far), found with MPI_MAXLOC.
 *
 *   centroid 0: -31.181931843925 9.998373187826 (10093 points)
 *   kmeans: OK, found the 3 generated centres within 0.016 (limit 0.147)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csv.h"
#include "mpit.h"
#include "rng.h"
#include "stopwatch.h"

typedef struct {
    int64_t total;   /* points in all shards */
    int n, d, first; /* my points, coordinates per point, global index of my first */
    double *x;       /* n * d coordinates */
    int64_t *fixed;  /* the same, times the fixed-point scale */
} shard;

/* Block distribution: rank r owns points [total*r/size, total*(r+1)/size). */
static int64_t block_start(int64_t total, int rank, int size) { return total * rank / size; }

/* Where each rank's block starts and how long it is, in units of `per` numbers. */
static void blocks(int64_t total, int per, int size, int *counts, int *starts)
{
    for (int r = 0; r < size; r++) {
        starts[r] = (int)block_start(total, r, size) * per;
        counts[r] = (int)block_start(total, r + 1, size) * per - starts[r];
    }
}

static double dist2(const double *a, const double *b, int d)
{
    double sum = 0;
    for (int j = 0; j < d; j++)
        sum += (a[j] - b[j]) * (a[j] - b[j]);
    return sum;
}

/* A power of two such that bound * scale < 2^61: sums of up to `bound` fit an int64_t. */
static double fixed_scale(double bound)
{
    int e = 0;
    frexp(bound > 0 ? bound : 1, &e);
    return ldexp(1.0, 61 - e);
}

/* Generated data: k true centres from stream 0, point i from stream i+1 (the same numbers
 * whichever rank draws them): cluster i mod k, coordinates centre + N(0, 1). */
static void generate(shard *s, int k, uint64_t seed, double *centres, int rank, int size)
{
    rng_stream r;
    rng_init(&r, seed, 0);
    for (int c = 0; c < k; c++) /* spread out, >= 20 apart (a few retries suffice) */
        for (int tries = 0, close = 1; close && tries < 100000; tries++) {
            for (int j = 0; j < s->d; j++)
                centres[c * s->d + j] = (rng_uniform(&r) * 2 - 1) * 10.0 * (k + 2);
            close = 0;
            for (int o = 0; o < c; o++)
                close |= dist2(centres + c * s->d, centres + o * s->d, s->d) < 400.0;
        }
    s->first = (int)block_start(s->total, rank, size);
    s->n = (int)(block_start(s->total, rank + 1, size) - s->first);
    s->x = mpit_xmalloc((size_t)s->n * (size_t)s->d * sizeof *s->x);
    for (int i = 0; i < s->n; i++) {
        rng_init(&r, seed, (uint64_t)(s->first + i) + 1);
        int c = (int)((s->first + i) % k);
        for (int j = 0; j < s->d; j++)
            s->x[i * s->d + j] = centres[c * s->d + j] + rng_normal(&r);
    }
}

/* A CSV file: rank 0 reads it and deals out the blocks with MPI_Scatterv. */
static void load(shard *s, const char *path, int header, int columns, int k, int rank, int size)
{
    csv_table t = {0};
    char err[512] = "";
    bool ok = rank != 0 || csv_read_file(path, (size_t)header, &t, err, sizeof err);
    if (ok && rank == 0 && columns > (int)t.cols) {
        snprintf(err, sizeof err, "--columns %d, but %s has only %zu", columns, path, t.cols);
        ok = false;
    }
    if (ok && rank == 0 && (int64_t)t.rows < k) {
        snprintf(err, sizeof err, "%s has %zu points, fewer than --k %d", path, t.rows, k);
        ok = false;
    }
    if (!ok && header == 0 && strstr(err, ":1: ")) /* words on line 1: probably a header */
        strncat(err, "; if line 1 is a header, add --header 1", sizeof err - strlen(err) - 1);
    mpit_agree(ok, "%s", err);
    int64_t shape[2] = {(int64_t)t.rows, columns ? columns : (int64_t)t.cols};
    /* Everybody needs the size of the table before its block can arrive. */
    MPIT_CHECK(MPI_Bcast(shape, 2, MPI_INT64_T, 0, MPI_COMM_WORLD));
    s->total = shape[0];
    s->d = (int)shape[1];
    int *counts = mpit_xmalloc((size_t)size * sizeof *counts),
        *starts = mpit_xmalloc((size_t)size * sizeof *starts);
    blocks(s->total, s->d, size, counts, starts);
    for (size_t i = 0; rank == 0 && i < t.rows; i++) /* keep the first d columns, packed */
        memmove(t.values + i * (size_t)s->d, t.values + i * t.cols,
                (size_t)s->d * sizeof *t.values);
    s->first = starts[rank] / s->d;
    s->n = counts[rank] / s->d;
    s->x = mpit_xmalloc(((size_t)counts[rank] + 1) * sizeof *s->x);
    /* Scatterv, not Scatter: the blocks differ by one row when size does not divide rows. */
    MPIT_CHECK(MPI_Scatterv(t.values, counts, starts, MPI_DOUBLE, s->x, counts[rank], MPI_DOUBLE, 0,
                            MPI_COMM_WORLD));
    csv_free(&t);
    free(counts);
    free(starts);
}

/* Farthest-first start: MPI_MAXLOC finds the farthest point (lowest index on ties), and
 * the rank that owns it broadcasts its coordinates. */
static void initial_centroids(const shard *s, int k, uint64_t seed, double *cent, int size)
{
    double *near = mpit_xmalloc(((size_t)s->n + 1) * sizeof *near);
    for (int i = 0; i < s->n; i++)
        near[i] = INFINITY;
    rng_stream r;
    rng_init(&r, seed, UINT64_MAX);
    int64_t pick = rng_range(&r, 0, s->total - 1);
    for (int c = 0; c < k; c++) {
        int owner = 0;
        while (block_start(s->total, owner + 1, size) <= pick)
            owner++;
        if (pick >= s->first && pick < s->first + s->n)
            memcpy(cent + c * s->d, s->x + (pick - s->first) * s->d, (size_t)s->d * sizeof *cent);
        /* Only the owner has the point; every rank knows who the owner is (block layout). */
        MPIT_CHECK(MPI_Bcast(cent + c * s->d, s->d, MPI_DOUBLE, owner, MPI_COMM_WORLD));
        struct {
            double dist;
            int index;
        } mine = {-1, 0}, far; /* MPI_DOUBLE_INT's layout */
        for (int i = 0; i < s->n; i++) {
            near[i] = fmin(near[i], dist2(s->x + i * s->d, cent + c * s->d, s->d));
            if (near[i] > mine.dist) {
                mine.dist = near[i];
                mine.index = s->first + i;
            }
        }
        /* MAXLOC carries the index along with the largest distance: exact in any order. */
        MPIT_CHECK(MPI_Allreduce(&mine, &far, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD));
        pick = far.index;
    }
    free(near);
}

/* Rank 0 gathers every rank's labels (in point order) and writes "point,cluster" lines. */
static void write_labels(const char *path, const int *labels, const shard *s, int rank, int size)
{
    int *counts = mpit_xmalloc((size_t)size * sizeof *counts),
        *starts = mpit_xmalloc((size_t)size * sizeof *starts);
    blocks(s->total, 1, size, counts, starts);
    int *all = rank == 0 ? mpit_xmalloc((size_t)s->total * sizeof *all) : NULL;
    /* One writer keeps the file whole; Gatherv puts each block at its points' offset. */
    MPIT_CHECK(MPI_Gatherv(labels, s->n, MPI_INT, all, counts, starts, MPI_INT, 0, MPI_COMM_WORLD));
    char err[512] = "";
    atomic_file f;
    bool ok = rank != 0 || afile_open(&f, path, err, sizeof err);
    if (rank == 0 && ok) {
        fprintf(f.fp, "point,cluster\n");
        for (int64_t i = 0; i < s->total; i++)
            fprintf(f.fp, "%lld,%d\n", (long long)i, all[i]);
        ok = afile_commit(&f, err, sizeof err);
    }
    mpit_agree(ok, "%s", err);
    free(all);
    free(counts);
    free(starts);
}

int main(int argc, char **argv)
{
    int k = 3, dim = 2, header = 0, columns = 0, max_iter = 100;
    int64_t points = 30000, seed = 1;
    const char *input = NULL, *output = NULL;
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
         .help = "random seed (data and first centre)"},
        {.name = "max-iter", .metavar = "N", .type = CLI_INT, .value = &max_iter, .min = 1,
         .max = 1000000, .help = "stop after this many iterations"},
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
    if (input && (cli_given(&spec, "points") || cli_given(&spec, "dim")))
        mpit_usage_error(
            "--input reads the points; drop --points/--dim (they are for generated data)");
    if (!input && k > points)
        mpit_usage_error("--k %d needs at least %d points, --points is %lld", k, k,
                         (long long)points);
    char err[512] = "";
    mpit_agree(!output || world_rank != 0 || afile_can_create(output, err, sizeof err), "%s", err);

    shard s = {.total = points, .d = dim};
    double *truth = NULL;
    if (input) {
        load(&s, input, header, columns, k, world_rank, world_size);
    } else {
        truth = mpit_xmalloc((size_t)k * (size_t)dim * sizeof *truth);
        generate(&s, k, (uint64_t)seed, truth, world_rank, world_size);
    }
    char timer[32];
    snprintf(timer, sizeof timer, "kmeans np=%d", world_size);
    sw_start(timer);
    /* The fixed-point scales need the largest coordinate anywhere: MAX is exact in any order. */
    double my_max = 0, max_abs = 0;
    for (int64_t i = 0; i < (int64_t)s.n * s.d; i++)
        my_max = fmax(my_max, fabs(s.x[i]));
    MPIT_CHECK(MPI_Allreduce(&my_max, &max_abs, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
    double scale = fixed_scale(max_abs * (double)s.total);
    double inertia_scale = fixed_scale((double)s.total * s.d * 4 * max_abs * max_abs);
    s.fixed = mpit_xmalloc(((size_t)s.n * (size_t)s.d + 1) * sizeof *s.fixed);
    for (int64_t i = 0; i < (int64_t)s.n * s.d; i++)
        s.fixed[i] = llround(s.x[i] * scale);

    double *cent = mpit_xmalloc((size_t)k * (size_t)s.d * sizeof *cent);
    initial_centroids(&s, k, (uint64_t)seed, cent, world_size);
    int *label = mpit_xmalloc(((size_t)s.n + 1) * sizeof *label);
    for (int i = 0; i < s.n; i++)
        label[i] = -1;
    /* One buffer, one reduction: k*d coordinate sums, k counts, points moved, inertia. */
    int len = k * (s.d + 1) + 2;
    int64_t *acc = mpit_xmalloc((size_t)len * sizeof *acc), *count = acc + k * s.d;
    if (world_rank == 0)
        printf("kmeans: %lld points in %d dimensions, k=%d, %d ranks\n", (long long)s.total, s.d, k,
               world_size);
    int iter = 0;
    double inertia = 0, last = INFINITY;
    bool never_rose = true;
    for (int64_t moved = 1; moved > 0 && iter < max_iter;) {
        iter++;
        memset(acc, 0, (size_t)len * sizeof *acc);
        for (int i = 0; i < s.n; i++) {
            int best = 0;
            double best_d2 = INFINITY;
            for (int c = 0; c < k; c++) {
                double d2 = dist2(s.x + i * s.d, cent + c * s.d, s.d);
                if (d2 < best_d2) {
                    best_d2 = d2;
                    best = c;
                }
            }
            acc[len - 2] += label[i] != best;
            acc[len - 1] += llround(best_d2 * inertia_scale);
            label[i] = best;
            count[best]++;
            for (int j = 0; j < s.d; j++)
                acc[best * s.d + j] += s.fixed[i * s.d + j];
        }
        /* The one collective of the iteration: everybody's sums, counts, moves and inertia
         * added up and handed to every rank (integers: exact in any order). */
        MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, acc, len, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
        moved = acc[len - 2];
        inertia = (double)acc[len - 1] / inertia_scale;
        never_rose = never_rose && inertia <= last * (1 + 1e-12);
        last = inertia;
        for (int c = 0; c < k; c++) /* an empty cluster keeps its old centroid */
            for (int j = 0; count[c] > 0 && j < s.d; j++)
                cent[c * s.d + j] = (double)acc[c * s.d + j] / (double)count[c] / scale;
        if (world_rank == 0)
            printf("iteration %d: inertia %.6f, %lld point%s moved\n", iter, inertia,
                   (long long)moved, moved == 1 ? "" : "s");
    }
    sw_stop(timer);
    if (world_rank == 0) {
        printf("%s after %d iterations, inertia %.6f\n",
               acc[len - 2] ? "stopped (--max-iter)" : "converged", iter, inertia);
        for (int c = 0; c < k; c++) {
            printf("centroid %d:", c);
            for (int j = 0; j < s.d; j++)
                printf(" %.12f", cent[c * s.d + j]);
            printf(" (%lld point%s)\n", (long long)count[c], count[c] == 1 ? "" : "s");
        }
        sw_csv(stdout, "");
    }
    if (output)
        write_labels(output, label, &s, world_rank, world_size);

    int status;
    if (truth) { /* generated data: is every true centre close to a centroid? */
        double worst = 0, limit = fmin(5.0, 6.0 * sqrt((double)s.d * k / (double)s.total));
        for (int t = 0; t < k; t++) {
            double nearest = INFINITY;
            for (int c = 0; c < k; c++)
                nearest = fmin(nearest, sqrt(dist2(truth + t * s.d, cent + c * s.d, s.d)));
            worst = fmax(worst, nearest);
        }
        status =
            mpit_verdict(worst <= limit, "found the %d generated centres within %.3f (limit %.3f)",
                         k, worst, limit);
    } else {
        status = mpit_verdict(never_rose, "%d iterations, the inertia never rose", iter);
    }
    free(truth);
    free(cent);
    free(label);
    free(acc);
    free(s.x);
    free(s.fixed);
    MPI_Finalize();
    return status;
}
