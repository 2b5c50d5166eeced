/* count.c - every rank draws random numbers and counts one value; rank 0 gathers the counts.
 *
 *   mpiexec -n 4 ./count [--n 20] [--max 10] [--find 8] [--seed S]
 *   N=20 MAX=10 FIND=8 mpiexec -n 4 ./count          (the tutorial's environment variables)
 *
 * Protocol. Each rank draws N whole numbers, uniform in [1, MAX], from its own random stream
 * (rng.h: stream number = rank, so the ranks' numbers are independent, and the same --seed
 * gives the same numbers again). It counts how often FIND occurs and prints one line:
 * "rank count [numbers]". MPI_Gather then collects the N counts at rank 0, in rank order,
 * which prints them and their total. As a check, the total is also computed a second way,
 * with MPI_Reduce, and the two must agree.
 *
 *   $ mpiexec -n 4 ./count --seed 1
 *   seed 1: 4 ranks draw 20 numbers each from 1..10 and count the 8's
 *   0 0 [10, 7, 3, 5, 9, 4, 1, 1, 4, 4, 2, 9, 6, 1, 5, 9, 7, 2, 5, 6]
 *   1 2 [3, 8, 4, 6, 2, 6, 1, 6, 10, 10, 1, 3, 10, 8, 3, 1, 9, 3, 3, 10]
 *   ...
 *   0 [0, 2, 1, 0]
 *   Total number of 8's: 3
 *   count: OK, 3 of 80 numbers are 8 (gather and reduce agree)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "mpit.h"
#include "rng.h"

#define PRINT_LIMIT 1000 /* longer lists are not printed */

/* "rank count [a, b, c]" in one printf, so lines from different ranks do not mix. */
static void print_numbers(int rank, int64_t count, const int64_t *numbers, int64_t n)
{
    if (n > PRINT_LIMIT) {
        printf("%d %" PRId64 " [%" PRId64 " numbers, not printed]\n", rank, count, n);
        return;
    }
    size_t size = 64 + (size_t)n * 22, used = 0;
    char *line = mpit_xmalloc(size);
    used += (size_t)snprintf(line, size, "%d %" PRId64 " [", rank, count);
    for (int64_t i = 0; i < n; i++)
        used +=
            (size_t)snprintf(line + used, size - used, i ? ", %" PRId64 : "%" PRId64, numbers[i]);
    printf("%s]\n", line);
    free(line);
}

int main(int argc, char **argv)
{
    int64_t n = 20, max = 10, find = 8, seed = -1;
    /* clang-format off */
    cli_option options[] = {
        {.name = "n", .type = CLI_INT64, .value = &n, .env = "N", .min = 1, .max = 1e8,
         .metavar = "N", .help = "numbers per rank (printed when at most 1000)"},
        {.name = "max", .type = CLI_INT64, .value = &max, .env = "MAX", .min = 1, .max = 1e9,
         .metavar = "MAX", .help = "numbers are drawn from 1..MAX"},
        {.name = "find", .type = CLI_INT64, .value = &find, .env = "FIND", .min = 1, .max = 1e9,
         .metavar = "F", .help = "the number to count (1..MAX)"},
        {.name = "seed", .short_name = 's', .type = CLI_INT64, .value = &seed, .min = -1,
         .max = 1e15, .metavar = "S", .help = "random seed (-1: from the clock, printed)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "count",
                     .purpose = "count a number in random data on every rank, gather the counts",
                     .usage = "mpiexec -n N ./count [--n N] [--max MAX] [--find F] [--seed S]",
                     .options = options};
    /* Join the job: every rank draws its own numbers, from a stream chosen by its rank. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    if (find > max) /* named as the user gave them: a flag, or a variable (FIND=12) */
        mpit_usage_error("%s is %" PRId64 ", which can never occur in numbers from 1 to %" PRId64
                         "; use 1..%" PRId64 " or a larger %s",
                         cli_named(&spec, "find"), find, max, max, cli_named(&spec, "max"));
    if (seed < 0) {
        seed = (int64_t)rng_seed_from_clock();
        /* All ranks need rank 0's seed: their streams differ by rank number, not by seed. */
        MPIT_CHECK(MPI_Bcast(&seed, 1, MPI_INT64_T, 0, MPI_COMM_WORLD));
    }
    if (world_rank == 0)
        printf("seed %" PRId64 ": %d rank%s draw%s %" PRId64 " numbers each from 1..%" PRId64
               " and count%s the %" PRId64 "'s\n",
               seed, world_size, world_size == 1 ? "" : "s", world_size == 1 ? "s" : "", n, max,
               world_size == 1 ? "s" : "", find);

    /* Each rank's own data and its own count: no communication needed for this part. */
    rng_stream rng;
    rng_init(&rng, (uint64_t)seed, (uint64_t)world_rank);
    int64_t *numbers = mpit_xmalloc((size_t)n * sizeof *numbers);
    int64_t count = 0;
    for (int64_t i = 0; i < n; i++) {
        numbers[i] = rng_range(&rng, 1, max);
        count += numbers[i] == find;
    }
    print_numbers(world_rank, count, numbers, n);

    /* MPI_Gather: rank 0 receives one count from every rank, stored in rank order. */
    int64_t *counts = world_rank == 0 ? mpit_xmalloc((size_t)world_size * sizeof *counts) : NULL;
    MPIT_CHECK(MPI_Gather(&count, 1, MPI_INT64_T, counts, 1, MPI_INT64_T, 0, MPI_COMM_WORLD));
    /* MPI_Reduce adds the counts on the way: the same total without the list. */
    int64_t reduced = 0;
    MPIT_CHECK(MPI_Reduce(&count, &reduced, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD));

    bool ok = true;
    int64_t total = 0;
    if (world_rank == 0) {
        size_t size = 16 + (size_t)world_size * 22, used = 0;
        char *line = mpit_xmalloc(size);
        used += (size_t)snprintf(line, size, "0 [");
        for (int r = 0; r < world_size; r++) {
            used += (size_t)snprintf(line + used, size - used, r ? ", %" PRId64 : "%" PRId64,
                                     counts[r]);
            total += counts[r];
        }
        printf("%s]\nTotal number of %" PRId64 "'s: %" PRId64 "\n", line, find, total);
        ok = counts[0] == count && total == reduced;
        free(line);
    }
    free(counts);
    free(numbers);
    int status = mpit_verdict(
        ok, "%" PRId64 " of %" PRId64 " numbers are %" PRId64 " (gather and reduce agree)", total,
        n * world_size, find);
    MPI_Finalize();
    return status;
}
