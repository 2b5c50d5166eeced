/* scatter.c - scatter: the root deals out one piece of its data to each rank.
 *
 *   mpiexec -n 4 ./scatter [--root 0] [--columns 10]
 *
 * Part 1: the root holds the list [1, 4, 9, ..., N^2] (one entry per rank) and MPI_Scatter
 * gives entry i to rank i: after the call rank 2 holds 9.
 * Part 2: the root holds an N x columns table whose row i is all i's; MPI_Scatter hands
 * row i to rank i. The send count is per rank (one row), not the total: a common slip.
 *
 *   $ mpiexec -n 4 ./scatter
 *   rank 0: before scatter: list [1, 4, 9, 16]
 *   rank 2: after scatter: value 9, row [2 2 2 2 2 2 2 2 2 2]
 *   ...
 *   scatter: OK, every rank got its square and its row
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
        MPIT_ROOT_OPTION(&root, "rank that owns the data"),
        {.name = "columns", .short_name = 'c', .type = CLI_INT, .value = &columns, .min = 1,
         .max = 1000000, .metavar = "N", .help = "length of each row of the table"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "scatter",
                     .purpose = "scatter a list and the rows of a table from a root",
                     .usage = "mpiexec -n N ./scatter [--root R] [--columns N]",
                     .options = options};
    /* Join the job. Every rank runs this same code; the rank tells the root from the rest. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_rank_option("--root", root);

    /* Only the root needs the full data; the others pass NULL (it is ignored there). */
    int *squares = NULL, *table = NULL;
    if (world_rank == root) {
        squares = mpit_xmalloc((size_t)world_size * sizeof *squares);
        table = mpit_xmalloc((size_t)world_size * (size_t)columns * sizeof *table);
        for (int i = 0; i < world_size; i++) {
            squares[i] = (i + 1) * (i + 1);
            for (int j = 0; j < columns; j++)
                table[(size_t)i * (size_t)columns + (size_t)j] = i;
        }
        char list[512];
        printf("rank %d: before scatter: list %s\n", world_rank,
               format_ints(list, sizeof list, squares, world_size, ", ", 32));
    } else {
        printf("rank %d: before scatter: list none\n", world_rank);
    }

    /* Counts are per receiving rank: one int each, then one row of `columns` ints each. */
    int value = 0;
    int *row = mpit_xcalloc((size_t)columns, sizeof *row);
    MPIT_CHECK(MPI_Scatter(squares, 1, MPI_INT, &value, 1, MPI_INT, root, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Scatter(table, columns, MPI_INT, row, columns, MPI_INT, root, MPI_COMM_WORLD));
    char list[512];
    printf("rank %d: after scatter: value %d, row %s\n", world_rank, value,
           format_ints(list, sizeof list, row, columns, " ", 32));

    bool ok = value == (world_rank + 1) * (world_rank + 1);
    for (int j = 0; j < columns; j++)
        ok = ok && row[j] == world_rank;
    free(squares);
    free(table);
    free(row);
    int status = mpit_verdict(ok, "every rank got its square and its row");
    MPI_Finalize();
    return status;
}
