/* allgather.c - allgather: everybody gathers everybody's piece.
 *
 *   mpiexec -n 4 ./allgather
 *
 * Rank r computes row r of a multiplication table (r*0, r*1, ..., r*(N-1)). MPI_Allgather
 * is a gather whose result lands on EVERY rank, so afterwards each rank holds the whole
 * N x N table and prints it. (The tutorial's version declares float arrays but sends them as
 * MPI.INT, which garbles the table; here the data and its MPI datatype agree.)
 *
 *   $ mpiexec -n 4 ./allgather
 *   rank 2: row [0 2 4 6]
 *   rank 2: table after allgather:
 *   rank 2:   [0 0 0 0]
 *   rank 2:   [0 1 2 3]
 *   ...
 *   allgather: OK, all 4 ranks hold the full 4x4 table
 */
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "mpit.h"

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "allgather",
                     .purpose = "every rank computes one row, every rank gets the whole table",
                     .usage = "mpiexec -n N ./allgather   (N <= 64, the table is printed)",
                     .options = options};
    /* Join the job: the rank says which row of the table this process computes. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_ranks(1, 64);

    int *row = mpit_xmalloc((size_t)world_size * sizeof *row);
    int *table = mpit_xcalloc((size_t)world_size * (size_t)world_size, sizeof *table);
    for (int j = 0; j < world_size; j++)
        row[j] = world_rank * j;
    char list[1024];
    printf("rank %d: row %s\n", world_rank,
           format_ints(list, sizeof list, row, world_size, " ", 0));

    /* Each rank sends its row (world_size ints) and receives world_size of them, one per
     * rank, stored in rank order: row r of `table` comes from rank r. */
    MPIT_CHECK(MPI_Allgather(row, world_size, MPI_INT, table, world_size, MPI_INT, MPI_COMM_WORLD));

    printf("rank %d: table after allgather:\n", world_rank);
    bool ok = true;
    for (int i = 0; i < world_size; i++) {
        const int *got = table + (size_t)i * (size_t)world_size;
        printf("rank %d:   %s\n", world_rank,
               format_ints(list, sizeof list, got, world_size, " ", 0));
        for (int j = 0; j < world_size; j++)
            ok = ok && got[j] == i * j;
    }
    free(row);
    free(table);
    int status = mpit_verdict(ok, "all %d ranks hold the full %dx%d table", world_size, world_size,
                              world_size);
    MPI_Finalize();
    return status;
}
