/* comm_split.c - communicators: the rows and the columns of a process grid with
 * MPI_Comm_split, and the ranks of each host with MPI_Comm_split_type.
 *
 *   mpiexec -n 6 ./comm_split [--cols 2]
 *
 * The grid: the ranks laid out row by row, ROWS x COLS (rank r at row r / COLS, column
 * r % COLS). --cols must divide the number of ranks; without it MPI_Dims_create picks the
 * grid closest to a square. Rank (i, j) holds A[i][j] = r + 1 of a ROWS x COLS matrix.
 *
 * Protocol.
 *  1. MPI_Comm_split(world, color = my row, key = my column): one new communicator per
 *     row, its ranks numbered by column. The same with color = column: one per column.
 *  2. y = A x on the grid: x[j] = j + 1 starts at the top of column j and goes down it
 *     (MPI_Bcast in the column's communicator, root 0 = row 0); every rank multiplies; each
 *     row adds its products (MPI_Allreduce in the row's communicator): every rank of row i
 *     gets y[i]. No rank ever talks to the whole world.
 *  3. MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED): one communicator per host (the
 *     ranks that can share memory). Its rank 0 leads the host; MPI_Comm_split with the
 *     color MPI_UNDEFINED for the others makes a communicator of the leaders alone. Then
 *     the sum of all A in two steps, inside each host and then among the leaders: the shape
 *     of a program for a cluster of Raspberry Pis, whose network is much slower than memory.
 * Check: every y[i] equals the serial product, and the two-step sum equals the sum over
 * the whole world at once.
 *
 *   $ mpiexec -n 6 ./comm_split
 *   comm_split: 6 ranks as a 3 x 2 grid (rows x columns)
 *   rank 3: row 1 (rank 1 of 2), column 1 (rank 1 of 3): A[1][1] = 4, x[1] = 2, y[1] = 11
 *   ...
 *   rank 0: leads ranks [0 1 2 3 4 5], which share memory on myhost.
 *   comm_split: sum of A, host by host and then over 1 leader: 21 (over the world at once: 21)
 *   comm_split: OK, y = A x on the 3 x 2 grid equals the serial product; the two-step sum is right
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "mpit.h"

/* y[i] of the serial product: row i of A times x. */
static int64_t serial_y(int row, int cols)
{
    int64_t y = 0;
    for (int j = 0; j < cols; j++)
        y += ((int64_t)row * cols + j + 1) * (j + 1);
    return y;
}

int main(int argc, char **argv)
{
    int cols = 0;
    /* clang-format off */
    cli_option options[] = {
        {.name = "cols", .short_name = 'c', .type = CLI_INT, .value = &cols, .min = 0,
         .max = 1000000, .metavar = "C",
         .help = "columns of the grid, a divisor of the rank count (0: as square as can be)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "comm_split",
                     .purpose = "split the world into rows, columns and hosts",
                     .usage = "mpiexec -n N ./comm_split [--cols C]",
                     .options = options};
    /* Join the job: every rank finds its place in the grid and on its host. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    if (cols == 0) {
        int dims[2] = {0, 0}; /* rows, columns: MPI picks both, rows >= columns */
        MPIT_CHECK(MPI_Dims_create(world_size, 2, dims));
        cols = dims[1];
    } else if (world_size % cols != 0) {
        mpit_usage_error("--cols %d does not divide %d ranks into full rows; use a divisor "
                         "of %d, or leave --cols out",
                         cols, world_size, world_size);
    }
    int rows = world_size / cols, row = world_rank / cols, col = world_rank % cols;
    if (world_rank == 0)
        printf("comm_split: %d rank%s as a %d x %d grid (rows x columns)\n", world_size,
               world_size == 1 ? "" : "s", rows, cols);

    /* 1. Same color, same new communicator; the key orders the ranks inside it. */
    MPI_Comm row_comm, col_comm;
    MPIT_CHECK(MPI_Comm_split(MPI_COMM_WORLD, row, col, &row_comm));
    MPIT_CHECK(MPI_Comm_split(MPI_COMM_WORLD, col, row, &col_comm));
    int row_rank, col_rank;
    MPI_Comm_rank(row_comm, &row_rank);
    MPI_Comm_rank(col_comm, &col_rank);

    /* 2. x[j] is known at the top of column j only: broadcast it down the column. Rank 0 of
     * col_comm is row 0, because the key was the row. */
    int64_t a = world_rank + 1, x = col_rank == 0 ? col + 1 : 0, y = 0;
    MPIT_CHECK(MPI_Bcast(&x, 1, MPI_INT64_T, 0, col_comm));
    int64_t product = a * x;
    /* Each row adds up its products; every rank of the row gets the sum, y[row]. */
    MPIT_CHECK(MPI_Allreduce(&product, &y, 1, MPI_INT64_T, MPI_SUM, row_comm));
    printf("rank %d: row %d (rank %d of %d), column %d (rank %d of %d): A[%d][%d] = %" PRId64
           ", x[%d] = %" PRId64 ", y[%d] = %" PRId64 "\n",
           world_rank, row, row_rank, cols, col, col_rank, rows, row, col, a, col, x, row, y);
    bool ok = row_rank == col && col_rank == row && y == serial_y(row, cols);

    /* 3. The ranks that can share memory are on the same host; the key keeps world order,
     * so each host's lowest world rank becomes its rank 0, the leader. */
    MPI_Comm node_comm, leaders_comm;
    MPIT_CHECK(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, world_rank, MPI_INFO_NULL,
                                   &node_comm));
    int node_rank, node_size;
    MPI_Comm_rank(node_comm, &node_rank);
    MPI_Comm_size(node_comm, &node_size);
    int *members = node_rank == 0 ? mpit_xmalloc((size_t)node_size * sizeof *members) : NULL;
    /* The leader learns which world ranks share its host. */
    MPIT_CHECK(MPI_Gather(&world_rank, 1, MPI_INT, members, 1, MPI_INT, 0, node_comm));
    /* Only leaders join the next communicator: the others get MPI_COMM_NULL. */
    MPIT_CHECK(MPI_Comm_split(MPI_COMM_WORLD, node_rank == 0 ? 0 : MPI_UNDEFINED, world_rank,
                              &leaders_comm));

    /* The sum of all A: first inside each host (fast, shared memory) ... */
    int64_t host_sum = 0, two_step = 0, flat = 0;
    MPIT_CHECK(MPI_Reduce(&a, &host_sum, 1, MPI_INT64_T, MPI_SUM, 0, node_comm));
    int leaders = 0;
    if (leaders_comm != MPI_COMM_NULL) {
        char host[MPI_MAX_PROCESSOR_NAME], list[256];
        int host_len;
        MPIT_CHECK(MPI_Get_processor_name(host, &host_len));
        printf("rank %d: leads ranks %s, which share memory on %s.\n", world_rank,
               format_ints(list, sizeof list, members, node_size, " ", 32), host);
        /* ... then among the leaders, one message per host over the network. */
        MPIT_CHECK(MPI_Allreduce(&host_sum, &two_step, 1, MPI_INT64_T, MPI_SUM, leaders_comm));
        MPI_Comm_size(leaders_comm, &leaders);
        MPIT_CHECK(MPI_Comm_free(&leaders_comm));
    }
    /* The same sum in one step over the world, to compare. */
    MPIT_CHECK(MPI_Allreduce(&a, &flat, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD));
    if (world_rank == 0) {
        printf("comm_split: sum of A, host by host and then over %d leader%s: %" PRId64
               " (over the world at once: %" PRId64 ")\n",
               leaders, leaders == 1 ? "" : "s", two_step, flat);
        ok = ok && two_step == flat && flat == (int64_t)world_size * (world_size + 1) / 2;
    }
    free(members);
    MPIT_CHECK(MPI_Comm_free(&row_comm));
    MPIT_CHECK(MPI_Comm_free(&col_comm));
    MPIT_CHECK(MPI_Comm_free(&node_comm));
    int status = mpit_verdict(ok,
                              "y = A x on the %d x %d grid equals the serial product; "
                              "the two-step sum is right",
                              rows, cols);
    MPI_Finalize();
    return status;
}
