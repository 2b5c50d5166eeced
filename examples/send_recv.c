/* send_recv.c - point-to-point: rank 0 sends, rank 1 receives.
 *
 *   mpiexec -n 2 ./send_recv [--count 5]
 *
 * Protocol: rank 0 sends two messages to rank 1 with blocking MPI_Send.
 *   1. A structured record (the tutorial sends a small Python dict, which mpi4py pickles).
 *      In C we describe the struct to MPI with a derived datatype, so MPI copies the fields
 *      itself - correctly even between machines with different byte order or padding.
 *   2. A plain int buffer 1..count (the tutorial's uppercase Send of a NumPy array).
 * Every rank then prints what it holds: only rank 1 has changed, as in the tutorial; ranks
 * 2 and up take no part and keep their empty values.
 *
 *   $ mpiexec -n 2 ./send_recv
 *   process 0: record {id=0, size=0, name=-}; buffer [0 0 0 0 0]
 *   process 1: record {id=42, size=3.5, name=disk1}; buffer [1 2 3 4 5]
 *   send_recv: OK, rank 1 received the record and 5 ints
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "mpit.h"

typedef struct {
    int id;
    double size;
    char name[16];
} record;

enum { TAG_RECORD = 1, TAG_BUFFER = 2 };

/* An MPI datatype that matches `record` field by field (offsets from offsetof, so padding
 * is whatever this compiler chose). */
static MPI_Datatype record_type(void)
{
    int lengths[3] = {1, 1, 16};
    MPI_Aint offsets[3] = {offsetof(record, id), offsetof(record, size), offsetof(record, name)};
    MPI_Datatype types[3] = {MPI_INT, MPI_DOUBLE, MPI_CHAR}, type;
    MPIT_CHECK(MPI_Type_create_struct(3, lengths, offsets, types, &type));
    MPIT_CHECK(MPI_Type_commit(&type));
    return type;
}

static void print_state(int rank, const record *r, const int *buffer, int count)
{
    char list[8192];
    printf("process %d: record {id=%d, size=%g, name=%s}; buffer %s\n", rank, r->id, r->size,
           r->name[0] ? r->name : "-", format_ints(list, sizeof list, buffer, count, " ", 0));
}

int main(int argc, char **argv)
{
    int count = 5;
    /* clang-format off */
    cli_option options[] = {
        {.name = "count", .short_name = 'c', .type = CLI_INT, .value = &count, .min = 1,
         .max = 1000, .metavar = "N", .help = "length of the int buffer sent second"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "send_recv",
                     .purpose = "blocking point-to-point: a struct and a buffer from rank 0 to 1",
                     .usage = "mpiexec -n 2 ./send_recv [--count N]",
                     .options = options};
    /* MPI_Init joins this process to the job mpiexec started. The rank decides what this
     * copy of the program does (0 sends, 1 receives); the size is how many copies run. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_ranks(2, 0);

    MPI_Datatype rec_type = record_type();
    record rec = {0};
    int *buffer = mpit_xcalloc((size_t)count, sizeof *buffer);

    if (world_rank == 0) {
        record sent = {.id = 42, .size = 3.5, .name = "disk1"};
        for (int i = 0; i < count; i++)
            buffer[i] = i + 1;
        /* Blocking send: returns once `sent` may be reused (MPI copied or delivered it). */
        MPIT_CHECK(MPI_Send(&sent, 1, rec_type, 1, TAG_RECORD, MPI_COMM_WORLD));
        MPIT_CHECK(MPI_Send(buffer, count, MPI_INT, 1, TAG_BUFFER, MPI_COMM_WORLD));
        /* Rank 0's own copies stay empty, as in the tutorial: it sent, it did not receive. */
        memset(buffer, 0, (size_t)count * sizeof *buffer);
    } else if (world_rank == 1) {
        /* The tags keep the two messages apart; MPI also keeps their order from one sender. */
        MPIT_CHECK(MPI_Recv(&rec, 1, rec_type, 0, TAG_RECORD, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
        MPIT_CHECK(
            MPI_Recv(buffer, count, MPI_INT, 0, TAG_BUFFER, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    }
    print_state(world_rank, &rec, buffer, count);

    /* Check: rank 1 holds exactly what was sent, everybody else still holds nothing. */
    bool ok = true;
    for (int i = 0; i < count; i++)
        ok = ok && buffer[i] == (world_rank == 1 ? i + 1 : 0);
    ok = ok && (world_rank == 1 ? rec.id == 42 && rec.size == 3.5 && strcmp(rec.name, "disk1") == 0
                                : rec.id == 0);
    MPI_Type_free(&rec_type);
    free(buffer);
    int status = mpit_verdict(ok, "rank 1 received the record and %d ints", count);
    MPI_Finalize();
    return status;
}
