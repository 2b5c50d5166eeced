/* gather.c - gather: every rank contributes a piece, the root collects them in rank order.
 *
 *   mpiexec -n 4 ./gather [--root 0] [--columns 10]
 *
 * Part 1: rank r holds (r+1)^2; MPI_Gather puts them side by side at the root:
 * [1, 4, 9, 16]. The other ranks receive nothing (the tutorial's None).
 * Part 2: rank r holds a row of `columns` r's; MPI_Gather stacks the rows into a table at
 * the root, row r from rank r, whatever order the messages arrive in.
 *
 *   rank 3: before gather: value 16, row [3 3 3 3 3 3 3 3 3 3]
 *   rank 0: after gather: list [1, 4, 9, 16]
 *   rank 0: table row 2: [2 2 2 2 2 2 2 2 2 2]
 *   gather: OK, the root holds all 4 values and rows in rank order
 */
#include <stdio.h>
#include <stdlib.h>

#include "mpit.h"

static void print_ints(const int *v, int n)
{
    for (int j = 0; j < n && j < 32; j++)
        printf(j ? " %d" : "%d", v[j]);
    printf("%s]\n", n > 32 ? " ..." : "");
}

int main(int argc, char **argv)
{
    int root = 0, columns = 10;
    cli_option options[] = {
        {.name = "root", .short_name = 'r', .type = CLI_INT, .value = &root, .min = 0,
         .max = 1000000, .metavar = "R", .help = "rank that collects the data"},
        {.name = "columns", .short_name = 'c', .type = CLI_INT, .value = &columns, .min = 1,
         .max = 1000000, .metavar = "N", .help = "length of each rank's row"},
        CLI_END};
    cli_spec spec = {.program = "gather",
                     .purpose = "gather one value and one row from every rank at a root",
                     .usage = "mpiexec -n N ./gather [--root R] [--columns N]",
                     .options = options};
    int world_rank, world_size;
    mpit_init(&argc, &argv, &spec, &world_rank, &world_size);
    if (root >= world_size)
        mpit_usage_error("--root %d is not a rank of this %d-process job; use 0..%d", root,
                         world_size, world_size - 1);

    int value = (world_rank + 1) * (world_rank + 1);
    int *row = mpit_xmalloc((size_t)columns * sizeof *row);
    for (int j = 0; j < columns; j++)
        row[j] = world_rank;
    printf("rank %d: before gather: value %d, row [", world_rank, value);
    print_ints(row, columns);

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
        printf("rank %d: after gather: list [", world_rank);
        for (int i = 0; i < world_size; i++) {
            printf(i ? ", %d" : "%d", values[i]);
            ok = ok && values[i] == (i + 1) * (i + 1);
        }
        printf("]\n");
        for (int i = 0; i < world_size; i++) {
            const int *gathered = table + (size_t)i * (size_t)columns;
            printf("rank %d: table row %d: [", world_rank, i);
            print_ints(gathered, columns);
            for (int j = 0; j < columns; j++)
                ok = ok && gathered[j] == i;
        }
    } else {
        printf("rank %d: after gather: list none\n", world_rank);
    }
    free(row);
    free(values);
    free(table);
    mpit_exit(mpit_verdict(ok, "the root holds all %d values and rows in rank order", world_size));
}
