/* views.c - mpiio's array a[i][j] = i*cols + j written through other file views, and the two
 * writes of mpiio timed (docs/answers/07).
 *
 *   mpicc views.c -o views
 *   mpiexec -n 3 ./views rows ROWS COLS FILE     block of rows per rank, through a view of
 *                                                one contiguous type (exercise 1)
 *   mpiexec -n 3 ./views cyclic ROWS COLS FILE   columns r, r+P, r+2P, ... per rank, through
 *                                                a resized vector type (exercise 2)
 *   mpiexec -n 4 ./views time ROWS COLS FILE     mpiio's copy 1 (rows, write_at_all) and
 *                                                copy 2 (columns, subarray view), timed
 *
 * rows and cyclic write one copy of the array, row-major, so the file must equal the first
 * ROWS*COLS doubles of mpiio's file (compare with cmp). time writes both copies, one after
 * the other, and prints the slowest rank's time of each write.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(int world_rank, const char *what)
{
    if (world_rank == 0)
        fprintf(stderr, "views: %s\nusage: mpiexec -n N ./views rows|cyclic|time ROWS COLS FILE\n",
                what);
    MPI_Finalize();
    return 2;
}

/* Rank r of p owns rows [first, first + n): the first rows % p ranks one more. */
static void block(int total, int r, int p, int *first, int *n)
{
    *n = total / p + (r < total % p);
    *first = r * (total / p) + (r < total % p ? r : total % p);
}

/* A whole number in [lo, hi], all of s (atoi would take "12abc" as 12 and "ten" as 0). */
static int whole(const char *s, long lo, long hi, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi)
        return 0;
    *out = (int)v;
    return 1;
}

static double timed_max(double seconds)
{
    double slowest;
    MPI_Allreduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return slowest;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (argc != 5)
        return fail(world_rank, "needs 4 arguments");
    const char *mode = argv[1], *path = argv[4];
    int rows, cols;
    if (!whole(argv[2], world_size, 16384, &rows) || !whole(argv[3], world_size, 16384, &cols))
        return fail(world_rank,
                    "ROWS and COLS: whole numbers, at least one per rank, at most 16384");

    MPI_File fh;
    if (MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL,
                      &fh) != MPI_SUCCESS)
        return fail(world_rank, "cannot open the file");
    MPI_File_set_size(fh, 0); /* an old, longer file would keep its tail */

    if (strcmp(mode, "rows") == 0) {
        int first, n;
        block(rows, world_rank, world_size, &first, &n);
        double *mine = malloc((size_t)n * cols * sizeof *mine);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < cols; j++)
                mine[i * cols + j] = (double)(first + i) * cols + j;
        /* The view: this rank sees one run of n*cols doubles, starting at its first row. */
        MPI_Datatype my_rows;
        MPI_Type_contiguous(n * cols, MPI_DOUBLE, &my_rows);
        MPI_Type_commit(&my_rows);
        MPI_Offset disp = (MPI_Offset)first * cols * (MPI_Offset)sizeof(double);
        MPI_File_set_view(fh, disp, MPI_DOUBLE, my_rows, "native", MPI_INFO_NULL);
        MPI_File_write_all(fh, mine, n * cols, MPI_DOUBLE, MPI_STATUS_IGNORE);
        MPI_Type_free(&my_rows);
        free(mine);
    } else if (strcmp(mode, "cyclic") == 0) {
        /* Columns r, r+P, ...: ncols of them, one double each, P doubles apart. */
        int ncols = (cols - world_rank + world_size - 1) / world_size;
        double *mine = malloc((size_t)rows * ncols * sizeof *mine);
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < ncols; k++)
                mine[i * ncols + k] = (double)i * cols + world_rank + k * world_size;
        MPI_Datatype in_a_row, one_row;
        MPI_Type_vector(ncols, 1, world_size, MPI_DOUBLE, &in_a_row);
        /* The vector ends at its last column; resized to a whole row, the next one starts
         * where the next row of the file starts. */
        MPI_Type_create_resized(in_a_row, 0, (MPI_Aint)cols * (MPI_Aint)sizeof(double), &one_row);
        MPI_Type_commit(&one_row);
        MPI_File_set_view(fh, (MPI_Offset)world_rank * (MPI_Offset)sizeof(double), MPI_DOUBLE,
                          one_row, "native", MPI_INFO_NULL);
        MPI_File_write_all(fh, mine, rows * ncols, MPI_DOUBLE, MPI_STATUS_IGNORE);
        MPI_Type_free(&in_a_row);
        MPI_Type_free(&one_row);
        free(mine);
    } else if (strcmp(mode, "time") == 0) {
        int first, n, col0, ncols;
        block(rows, world_rank, world_size, &first, &n);
        block(cols, world_rank, world_size, &col0, &ncols);
        double *by_row = malloc((size_t)n * cols * sizeof *by_row);
        double *by_col = malloc((size_t)rows * ncols * sizeof *by_col);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < cols; j++)
                by_row[i * cols + j] = (double)(first + i) * cols + j;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < ncols; j++)
                by_col[i * ncols + j] = (double)i * cols + col0 + j;
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPI_File_write_at_all(fh, (MPI_Offset)first * cols * (MPI_Offset)sizeof(double), by_row,
                              n * cols, MPI_DOUBLE, MPI_STATUS_IGNORE);
        double copy1 = timed_max(MPI_Wtime() - t0);
        int sizes[2] = {rows, cols}, sub[2] = {rows, ncols}, starts[2] = {0, col0};
        MPI_Datatype my_columns;
        MPI_Type_create_subarray(2, sizes, sub, starts, MPI_ORDER_C, MPI_DOUBLE, &my_columns);
        MPI_Type_commit(&my_columns);
        MPI_Offset copy2_offset = (MPI_Offset)rows * cols * (MPI_Offset)sizeof(double);
        MPI_Barrier(MPI_COMM_WORLD);
        t0 = MPI_Wtime();
        MPI_File_set_view(fh, copy2_offset, MPI_DOUBLE, my_columns, "native", MPI_INFO_NULL);
        MPI_File_write_all(fh, by_col, rows * ncols, MPI_DOUBLE, MPI_STATUS_IGNORE);
        double copy2 = timed_max(MPI_Wtime() - t0);
        if (world_rank == 0)
            printf("%d rank%s, %dx%d doubles (%.1f MB a copy): copy 1 by rows %.4f s, "
                   "copy 2 by columns %.4f s\n",
                   world_size, world_size == 1 ? "" : "s", rows, cols,
                   (double)rows * cols * 8 / 1e6, copy1, copy2);
        MPI_Type_free(&my_columns);
        free(by_row);
        free(by_col);
    } else {
        MPI_File_close(&fh);
        return fail(world_rank, "the mode is rows, cyclic or time");
    }
    MPI_File_close(&fh);
    if (world_rank == 0 && strcmp(mode, "time") != 0)
        printf("views: %d ranks wrote the %dx%d array (%s) into %s\n", world_size, rows, cols, mode,
               path);
    MPI_Finalize();
    return 0;
}
