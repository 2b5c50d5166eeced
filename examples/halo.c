/* halo.c - heat spreading over a plate cut into blocks, one block per process: the halo
 * exchange, the pattern at the heart of every grid and stencil code.
 *
 *   mpiexec -n 4 ./halo [--rows 240] [--cols 320] [--steps 1000] [--dims 2x2]
 *
 * Protocol. MPI_Dims_create picks a process grid P x Q for the job (--dims can fix it) and
 * MPI_Cart_create makes a communicator that knows the grid: each rank owns one block of the
 * plate (rows and columns split nearly evenly) and MPI_Cart_shift names its four neighbours
 * (MPI_PROC_NULL on the plate's edge). Then, every step:
 *   1. the halo exchange: each rank sends its edge rows and columns to its neighbours and
 *      receives theirs into its ghost layer (MPI_Sendrecv). A row is ncols doubles in a
 *      row; a column is nrows doubles a whole row apart, described by an MPI_Type_vector;
 *   2. each rank updates its own cells from its block and ghosts (halo_grid.c).
 * At the end every rank writes its block into one file with MPI-IO: a subarray type says
 * where the block lies in the plate (the file view), another where its cells lie in the
 * array with ghosts, and one collective MPI_File_write_all does the rest. The file is
 * written under a temporary name (common/mpiofile.h); rank 0 reads it back, compares it
 * with a serial run of the same kernel bit for bit, draws it (--image), and only then
 * renames it to --output.
 *
 *   $ mpiexec -n 4 ./halo
 *   halo: 240x320 cells, 1000 steps, 2x2 processes, largest block 120x160 cells
 *   halo: 1000 steps in 0.713 s, 0.697 s of it in the halo exchange (slowest rank)
 *   halo: wrote heat.dat (240x320 doubles, row-major) and heat.png
 *   halo: checksum cbbc701daee02f7e, mean temperature 0.139022351
 *   halo: OK, heat.dat equals a serial run of the same kernel, bit for bit
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "format.h"
#include "halo_grid.h"
#include "mpiofile.h"
#include "mpit.h"

enum { TAG_ROW = 1, TAG_COLUMN = 2 };

typedef struct {
    MPI_Comm cart;             /* the processes as a P x Q grid */
    int up, down, left, right; /* neighbours' ranks in cart; MPI_PROC_NULL: the edge */
    MPI_Datatype column;       /* one column of my block: nrows doubles, ncols + 2 apart */
    halo_block b;              /* my block of the plate */
} grid;

/* Fill my ghost layer with my neighbours' edge cells, and give them mine. */
static void exchange(const grid *g, double *u)
{
    const halo_block *b = &g->b;
    /* My last row goes down while my top ghost row comes from above; then the other way.
     * Sendrecv posts both halves at once, so a whole column of ranks doing this together
     * cannot deadlock; towards MPI_PROC_NULL (the edge) that half does nothing, and the
     * ghost keeps the fixed edge temperature. */
    MPIT_CHECK(MPI_Sendrecv(&u[halo_at(b, b->nrows, 1)], b->ncols, MPI_DOUBLE, g->down, TAG_ROW,
                            &u[halo_at(b, 0, 1)], b->ncols, MPI_DOUBLE, g->up, TAG_ROW, g->cart,
                            MPI_STATUS_IGNORE));
    MPIT_CHECK(MPI_Sendrecv(&u[halo_at(b, 1, 1)], b->ncols, MPI_DOUBLE, g->up, TAG_ROW,
                            &u[halo_at(b, b->nrows + 1, 1)], b->ncols, MPI_DOUBLE, g->down, TAG_ROW,
                            g->cart, MPI_STATUS_IGNORE));
    /* Columns: one element of the vector type is a whole column, picked out by MPI. */
    MPIT_CHECK(MPI_Sendrecv(&u[halo_at(b, 1, b->ncols)], 1, g->column, g->right, TAG_COLUMN,
                            &u[halo_at(b, 1, 0)], 1, g->column, g->left, TAG_COLUMN, g->cart,
                            MPI_STATUS_IGNORE));
    MPIT_CHECK(MPI_Sendrecv(&u[halo_at(b, 1, 1)], 1, g->column, g->left, TAG_COLUMN,
                            &u[halo_at(b, 1, b->ncols + 1)], 1, g->column, g->right, TAG_COLUMN,
                            g->cart, MPI_STATUS_IGNORE));
}

/* Every rank writes its block to its place in the plate's file. Collective. */
static bool write_plate(const grid *g, const double *u, const mpio_file *file, char *err,
                        size_t len)
{
    const halo_block *b = &g->b;
    int plate[2] = {b->rows, b->cols}, block[2] = {b->nrows, b->ncols};
    int at[2] = {b->row0, b->col0}, array[2] = {b->nrows + 2, b->ncols + 2}, inside[2] = {1, 1};
    MPI_Datatype in_file, in_memory;
    /* Where my block lies in the plate, which the file holds row after row. */
    MPIT_CHECK(MPI_Type_create_subarray(2, plate, block, at, MPI_ORDER_C, MPI_DOUBLE, &in_file));
    /* Where my cells lie in my array: inside the ghost layer. */
    MPIT_CHECK(
        MPI_Type_create_subarray(2, array, block, inside, MPI_ORDER_C, MPI_DOUBLE, &in_memory));
    MPIT_CHECK(MPI_Type_commit(&in_file));
    MPIT_CHECK(MPI_Type_commit(&in_memory));
    /* Collective open: every rank of the grid gets a handle to the same file. */
    MPI_File fh;
    int rc = MPI_File_open(g->cart, file->tmp_path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    bool ok = mpiofile_check(file, rc, "open", err, len);
    int opened = ok, all_opened = 0; /* the calls below are collective: all ranks or none */
    MPIT_CHECK(MPI_Allreduce(&opened, &all_opened, 1, MPI_INT, MPI_LAND, g->cart));
    if (all_opened) {
        /* The view: from here on this rank sees only its block's cells of the file. */
        rc = MPI_File_set_view(fh, 0, MPI_DOUBLE, in_file, "native", MPI_INFO_NULL);
        ok = mpiofile_check(file, rc, "set a view on", err, len);
        /* One collective write: MPI can merge every rank's pieces into large accesses. */
        MPI_Status status;
        rc = MPI_File_write_all(fh, u, 1, in_memory, &status);
        ok = ok && mpiofile_check(file, rc, "write", err, len) &&
             mpiofile_count_ok(file, &status, in_memory, 1, err, len);
        /* Closing makes every rank's writes part of the file before rank 0 reads it. */
        rc = MPI_File_close(&fh);
        ok = mpiofile_check(file, rc, "close", err, len) && ok;
    } else if (opened) {
        MPI_File_close(&fh);
    }
    MPI_Type_free(&in_file);
    MPI_Type_free(&in_memory);
    return ok;
}

int main(int argc, char **argv)
{
    int rows = 240, cols = 320, steps = 1000;
    const char *dims_text = "0x0", *output = "heat.dat", *image = "heat.png";
    /* clang-format off */
    cli_option options[] = {
        {.name = "rows", .short_name = 'r', .type = CLI_INT, .value = &rows, .min = 1,
         .max = HALO_MAX_SIDE, .metavar = "R", .help = "rows of cells of the plate"},
        {.name = "cols", .short_name = 'c', .type = CLI_INT, .value = &cols, .min = 1,
         .max = HALO_MAX_SIDE, .metavar = "C", .help = "columns of cells of the plate"},
        {.name = "steps", .short_name = 's', .type = CLI_INT, .value = &steps, .min = 1,
         .max = 1e8, .metavar = "N", .help = "time steps"},
        {.name = "dims", .short_name = 'd', .type = CLI_STRING, .value = &dims_text,
         .metavar = "PxQ", .help = "process grid, P rows by Q columns (0: MPI picks)"},
        {.name = "output", .short_name = 'o', .type = CLI_STRING, .value = &output,
         .metavar = "FILE", .help = "the plate, rows x cols native doubles (MPI-IO)"},
        {.name = "image", .type = CLI_STRING, .value = &image, .metavar = "FILE",
         .help = "the plate as a picture: .png or .pgm"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "halo",
                     .purpose = "2-D heat diffusion on a grid of processes: the halo exchange",
                     .usage = "mpiexec -n N ./halo [--rows R] [--cols C] [--steps N] [--dims PxQ]",
                     .options = options};
    /* MPI_Init first: every rank parses the options and agrees on bad input. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec);
    char err[1024] = "";
    int dims[2];
    if (!halo_parse_dims(dims_text, world_size, dims, err, sizeof err))
        mpit_usage_error("%s", err);
    /* Both files can be written (checked before the steps, not after them). */
    mpit_agree(mpiofile_can_create(MPI_COMM_WORLD, output, err, sizeof err), "%s", err);
    mpit_agree(world_rank != 0 || halo_image_ok(image, output, err, sizeof err), "%s", err);

    /* The most nearly square P x Q = world_size (keeping what --dims fixed): square blocks
     * have the shortest edges for their area, so the least to exchange per cell computed. */
    MPIT_CHECK(MPI_Dims_create(world_size, 2, dims));
    if (rows < dims[0] || cols < dims[1])
        mpit_usage_error("a %dx%d plate cannot give each block of a %dx%d process grid a cell; "
                         "use larger --rows/--cols or another --dims",
                         rows, cols, dims[0], dims[1]);
    grid g = {.b = {.rows = rows, .cols = cols}};
    int periods[2] = {0, 0}, coords[2], cart_rank;
    /* A communicator that knows the grid; reorder = 1 lets MPI renumber the ranks so that
     * neighbours in the grid are close in the machine (neighbours are named by cart ranks). */
    MPIT_CHECK(MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 1, &g.cart));
    MPIT_CHECK(MPI_Comm_rank(g.cart, &cart_rank));
    MPIT_CHECK(MPI_Cart_coords(g.cart, cart_rank, 2, coords));
    /* One step along each dimension: who sends to me (up, left), whom I send to. */
    MPIT_CHECK(MPI_Cart_shift(g.cart, 0, 1, &g.up, &g.down));
    MPIT_CHECK(MPI_Cart_shift(g.cart, 1, 1, &g.left, &g.right));
    halo_split(rows, dims[0], coords[0], &g.b.row0, &g.b.nrows);
    halo_split(cols, dims[1], coords[1], &g.b.col0, &g.b.ncols);
    /* A column: nrows blocks of one double, each a whole array row (ncols + 2) further. */
    MPIT_CHECK(MPI_Type_vector(g.b.nrows, 1, g.b.ncols + 2, MPI_DOUBLE, &g.column));
    MPIT_CHECK(MPI_Type_commit(&g.column));
    double *u = halo_new_block(&g.b), *next = halo_new_block(&g.b);
    if (world_rank == 0)
        printf("halo: %dx%d cells, %d steps, %dx%d processes, largest block %dx%d cells\n", rows,
               cols, steps, dims[0], dims[1], (rows + dims[0] - 1) / dims[0],
               (cols + dims[1] - 1) / dims[1]);

    /* Start together, so the clock measures the steps and not somebody's start-up. */
    MPIT_CHECK(MPI_Barrier(g.cart));
    double start = MPI_Wtime(), exchanging = 0;
    for (int s = 0; s < steps; s++) {
        double t = MPI_Wtime();
        exchange(&g, u);
        exchanging += MPI_Wtime() - t;
        halo_step(&g.b, u, next);
        double *swap = u;
        u = next;
        next = swap;
    }
    /* The exchange is over: its column type goes now, so no later exit leaves it behind. */
    MPI_Type_free(&g.column);
    double times[2] = {MPI_Wtime() - start, exchanging}, slowest[2] = {0, 0};
    /* The job is as slow as its slowest rank. */
    MPIT_CHECK(MPI_Reduce(times, slowest, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD));
    if (world_rank == 0)
        printf("halo: %d steps in %.3f s, %.3f s of it in the halo exchange (slowest rank)\n",
               steps, slowest[0], slowest[1]);

    /* Whole or not at all: one temporary file for all ranks (common/mpiofile.h), made by
     * rank 0 with room for the plate; kept only once rank 0 found it right. */
    mpio_file plate;
    size_t bytes = (size_t)rows * (size_t)cols * sizeof(double);
    mpit_agree(mpiofile_create(&plate, MPI_COMM_WORLD, output, (MPI_Offset)bytes, err, sizeof err),
               "%s", err);
    int written = write_plate(&g, u, &plate, err, sizeof err), all_written = 0;
    /* Rank 0 may read the file back only if every rank's block made it in. */
    MPIT_CHECK(MPI_Allreduce(&written, &all_written, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD));
    halo_report report = {.differ = 1};
    bool fine = written;
    if (world_rank == 0 && all_written)
        fine = halo_check_file(plate.tmp_path, rows, cols, steps, image, &report, err, sizeof err);
    char why[1024] = "";
    bool keep = all_written && (world_rank != 0 || (fine && report.differ == 0));
    bool kept = mpiofile_commit(&plate, keep, why, sizeof why);
    mpit_agree(fine, "%s", err);
    mpit_agree(kept, "%s", why);
    if (world_rank == 0 && report.differ == 0) {
        char shown_output[FORMAT_NAME_LEN], shown_image[FORMAT_NAME_LEN];
        printf("halo: wrote %s (%dx%d doubles, row-major) and %s\n"
               "halo: checksum %016" PRIx64 ", mean temperature %.9f\n",
               format_name(shown_output, sizeof shown_output, output), rows, cols,
               format_name(shown_image, sizeof shown_image, image), report.checksum, report.mean);
    }
    free(u);
    free(next);
    MPI_Comm_free(&g.cart);
    int status =
        mpit_verdict(world_rank != 0 || report.differ == 0,
                     "%s %s a serial run of the "
                     "same kernel, bit for bit",
                     output, report.differ == 0 ? "equals" : "is not kept: it differs from");
    MPI_Finalize();
    return status;
}
