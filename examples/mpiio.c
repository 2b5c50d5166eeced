/* mpiio.c - MPI-IO: every rank writes its part of one array into one shared file.
 *
 *   mpiexec -n 4 ./mpiio [--rows 64] [--cols 48] [--output mpiio.dat]
 *
 *   $ mpiexec -n 4 ./mpiio
 *   rank 1: rows 16..31 at byte 6144 (write_at_all), columns 12..23 through a view (write_all)
 *   ...
 *   mpiio: wrote 24576 bytes per copy: rows in 0.000304 s, columns through the view in 0.000512 s
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
 * MPI_File_read_at_all and checks every value. Rank 0 times the two writes and the read
 * (StopWatch table and "# csv" lines). The file is written under a temporary name
 * (common/mpiofile.h) and renamed only when every rank found it correct, so a failure
 * leaves no partial file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mpiofile.h"
#include "mpit.h"
#include "stopwatch.h"

/* Did every rank pass ok? A collective MPI-IO call must be made by all ranks or by none. */
static bool everyone(bool ok)
{
    int mine = ok, all = 0;
    MPIT_CHECK(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD));
    return all;
}

/* Rank r of p gets items [*first, *first + *count) of n, as evenly as possible. */
static void block(int n, int rank, int size, int *first, int *count)
{
    *first = (int)((long)n * rank / size);
    *count = (int)((long)n * (rank + 1) / size) - *first;
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
    size_t n = (size_t)rows * (size_t)cols;
    char err[1024] = "", why[1024] = "";
    /* One temporary file for all ranks, made by rank 0 with room for both copies; its name
     * is what every rank opens. Nothing is written unless the output can be. */
    mpio_file out;
    mpit_agree(mpiofile_create(&out, MPI_COMM_WORLD, output, (MPI_Offset)(2 * n * sizeof(double)),
                               err, sizeof err),
               "%s", err);

    int row0, nrows, col0, ncols;
    block(rows, world_rank, world_size, &row0, &nrows);
    block(cols, world_rank, world_size, &col0, &ncols);
    double *mine = mpit_xmalloc((size_t)nrows * (size_t)cols * sizeof *mine);
    double *by_col = mpit_xmalloc((size_t)rows * (size_t)ncols * sizeof *by_col);
    double *all = mpit_xmalloc(2 * n * sizeof *all);
    for (int i = 0; i < nrows; i++)
        for (int j = 0; j < cols; j++)
            mine[(size_t)i * cols + j] = (double)(row0 + i) * cols + j;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < ncols; j++)
            by_col[(size_t)i * ncols + j] = (double)i * cols + col0 + j;
    char rows_timer[64], cols_timer[64], read_timer[64];
    snprintf(rows_timer, sizeof rows_timer, "write rows np=%d %dx%d", world_size, rows, cols);
    snprintf(cols_timer, sizeof cols_timer, "write columns np=%d %dx%d", world_size, rows, cols);
    snprintf(read_timer, sizeof read_timer, "read back np=%d %dx%d", world_size, rows, cols);

    /* Collective open: every rank gets a handle to the same file. */
    MPI_File fh;
    int rc = MPI_File_open(MPI_COMM_WORLD, out.tmp_path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    bool ok = mpiofile_check(&out, rc, "open", err, sizeof err);
    MPI_Status status;
    MPI_Offset offset = (MPI_Offset)row0 * cols * (MPI_Offset)sizeof(double);
    if (everyone(ok)) {
        /* Copy 1: my rows are one contiguous run of bytes, at an offset only I write to. */
        MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD)); /* time the write, not the ranks' arrival */
        sw_start(rows_timer);
        rc = MPI_File_write_at_all(fh, offset, mine, nrows * cols, MPI_DOUBLE, &status);
        sw_stop(rows_timer);
        ok = mpiofile_check(&out, rc, "write", err, sizeof err) &&
             mpiofile_count_ok(&out, &status, MPI_DOUBLE, nrows * cols, err, sizeof err);

        /* Copy 2: my columns, through a view that shows me only my part of each row. */
        MPI_Datatype my_columns;
        int sizes[2] = {rows, cols}, sub[2] = {rows, ncols}, starts[2] = {0, col0};
        MPIT_CHECK(
            MPI_Type_create_subarray(2, sizes, sub, starts, MPI_ORDER_C, MPI_DOUBLE, &my_columns));
        MPIT_CHECK(MPI_Type_commit(&my_columns));
        MPI_Offset copy2 = (MPI_Offset)(n * sizeof(double));
        rc = MPI_File_set_view(fh, copy2, MPI_DOUBLE, my_columns, "native", MPI_INFO_NULL);
        ok = ok && mpiofile_check(&out, rc, "set a view on", err, sizeof err);
        MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
        sw_start(cols_timer);
        rc = MPI_File_write_all(fh, by_col, rows * ncols, MPI_DOUBLE, &status);
        sw_stop(cols_timer);
        ok = ok && mpiofile_check(&out, rc, "write", err, sizeof err) &&
             mpiofile_count_ok(&out, &status, MPI_DOUBLE, rows * ncols, err, sizeof err);
        MPI_Type_free(&my_columns);
        /* Closing makes every rank's writes part of the file before anybody reads it. */
        rc = MPI_File_close(&fh);
        ok = mpiofile_check(&out, rc, "close", err, sizeof err) && ok;
    }
    printf("rank %d: rows %d..%d at byte %lld (write_at_all), columns %d..%d through a view "
           "(write_all)\n",
           world_rank, row0, row0 + nrows - 1, (long long)offset, col0, col0 + ncols - 1);

    /* Read everything back, on every rank, and check each value of both copies. */
    long wrong = (long)(2 * n);
    if (everyone(ok)) {
        rc = MPI_File_open(MPI_COMM_WORLD, out.tmp_path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
        ok = mpiofile_check(&out, rc, "reopen", err, sizeof err);
    }
    if (everyone(ok)) {
        sw_start(read_timer);
        rc = MPI_File_read_at_all(fh, 0, all, (int)(2 * n), MPI_DOUBLE, &status);
        sw_stop(read_timer);
        ok = mpiofile_check(&out, rc, "read", err, sizeof err) &&
             mpiofile_count_ok(&out, &status, MPI_DOUBLE, (int)(2 * n), err, sizeof err);
        MPI_File_close(&fh);
        wrong = 0;
        for (size_t i = 0; i < 2 * n; i++)
            wrong += all[i] != (double)(i % n);
    }
    long worst = 0;
    MPIT_CHECK(MPI_Allreduce(&wrong, &worst, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD));
    /* Keep the file only if all went well everywhere; else leave nothing behind. */
    bool kept = mpiofile_commit(&out, ok && worst == 0, why, sizeof why);
    mpit_agree(ok, "%s", err);
    mpit_agree(kept, "%s", why);
    if (world_rank == 0) {
        printf("mpiio: wrote %zu bytes per copy: rows in %.6f s, columns through the view in "
               "%.6f s\n",
               n * sizeof(double), sw_get(rows_timer), sw_get(cols_timer));
        sw_status(rows_timer, worst == 0);
        sw_status(cols_timer, worst == 0);
        sw_status(read_timer, worst == 0);
        sw_benchmark(stdout, "mpiio");
    }
    free(mine);
    free(by_col);
    free(all);
    int verdict = mpit_verdict(worst == 0,
                               "%d rank%s wrote a %dx%d array of doubles twice into %s; "
                               "every rank read back all %zu values %s",
                               world_size, world_size == 1 ? "" : "s", rows, cols, output, 2 * n,
                               worst ? "and found wrong ones" : "and found each one right");
    MPI_Finalize();
    return verdict;
}
