/* record.c - send_recv's record with a fourth field, `int disks` (docs/answers/03).
 *
 *   mpicc record.c -o record
 *   mpiexec -n 2 ./record full      the datatype lists all four fields: disks arrives
 *   mpiexec -n 2 ./record forget    the struct has disks, the datatype still lists three:
 *                                   the field is never sent, rank 1 keeps its 0
 *
 * Rank 0 sends one record {id=42, size=3.5, name=disk1, disks=3} to rank 1, which prints
 * what it got and whether it equals what was sent.
 */
#include <mpi.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    int id;
    double size;
    char name[16];
    int disks; /* the new field */
} record;

/* The datatype: one entry per field, with the field's offset in the struct. `fields` is 4
 * for the whole record, 3 for the datatype written before disks existed. */
static MPI_Datatype record_type(int fields)
{
    int lengths[4] = {1, 1, 16, 1};
    MPI_Aint offsets[4] = {offsetof(record, id), offsetof(record, size), offsetof(record, name),
                           offsetof(record, disks)};
    MPI_Datatype types[4] = {MPI_INT, MPI_DOUBLE, MPI_CHAR, MPI_INT}, type, resized;
    MPI_Type_create_struct(fields, lengths, offsets, types, &type);
    /* One record in an array takes sizeof(record) bytes: say so, or an array of records
     * would be read with the wrong stride when the type ends before the struct does. */
    MPI_Type_create_resized(type, 0, sizeof(record), &resized);
    MPI_Type_free(&type);
    MPI_Type_commit(&resized);
    return resized;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    const char *mode = argc == 2 ? argv[1] : "";
    if (world_size < 2 || (strcmp(mode, "full") != 0 && strcmp(mode, "forget") != 0)) {
        if (world_rank == 0)
            fprintf(stderr, "usage: mpiexec -n 2 ./record full|forget\n");
        MPI_Finalize();
        return 2;
    }

    MPI_Datatype rec_type = record_type(strcmp(mode, "full") == 0 ? 4 : 3);
    record sent = {.id = 42, .size = 3.5, .name = "disk1", .disks = 3}, got = {0};
    if (world_rank == 0) {
        MPI_Send(&sent, 1, rec_type, 1, 1, MPI_COMM_WORLD);
    } else if (world_rank == 1) {
        MPI_Recv(&got, 1, rec_type, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        int same = got.id == sent.id && got.size == sent.size && strcmp(got.name, sent.name) == 0 &&
                   got.disks == sent.disks;
        printf("process 1: record {id=%d, size=%g, name=%s, disks=%d}: %s\n", got.id, got.size,
               got.name, got.disks, same ? "all four fields arrived" : "NOT what rank 0 sent");
    }
    MPI_Type_free(&rec_type);
    MPI_Finalize();
    return 0;
}
