/* alltoall.c - redistribute data by key: a parallel bucket sort with MPI_Alltoall and
 * MPI_Alltoallv.
 *
 *   mpiexec -n 4 ./alltoall [--n 40] [--max 99] [--skew 1] [--seed 1]
 *
 * The data: N whole numbers from 0 to MAX, number i made from draw i of one random stream,
 * so they are the same numbers at any rank count. Rank r starts with the block
 * N*r/size .. N*(r+1)/size - 1, in no particular order.
 *
 * Protocol. Rank r is the bucket for the values (MAX+1)*r/size up to (MAX+1)*(r+1)/size.
 *  1. Every rank puts its numbers in bucket order (a counting sort) and counts how many it
 *     has for each bucket: send_counts[d] numbers go to rank d.
 *  2. MPI_Alltoall of the counts: rank r's send_counts[d] arrives at rank d as
 *     recv_counts[r]. The matrix of counts is transposed; now every rank knows how many
 *     numbers it gets from whom, and so where each sender's numbers go in its receive buffer.
 *  3. MPI_Alltoallv moves the numbers themselves: a different count to and from each rank,
 *     at the offsets (displacements) the counts give.
 *  4. Every rank sorts its bucket alone. Buckets are in rank order, so rank 0's bucket, then
 *     rank 1's, ... is all the numbers, sorted.
 * Check: rank 0 gathers the buckets (MPI_Gatherv) and compares them with a serial sort of
 * the same N numbers. Their fingerprint (a hash of the sorted list) is the same at any rank
 * count. With --skew K a number is MAX*u^K for a uniform u: most are small, and the low
 * buckets get most of the work.
 *
 *   $ mpiexec -n 4 ./alltoall
 *   alltoall: 40 numbers from 0 to 99 (seed 1) on 4 ranks
 *   rank 1: holds [14 69 85 89 7 82 52 1 57 84]
 *   rank 1: sends [3 0 3 4] to ranks 0..3, receives [1 0 4 4]
 *   rank 1: bucket 25..49, sorted [25 28 38 40 43 44 46 47 47]
 *   ...
 *   alltoall: OK, 40 numbers sorted on 4 ranks equal a serial sort (fingerprint 0bdd29eb9dc628ae)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alltoall_buckets.h"
#include "mpit.h"

int main(int argc, char **argv)
{
    int64_t n = 40, seed = 1;
    int max = 99, skew = 1;
    /* clang-format off */
    cli_option options[] = {
        {.name = "n", .type = CLI_INT64, .value = &n, .min = 1, .max = 1e8, .metavar = "N",
         .help = "numbers in all (each rank's are printed when N <= 100)"},
        {.name = "max", .type = CLI_INT, .value = &max, .min = 1, .max = 1e9, .metavar = "MAX",
         .help = "numbers are drawn from 0..MAX"},
        {.name = "skew", .type = CLI_INT, .value = &skew, .min = 1, .max = 10, .metavar = "K",
         .help = "1: uniform; K > 1: MAX * u^K, mostly small numbers (uneven buckets)"},
        {.name = "seed", .short_name = 's', .type = CLI_INT64, .value = &seed, .min = 0,
         .max = 1e15, .metavar = "S", .help = "random seed: the same seed, the same numbers"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "alltoall",
                     .purpose = "a parallel bucket sort: MPI_Alltoall the counts, then "
                                "MPI_Alltoallv the numbers",
                     .usage = "mpiexec -n N ./alltoall [--n N] [--max MAX] [--skew K] [--seed S]",
                     .options = options};
    /* Join the job: every rank starts with a share of the numbers and ends with a bucket. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    numbers data = {.seed = (uint64_t)seed, .n = n, .max = max, .skew = skew, .size = world_size};
    bool show = n <= 100;
    if (world_rank == 0)
        printf("alltoall: %" PRId64 " numbers from 0 to %d (seed %" PRId64 "%s) on %d rank%s\n", n,
               max, seed, skew > 1 ? ", skewed" : "", world_size, world_size == 1 ? "" : "s");
    int count = 0;
    int *mine = numbers_block(&data, world_rank, &count);
    if (show)
        print_list(world_rank, "holds", mine, count);

    /* 1. My numbers in bucket order, and how many go to each rank. */
    int *send_counts = mpit_xcalloc((size_t)world_size, sizeof *send_counts);
    int *recv_counts = mpit_xcalloc((size_t)world_size, sizeof *recv_counts);
    int *outgoing = bucket_order(&data, mine, count, send_counts);

    /* 2. A rank cannot receive what it cannot size: first every rank tells every other how
     * many numbers to expect (one int each way, for every pair of ranks). */
    MPIT_CHECK(MPI_Alltoall(send_counts, 1, MPI_INT, recv_counts, 1, MPI_INT, MPI_COMM_WORLD));
    print_counts(world_rank, send_counts, recv_counts, world_size);

    /* 3. Where each rank's numbers start, in what I send and in what I receive. */
    int *send_displs = prefix_sums(send_counts, world_size, NULL);
    int received = 0;
    int *recv_displs = prefix_sums(recv_counts, world_size, &received);
    int *bucket = mpit_xmalloc(((size_t)received + 1) * sizeof *bucket);
    /* Everybody sends to everybody at once, a different amount to each: the library can
     * schedule the pairs so that no link waits (a loop of MPI_Send could deadlock). */
    MPIT_CHECK(MPI_Alltoallv(outgoing, send_counts, send_displs, MPI_INT, bucket, recv_counts,
                             recv_displs, MPI_INT, MPI_COMM_WORLD));

    /* 4. My bucket holds exactly the values of my range: sort it, alone. */
    qsort(bucket, (size_t)received, sizeof *bucket, compare_ints);
    bool ok = in_bucket(&data, world_rank, bucket, received);
    if (show)
        print_bucket(&data, world_rank, bucket, received);

    /* Check: rank 0 collects the buckets in rank order (their sizes first) and compares. */
    int *sizes = world_rank == 0 ? mpit_xmalloc((size_t)world_size * sizeof *sizes) : NULL;
    MPIT_CHECK(MPI_Gather(&received, 1, MPI_INT, sizes, 1, MPI_INT, 0, MPI_COMM_WORLD));
    int *starts = world_rank == 0 ? prefix_sums(sizes, world_size, NULL) : NULL;
    int *sorted = world_rank == 0 ? mpit_xmalloc((size_t)n * sizeof *sorted) : NULL;
    MPIT_CHECK(
        MPI_Gatherv(bucket, received, MPI_INT, sorted, sizes, starts, MPI_INT, 0, MPI_COMM_WORLD));
    uint64_t fingerprint = 0;
    if (world_rank == 0)
        ok = ok && equals_serial_sort(&data, sorted, &fingerprint);
    int *buffers[] = {sizes,       starts,   sorted,      bucket,      recv_displs,
                      send_displs, outgoing, recv_counts, send_counts, mine};
    for (size_t i = 0; i < sizeof buffers / sizeof *buffers; i++)
        free(buffers[i]);
    int status = mpit_verdict(ok,
                              "%" PRId64 " numbers sorted on %d rank%s equal a serial sort "
                              "(fingerprint %016" PRIx64 ")",
                              n, world_size, world_size == 1 ? "" : "s", fingerprint);
    MPI_Finalize();
    return status;
}
