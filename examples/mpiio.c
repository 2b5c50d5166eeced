/* mpiio.c - MPI-IO: every rank writes its part of one array into one shared file.
 *
 *   mpiexec -n 4 ./mpiio [--rows 64] [--cols 48] [--output mpiio.dat]
 *
 *   rank 1: rows 16..31 at byte 6144 (write_at_all), columns 12..23 through a view (write_all)
 *   ...
 *   mpiio: OK, 4 ranks wrote a 64x48 array of doubles twice into mpiio.dat; every rank read back all 6144 values and found each one right
 *
 * The array a[i][j] = i*cols + j lives spread over the ranks, and the file holds it twice,
 * in row-major order (the order a single program would write it):
 *   copy 1, bytes 0..N*8-1: rank r owns a block of whole rows, which is one contiguous
 *     piece of the file, so it writes them with MPI_File_write_at_all at its own offset.
 *   copy 2, right after: rank r owns a block of whole columns, which in a row-major file is
 *     a short piece of every row - not contiguous. A file view (a subarray datatype, set
 *     with MPI_File_set_view) tells MPI which pieces of the file are this rank's; then
 *     MPI_File_write_all writes the rank's columns as if they were one contiguous stream.
 * Both writes are collective (_all): all ranks call them together, so the MPI library can
 * merge the many small pieces into few large file accesses.
 * Then the file is closed, opened again, and every rank reads the whole file with
 * MPI_File_read_at_all and checks every value. The file is written under a temporary name
 * and renamed only when every rank found it correct, so a failure leaves no partial file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "atomicfile.h"
#include "mpit.h"

/* Rank r of p gets items [*first, *first + *count) of n, as evenly as possible. */
static void block(int n, int rank, int size, int *first, int *count)
{
    *first = (int)((long)n * rank / size);
    *count = (int)((long)n * (rank + 1) / size) - *first;
}

/* MPI-IO returns errors (files default to MPI_ERRORS_RETURN): say what failed, on one line. */
static bool io_ok(int rc, const char *what, const char *path, char *err, size_t len)
{
    if (rc == MPI_SUCCESS)
        return true;
    char text[MPI_MAX_ERROR_STRING];
    int n = 0;
    MPI_Error_string(rc, text, &n);
    snprintf(err, len, "cannot %s '%s': %s", what, path, text);
    return false;
}

int main(int argc, char **argv)
{
    int rows = 64, cols = 48;
    const char *output = "mpiio.dat";
    /* clang-format off */
    cli_option options[] = {
        {.name = "rows", .short_name = 'r', .type = CLI_INT, .value = &rows, .min = 1, .max = 2048,
         .metavar = "R", .help = "rows of the array (at least one per rank)"},
        {.name = "cols", .short_name = 'c', .type = CLI_INT, .value = &cols, .min = 1, .max = 2048,
         .metavar = "C", .help = "columns of the array (at least one per rank)"},
        {.name = "output", .short_name = 'o', .type = CLI_STRING, .value = &output,
         .metavar = "FILE", .help = "the shared file"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "mpiio",
                     .purpose = "collective MPI-IO: write one shared file, read it back, check it",
                     .usage = "mpiexec -n P ./mpiio [--rows R] [--cols C] [--output FILE]",
                     .options = options};
    /* Join the job: every rank writes its own block of the array. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    if (rows < world_size || cols < world_size)
        mpit_usage_error("a %dx%d array cannot give each of %d ranks a row and a column; "
                         "use --rows and --cols of at least %d",
                         rows, cols, world_size, world_size);
    char err[640] = "";
    mpit_agree(world_rank != 0 || afile_can_create(output, err, sizeof err), "%s", err);

    /* One temporary name for all ranks: rank 0's process id, broadcast. */
    char tmp[4096];
    int id = (int)getpid();
    MPIT_CHECK(MPI_Bcast(&id, 1, MPI_INT, 0, MPI_COMM_WORLD));
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", output, id);

    int row0, nrows, col0, ncols;
    block(rows, world_rank, world_size, &row0, &nrows);
    block(cols, world_rank, world_size, &col0, &ncols);
    size_t n = (size_t)rows * (size_t)cols;
    double *mine = mpit_xmalloc((size_t)nrows * (size_t)cols * sizeof *mine);
    double *by_col = mpit_xmalloc((size_t)rows * (size_t)ncols * sizeof *by_col);
    double *all = mpit_xmalloc(2 * n * sizeof *all);
    for (int i = 0; i < nrows; i++)
        for (int j = 0; j < cols; j++)
            mine[(size_t)i * cols + j] = (double)(row0 + i) * cols + j;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < ncols; j++)
            by_col[(size_t)i * ncols + j] = (double)i * cols + col0 + j;

    /* Collective open: every rank gets a handle to the same file. */
    MPI_File fh;
    int rc =
        MPI_File_open(MPI_COMM_WORLD, tmp, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    mpit_agree(io_ok(rc, "create", tmp, err, sizeof err), "%s", err);

    /* Copy 1: my rows are one contiguous run of bytes, at an offset only I write to. */
    MPI_Offset offset = (MPI_Offset)row0 * cols * (MPI_Offset)sizeof(double);
    rc = MPI_File_write_at_all(fh, offset, mine, nrows * cols, MPI_DOUBLE, MPI_STATUS_IGNORE);
    bool ok = io_ok(rc, "write", tmp, err, sizeof err);

    /* Copy 2: my columns, through a view that shows me only my part of each row. */
    MPI_Datatype my_columns;
    int sizes[2] = {rows, cols}, sub[2] = {rows, ncols}, starts[2] = {0, col0};
    MPIT_CHECK(
        MPI_Type_create_subarray(2, sizes, sub, starts, MPI_ORDER_C, MPI_DOUBLE, &my_columns));
    MPIT_CHECK(MPI_Type_commit(&my_columns));
    MPI_Offset copy2 = (MPI_Offset)(n * sizeof(double));
    rc = MPI_File_set_view(fh, copy2, MPI_DOUBLE, my_columns, "native", MPI_INFO_NULL);
    ok = ok && io_ok(rc, "set a view on", tmp, err, sizeof err);
    rc = MPI_File_write_all(fh, by_col, rows * ncols, MPI_DOUBLE, MPI_STATUS_IGNORE);
    ok = ok && io_ok(rc, "write", tmp, err, sizeof err);
    MPI_Type_free(&my_columns);
    /* Closing makes every rank's writes part of the file before anybody reads it. */
    rc = MPI_File_close(&fh);
    ok = ok && io_ok(rc, "close", tmp, err, sizeof err);
    printf("rank %d: rows %d..%d at byte %lld (write_at_all), columns %d..%d through a view "
           "(write_all)\n",
           world_rank, row0, row0 + nrows - 1, (long long)offset, col0, col0 + ncols - 1);

    /* Read everything back, on every rank, and check each value of both copies. */
    rc = MPI_File_open(MPI_COMM_WORLD, tmp, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    ok = ok && io_ok(rc, "reopen", tmp, err, sizeof err);
    long wrong = (long)(2 * n);
    if (rc == MPI_SUCCESS) {
        rc = MPI_File_read_at_all(fh, 0, all, (int)(2 * n), MPI_DOUBLE, MPI_STATUS_IGNORE);
        ok = ok && io_ok(rc, "read", tmp, err, sizeof err);
        MPI_File_close(&fh);
        wrong = 0;
        for (size_t i = 0; i < 2 * n; i++)
            wrong += all[i] != (double)(i % n);
    }
    long worst = 0;
    MPIT_CHECK(MPI_Allreduce(&wrong, &worst, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD));
    /* Keep the file only if all went well everywhere; else leave nothing behind. */
    int good = ok && worst == 0, all_good = 0;
    MPIT_CHECK(MPI_Allreduce(&good, &all_good, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD));
    bool renamed = true;
    if (world_rank == 0 && all_good && rename(tmp, output) != 0)
        renamed = false,
        snprintf(err, sizeof err, "cannot rename the finished file to '%.500s'", output);
    if (world_rank == 0 && (!all_good || !renamed))
        MPI_File_delete(tmp, MPI_INFO_NULL);
    mpit_agree(ok, "%s", err);
    mpit_agree(renamed, "%s", err);
    free(mine);
    free(by_col);
    free(all);
    int status = mpit_verdict(worst == 0,
                              "%d rank%s wrote a %dx%d array of doubles twice into %s; "
                              "every rank read back all %zu values %s",
                              world_size, world_size == 1 ? "" : "s", rows, cols, output, 2 * n,
                              worst ? "and found wrong ones" : "and found each one right");
    MPI_Finalize();
    return status;
}
