/* darts.c - pi's darts with the changes of exercises 3 and 4 (docs/answers/10), so that they
 * can be run without editing pi. It uses pi's own kernel (examples/pi_kernel.h), compiled in;
 * in build/bin:
 *
 *   mpicc -O2 -I../../common -I../../examples ../../docs/answers/10-monte-carlo-pi/darts.c \
 *         ../../examples/pi_kernel.c -o darts -lm
 *   mpiexec -n 2 ./darts MODE DARTS SEED [SEEDS]
 *
 * MODE pi         pi's own count, pi_count_inside: the estimates ./pi prints
 *      no-look    exercise 3: exact_inside returns true without looking, so a dart is inside
 *                 when the 15-bit halves of its word give U^2 + V^2 < 2^30 (pi_kernel.c's
 *                 word_inside with that change). Also prints pi's own count of the same darts.
 *      own-darts  exercise 4: every rank throws its own darts, pi_darts_init(seed + rank),
 *                 numbered from 0
 * SEEDS (default 1) makes estimates for seeds SEED .. SEED + SEEDS - 1; from 10 on, their
 * mean and spread are checked as `pi --seeds` checks them, with the same limits.
 */
#define _XOPEN_SOURCE 700 /* M_PI */
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pi_kernel.h"

/* Darts numbered first .. first + count - 1 whose U^2 + V^2 < 2^30: inside when every dart
 * near the arc counts as inside. The words come a block at a time (pi_dart_words starts each
 * call by seeding a block, so calls end at block boundaries). */
static uint64_t count_no_look(const pi_darts *board, uint64_t first, uint64_t count)
{
    static uint32_t words[PI_BLOCK];
    uint64_t inside = 0;
    for (uint64_t n = first, end = first + count; n < end;) {
        uint64_t stop = (n / PI_BLOCK + 1) * PI_BLOCK < end ? (n / PI_BLOCK + 1) * PI_BLOCK : end;
        pi_dart_words(board, n, words, stop - n);
        for (uint64_t i = 0; i < stop - n; i++) {
            uint32_t u = words[i] & 0x7fff, v = words[i] >> 16 & 0x7fff;
            inside += u * u + v * v < UINT32_C(1) << 30;
        }
        n = stop;
    }
    return inside;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    char *end_darts = NULL, *end_seed = NULL, *end_seeds = NULL;
    const char *mode = argc >= 4 ? argv[1] : "";
    double d = argc >= 4 ? strtod(argv[2], &end_darts) : 0;
    long long seed = argc >= 4 ? strtoll(argv[3], &end_seed, 10) : -1;
    long long seeds = argc == 5 ? strtoll(argv[4], &end_seeds, 10) : 1;
    bool known = !strcmp(mode, "pi") || !strcmp(mode, "no-look") || !strcmp(mode, "own-darts");
    if (argc < 4 || argc > 5 || !known || *end_darts || *end_seed || (end_seeds && *end_seeds) ||
        d < 1 || d > 1e13 || d != floor(d) || seed < 0 || seeds < 1 || seeds > 100000) {
        if (world_rank == 0)
            fprintf(stderr,
                    "usage: mpiexec -n N ./darts pi|no-look|own-darts DARTS SEED [SEEDS]\n");
        MPI_Finalize();
        return 2;
    }
    uint64_t darts = (uint64_t)d, r = (uint64_t)world_rank;
    uint64_t share = darts / (uint64_t)world_size, extra = darts % (uint64_t)world_size;
    uint64_t mine = share + (r < extra), first = r * share + (r < extra ? r : extra);
    bool no_look = !strcmp(mode, "no-look");

    if (world_rank == 0)
        printf("%s, %.0f darts on %d process%s, seed %lld%s\n", mode, (double)darts, world_size,
               world_size == 1 ? "" : "es", seed, seeds > 1 ? " and up" : "");
    double p = M_PI / 4, sigma = 4.0 * sqrt(p * (1 - p) / (double)darts);
    double max_z = 0, sum_z = 0, sum_z2 = 0;
    for (long long k = 0; k < seeds; k++) {
        pi_darts board;
        uint64_t counts[2] = {0, 0}, totals[2]; /* the mode's count; pi's count (no-look) */
        if (!strcmp(mode, "own-darts")) {
            pi_darts_init(&board, (uint64_t)(seed + k) + r);
            counts[0] = pi_count_inside(&board, 0, mine);
        } else {
            pi_darts_init(&board, (uint64_t)(seed + k));
            counts[0] = pi_count_inside(&board, first, mine);
            if (no_look) {
                counts[1] = counts[0];
                counts[0] = count_no_look(&board, first, mine);
            }
        }
        MPI_Reduce(counts, totals, 2, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        if (world_rank != 0)
            continue;
        double pi = 4.0 * (double)totals[0] / (double)darts, z = (pi - M_PI) / sigma;
        max_z = fmax(max_z, fabs(z));
        sum_z += z;
        sum_z2 += z * z;
        if (seeds > 1)
            printf("seed %lld: ", seed + k);
        printf("%llu inside, pi ~ %.9f error %+.3e (%+.2f sigma, sigma %.3e)",
               (unsigned long long)totals[0], pi, pi - M_PI, z, sigma);
        if (no_look)
            printf("; pi's kernel: %llu inside, %+.2f sigma", (unsigned long long)totals[1],
                   (4.0 * (double)totals[1] / (double)darts - M_PI) / sigma);
        printf("\n");
    }
    if (world_rank == 0) {
        double k_seeds = (double)seeds, mean_z = sum_z / k_seeds, rms_z = sqrt(sum_z2 / k_seeds);
        bool ok = max_z < 5;
        if (seeds >= 10) {
            ok = ok && fabs(mean_z) < 5 / sqrt(k_seeds) && fabs(rms_z - 1) < 5 / sqrt(2 * k_seeds);
            printf("%lld estimates: max |error| %.2f sigma, mean %+.3f sigma, rms %.3f sigma "
                   "(allowed: 5, 0 +- %.3f, 1 +- %.3f)\n",
                   seeds, max_z, mean_z, rms_z, 5 / sqrt(k_seeds), 5 / sqrt(2 * k_seeds));
        }
        printf("darts: %s, as pi would say\n", ok ? "OK" : "FAILED");
    }
    MPI_Finalize();
    return 0; /* FAILED is an answer here, not an error */
}
