/* gather.c - gather: every rank contributes a piece, the root collects them in rank order.
 *
 *   mpiexec -n 4 ./gather [--root 0] [--columns 10]
 *
 * Part 1: rank r holds (r+1)^2; MPI_Gather puts them side by side at the root:
 * [1, 4, 9, 16]. The other ranks receive nothing (the tutorial's None).
 * Part 2: rank r holds a row of `columns` r's; MPI_Gather stacks the rows into a table at
 * the root, row r from rank r, whatever order the messages arrive in.
 *
 *   $ mpiexec -n 4 ./gather
 *   rank 3: before gather: value 16, row [3 3 3 3 3 3 3 3 3 3]
 *   rank 0: after gather: list [1, 4, 9, 16]
 *   rank 0: table row 2: [2 2 2 2 2 2 2 2 2 2]
 *   ...
 *   gather: OK, the root holds all 4 values and rows in rank order
 */
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "mpit.h"

int main(int argc, char **argv)
{
    int root = 0, columns = 10;
    /* clang-format off */
    cli_option options[] = {
        MPIT_ROOT_OPTION(&root, "rank that collects the data"),
        {.name = "columns", .short_name = 'c', .type = CLI_INT, .value = &columns, .min = 1,
         .max = 1000000, .metavar = "N", .help = "length of each rank's row"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "gather",
                     .purpose = "gather one value and one row from every rank at a root",
                     .usage = "mpiexec -n N ./gather [--root R] [--columns N]",
                     .options = options};
    /* Join the job. Every rank runs this same code; the rank tells the root from the rest. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_rank_option("--root", root);

    int value = (world_rank + 1) * (world_rank + 1);
    int *row = mpit_xmalloc((size_t)columns * sizeof *row);
    for (int j = 0; j < columns; j++)
        row[j] = world_rank;
    char list[512];
    printf("rank %d: before gather: value %d, row %s\n", world_rank, value,
           format_ints(list, sizeof list, row, columns, " ", 32));

    /* Only the root needs room for everybody's data; elsewhere the receive buffer is unused. */
    int *values = NULL, *table = NULL;
    if (world_rank == root) {
        values = mpit_xmalloc((size_t)world_size * sizeof *values);
        table = mpit_xmalloc((size_t)world_size * (size_t)columns * sizeof *table);
    }
    /* The receive count is per sending rank (1, then `columns`), not the total. */
    MPIT_CHECK(MPI_Gather(&value, 1, MPI_INT, values, 1, MPI_INT, root, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Gather(row, columns, MPI_INT, table, columns, MPI_INT, root, MPI_COMM_WORLD));

    bool ok = true;
    if (world_rank == root) {
        printf("rank %d: after gather: list %s\n", world_rank,
               format_ints(list, sizeof list, values, world_size, ", ", 32));
        for (int i = 0; i < world_size; i++) {
            const int *gathered = table + (size_t)i * (size_t)columns;
            ok = ok && values[i] == (i + 1) * (i + 1);
            printf("rank %d: table row %d: %s\n", world_rank, i,
                   format_ints(list, sizeof list, gathered, columns, " ", 32));
            for (int j = 0; j < columns; j++)
                ok = ok && gathered[j] == i;
        }
    } else {
        printf("rank %d: after gather: list none\n", world_rank);
    }
    free(row);
    free(values);
    free(table);
    int status =
        mpit_verdict(ok, "the root holds all %d values and rows in rank order", world_size);
    MPI_Finalize();
    return status;
}
