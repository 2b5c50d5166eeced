/* bcast.c - broadcast: one root gives every rank the same data.
 *
 *   mpiexec -n 4 ./bcast [--root 0] [--length 10]
 *
 * Part 1: the tutorial broadcasts a small Python dict, {'size': [1, 3, 8], 'name':
 * ['disk1', 'disk2', 'disk3']}. Its length is only known at the root, so C cannot simply
 * declare a matching buffer on every rank. We pack the record into bytes with MPI_Pack
 * (the entry count first), broadcast the byte count, then the bytes, and every rank unpacks.
 * (send_recv shows the other way: a derived datatype for a fixed-size struct.)
 * Part 2: a plain int array 0..length-1 with one MPI_Bcast, the tutorial's NumPy Bcast.
 *
 *   $ mpiexec -n 4 ./bcast
 *   rank 2: before bcast: record {} and array [0 0 0 0 0 0 0 0 0 0]
 *   rank 2: after bcast: record {size: [1, 3, 8], name: [disk1, disk2, disk3]} and array [0 1 2 3 4 5 6 7 8 9]
 *   ...
 *   bcast: OK, all 4 ranks hold the record and the array
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "mpit.h"

#define MAX_DISKS 8
#define NAME_LEN  16

typedef struct {
    int n;
    int size[MAX_DISKS];
    char name[MAX_DISKS][NAME_LEN];
} disk_record;

static void print_state(int rank, const char *when, const disk_record *r, const int *array,
                        int length)
{
    char sizes[128] = "", names[MAX_DISKS * (NAME_LEN + 2) + 16] = "", list[512];
    if (r->n > 0) {
        format_ints(sizes, sizeof sizes, r->size, r->n, ", ", 0);
        for (int i = 0; i < r->n; i++) {
            strcat(names, i ? ", " : "[");
            strcat(names, r->name[i]);
        }
        strcat(names, "]");
    }
    printf("rank %d: %s bcast: record {%s%s%s%s} and array %s\n", rank, when, r->n ? "size: " : "",
           sizes, r->n ? ", name: " : "", names,
           format_ints(list, sizeof list, array, length, " ", 32));
}

int main(int argc, char **argv)
{
    int root = 0, length = 10;
    /* clang-format off */
    cli_option options[] = {
        MPIT_ROOT_OPTION(&root, "rank that owns the data"),
        {.name = "length", .short_name = 'l', .type = CLI_INT, .value = &length, .min = 1,
         .max = 10000000, .metavar = "N", .help = "length of the int array"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "bcast",
                     .purpose = "broadcast a packed record and an int array from a root",
                     .usage = "mpiexec -n N ./bcast [--root R] [--length N]",
                     .options = options};
    /* Join the job. Every rank runs this same code; the rank tells the root from the rest. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_rank_option("--root", root);

    disk_record record = {0};
    int *array = mpit_xcalloc((size_t)length, sizeof *array);
    if (world_rank == root) {
        disk_record disks = {3, {1, 3, 8}, {"disk1", "disk2", "disk3"}};
        record = disks;
        for (int i = 0; i < length; i++)
            array[i] = i;
    }
    print_state(world_rank, "before", &record, array, length);

    /* Pack at the root: the count, then the sizes, then the names. */
    char packed[sizeof(disk_record) + 64];
    int packed_bytes = 0;
    if (world_rank == root) {
        MPIT_CHECK(
            MPI_Pack(&record.n, 1, MPI_INT, packed, sizeof packed, &packed_bytes, MPI_COMM_WORLD));
        MPIT_CHECK(MPI_Pack(record.size, record.n, MPI_INT, packed, sizeof packed, &packed_bytes,
                            MPI_COMM_WORLD));
        MPIT_CHECK(MPI_Pack(record.name, record.n * NAME_LEN, MPI_CHAR, packed, sizeof packed,
                            &packed_bytes, MPI_COMM_WORLD));
    }
    /* Every rank must call MPI_Bcast with the same count: send the byte count first. */
    MPIT_CHECK(MPI_Bcast(&packed_bytes, 1, MPI_INT, root, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Bcast(packed, packed_bytes, MPI_PACKED, root, MPI_COMM_WORLD));
    if (world_rank != root) {
        int position = 0;
        MPIT_CHECK(
            MPI_Unpack(packed, packed_bytes, &position, &record.n, 1, MPI_INT, MPI_COMM_WORLD));
        if (record.n < 0 || record.n > MAX_DISKS)
            record.n = 0; /* never trust a length to index an array */
        MPIT_CHECK(MPI_Unpack(packed, packed_bytes, &position, record.size, record.n, MPI_INT,
                              MPI_COMM_WORLD));
        MPIT_CHECK(MPI_Unpack(packed, packed_bytes, &position, record.name, record.n * NAME_LEN,
                              MPI_CHAR, MPI_COMM_WORLD));
    }

    /* Part 2: a buffer of known length needs no packing: one call, same count everywhere. */
    MPIT_CHECK(MPI_Bcast(array, length, MPI_INT, root, MPI_COMM_WORLD));
    print_state(world_rank, "after", &record, array, length);

    bool ok = record.n == 3 && record.size[0] == 1 && record.size[1] == 3 && record.size[2] == 8 &&
              strcmp(record.name[0], "disk1") == 0 && strcmp(record.name[2], "disk3") == 0;
    for (int i = 0; i < length; i++)
        ok = ok && array[i] == i;
    free(array);
    int status = mpit_verdict(ok, "all %d ranks hold the record and the array", world_size);
    MPI_Finalize();
    return status;
}
