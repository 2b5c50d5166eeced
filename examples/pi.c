/* pi.c - estimate pi by throwing darts at a square, on one process or many.
 *
 *   mpiexec -n 1 ./pi --darts 1e6 --seed 42          (the serial version)
 *   mpiexec -n 4 ./pi --darts 1e9 --seed 42          (the same darts, four throwers)
 *   mpiexec -n 2 ./pi --darts 1e6 --seed 1 --seeds 30  (30 independent estimates; with
 *                                                     10 or more, their spread is checked)
 *
 * The idea. Throw darts uniformly at the unit square [0,1) x [0,1). The quarter disc
 * x^2 + y^2 < 1 covers pi/4 of it, so pi ~ 4 * inside / darts. (The tutorial throws at
 * [-1,1]^2 and keeps the whole disc: by symmetry that is the same experiment.) Each dart
 * lands inside with probability p = pi/4, so `inside` is binomial and the estimate has
 * standard deviation sigma = 4 * sqrt(p (1-p) / darts). The program checks that its error
 * stays under 5 sigma: a correct program fails that about once in 1.7 million runs.
 *
 * The parallel version. The darts are numbered 0..darts-1 and each rank throws a block of
 * consecutive numbers (the remainder goes to the first ranks). Where dart i lands depends
 * only on the seed and i (pi_kernel.h), so a rank jumps straight to its block: every rank
 * has its own, non-overlapping, statistically independent darts, and the estimate is the
 * same bit for bit for a given seed whatever the number of processes. (srand(seed + rank)
 * with rand() would give overlapping streams that differ by C library.) MPI_Reduce then adds
 * the ranks' counts at rank 0. How the kernel counts darts fast is pi_kernel.c's business;
 * this file is the MPI lesson.
 *
 * The same seed gives the same estimate on one process and on four (the time line and the
 * timer table after it, left out here, vary from run to run):
 *
 *   $ mpiexec -n 1 ./pi --darts 1e6 --seed 42
 *   Monte Carlo pi: 1000000 darts on 1 process, seed 42
 *   pi ~ 3.144116000 error +2.523e-03 (+1.54 sigma, sigma 1.642e-03)
 *   ...
 *   pi: OK, |error| < 5 sigma for 1 estimate
 *
 *   $ mpiexec -n 4 ./pi --darts 1e6 --seed 42
 *   Monte Carlo pi: 1000000 darts on 4 processes, seed 42
 *   pi ~ 3.144116000 error +2.523e-03 (+1.54 sigma, sigma 1.642e-03)
 *   ...
 *   pi: OK, |error| < 5 sigma for 1 estimate
 */
#define _XOPEN_SOURCE 700 /* M_PI */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "mpit.h"
#include "pi_kernel.h"
#include "progress.h"
#include "rng.h"
#include "stopwatch.h"

/* Darts counted between two looks at the clock for the progress line (a few ms of work). */
#define PIECE ((uint64_t)PI_BLOCK * 64)
/* The most darts one run may throw, all seeds together. */
#define MAX_RUN INT64_C(10000000000000)

typedef struct {
    double pi, error, sigma, seconds;
} estimate;

/* One estimate: every rank throws its block, rank 0 adds the counts up. Collective. */
static estimate throw_darts(uint64_t seed, int64_t darts, int world_rank, int world_size,
                            progress *shown)
{
    int64_t share = darts / world_size, extra = darts % world_size;
    int64_t mine = share + (world_rank < extra ? 1 : 0);
    int64_t first = world_rank * share + (world_rank < extra ? world_rank : extra);
    pi_darts board;
    pi_darts_init(&board, seed);

    /* The barrier lines the ranks up, so the clock measures throwing, not start-up. */
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    double t0 = sw_now();
    uint64_t inside = 0, total = 0;
    /* The kernel (pi_kernel.c) counts; a long run goes in pieces, to show its progress. */
    for (uint64_t n = (uint64_t)first, end = n + (uint64_t)mine; n < end;) {
        uint64_t stop = (n / PIECE + 1) * PIECE < end ? (n / PIECE + 1) * PIECE : end;
        inside += pi_count_inside(&board, n, stop - n);
        progress_add(shown, (double)(stop - n) * world_size); /* all ranks throw alike */
        n = stop;
    }
    /* Only the counts travel (8 bytes per rank); 64 bits, because 1e10 darts overflow int. */
    MPIT_CHECK(MPI_Reduce(&inside, &total, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD));
    estimate e = {.seconds = sw_now() - t0};
    double p = M_PI / 4;
    e.pi = 4.0 * (double)total / (double)darts;
    e.error = e.pi - M_PI;
    e.sigma = 4.0 * sqrt(p * (1 - p) / (double)darts);
    return e;
}

int main(int argc, char **argv)
{
    int64_t darts = 1000000, seed = -1, seeds = 1;
    /* clang-format off */
    cli_option options[] = {
        {.name = "darts", .short_name = 'n', .type = CLI_INT64, .value = &darts, .env = "DARTS",
         .min = 1, .max = 1e13, .metavar = "D",
         .help = "darts to throw (in all, e.g. 1e9; D x K <= 1e13)"},
        {.name = "seed", .short_name = 's', .type = CLI_INT64, .value = &seed, .min = -1,
         .max = 1e15, .metavar = "S", .help = "random seed (-1: from the clock, printed)"},
        {.name = "seeds", .type = CLI_INT64, .value = &seeds, .min = 1, .max = 100000,
         .metavar = "K", .help = "make K estimates, with seeds S, S+1, ..., S+K-1"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "pi",
                     .purpose = "Monte Carlo pi: darts at a square, counted in parallel",
                     .usage = "mpiexec -n N ./pi [--darts D] [--seed S] [--seeds K]",
                     .options = options};
    /* Join the job: every rank throws its share of the darts; rank and size say which share. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    /* Every run must end while someone is still waiting for it. */
    if (darts > MAX_RUN / seeds)
        mpit_usage_error("%" PRId64 " darts x %" PRId64 " seeds is %.3g darts, more than one run "
                         "may throw (%.0e, about an hour on one core); lower --darts or --seeds",
                         darts, seeds, (double)darts * (double)seeds, (double)MAX_RUN);
    if (seed < 0) {
        seed = (int64_t)rng_seed_from_clock();
        /* Every rank must use rank 0's seed, or the blocks would come from different streams. */
        MPIT_CHECK(MPI_Bcast(&seed, 1, MPI_INT64_T, 0, MPI_COMM_WORLD));
    }

    if (world_rank == 0)
        printf("Monte Carlo pi: %" PRId64 " darts on %d process%s, seed %" PRId64 "%s\n", darts,
               world_size, world_size == 1 ? "" : "es", seed, seeds > 1 ? " and up" : "");
    bool ok = true;
    double max_z = 0, sum_z = 0, sum_z2 = 0;
    char timer[64];
    snprintf(timer, sizeof timer, "pi %d %" PRId64, world_size, darts);
    progress shown; /* on rank 0's terminal, when the run takes more than a few seconds */
    progress_start(&shown, "pi", "darts", (double)darts * (double)seeds, world_rank == 0);
    for (int64_t k = 0; k < seeds; k++) {
        sw_start(timer);
        estimate e = throw_darts((uint64_t)(seed + k), darts, world_rank, world_size, &shown);
        sw_stop(timer);
        if (world_rank != 0)
            continue; /* only rank 0 has the total */
        progress_clear(&shown);
        double z = e.error / e.sigma;
        ok = ok && fabs(z) < 5;
        max_z = fmax(max_z, fabs(z));
        sum_z += z;
        sum_z2 += z * z;
        if (seeds > 1)
            printf("seed %" PRId64 ": ", seed + k);
        printf("pi ~ %.9f error %+.3e (%+.2f sigma, sigma %.3e)\n", e.pi, e.error, z, e.sigma);
        if (seeds == 1)
            printf("time %.9f s, %.3e darts/s, %.3e darts/s per process\n", e.seconds,
                   (double)darts / e.seconds, (double)darts / e.seconds / world_size);
    }
    /* Over K seeds the errors in sigma units are K draws of (nearly) a standard normal:
     * their mean has deviation 1/sqrt(K), so it must stay within 5/sqrt(K) of 0; their root
     * mean square must be near 1 (deviation 1/sqrt(2K)): too small would mean the darts are
     * not independent, too large that sigma is wrong. */
    double k_seeds = (double)seeds, mean_z = sum_z / k_seeds, rms_z = sqrt(sum_z2 / k_seeds);
    if (seeds >= 10 && world_rank == 0) {
        ok = ok && fabs(mean_z) < 5 / sqrt(k_seeds) && fabs(rms_z - 1) < 5 / sqrt(2 * k_seeds);
        printf("%" PRId64 " estimates: max |error| %.2f sigma, mean %+.3f sigma, rms %.3f sigma"
               " (allowed: 5, 0 +- %.3f, 1 +- %.3f)\n",
               seeds, max_z, mean_z, rms_z, 5 / sqrt(k_seeds), 5 / sqrt(2 * k_seeds));
    }
    progress_end(&shown);
    if (world_rank == 0) {
        sw_status(timer, ok);
        sw_benchmark(stdout, "pi");
    }
    int status =
        mpit_verdict(ok, "|error| < 5 sigma for %" PRId64 " estimate%s%s", seeds,
                     seeds > 1 ? "s" : "", seeds >= 10 ? ", mean and spread as expected" : "");
    MPI_Finalize();
    return status;
}
