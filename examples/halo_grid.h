/* halo_grid.h - the heat-diffusion kernel of halo.c and its plumbing: blocks of the grid,
 * their starting temperatures, one Jacobi step, the serial reference run, and rank 0's
 * check of the finished file (read back, compared, turned into a picture).
 *
 * The physics. A plate of rows x cols cells; the cell temperatures are doubles. The left
 * edge is held at 1 (a heater), the other three edges at 0; at the start a disc in the
 * right half is hot (1) and the rest cold (0). One step replaces every cell by
 *     u + ALPHA * (up + down + left + right - 4 u)          (ALPHA = 0.2, stable below 0.25)
 * computed from the old values only (Jacobi), so the order in which cells are updated, and
 * how the grid is cut into blocks, cannot change any result: each new value comes from the
 * same five doubles through the same operations. That is why every process grid must give
 * the same file, bit for bit. (The kernel is compiled with -ffp-contract=off: a fused
 * multiply-add would round differently in the vectorised loop than in its scalar tail.)
 *
 * A block is stored with a ghost layer: (nrows + 2) x (ncols + 2) doubles, row-major; its
 * own cells are rows 1..nrows, columns 1..ncols. The ghost cells hold the neighbours' edge
 * cells (the halo exchange fills them) or, on the plate's edge, the fixed temperatures.
 */
#ifndef HALO_GRID_H
#define HALO_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HALO_MAX_SIDE 8192 /* cells per side: 8194^2 doubles fit a 32-bit size_t */

typedef struct {
    int rows, cols;  /* the whole plate */
    int row0, nrows; /* this block: rows row0 .. row0 + nrows - 1 of the plate */
    int col0, ncols; /* and columns col0 .. col0 + ncols - 1 */
} halo_block;

/* n cells in parts nearly equal pieces (the first n % parts get one more): piece index. */
void halo_split(int n, int parts, int index, int *first, int *count);

/* Index of cell (i, j) of a block's array, ghost layer included (i, j from 0 to n + 1). */
static inline size_t halo_at(const halo_block *b, int i, int j)
{
    return (size_t)i * ((size_t)b->ncols + 2) + (size_t)j;
}

/* A block's array, its cells and ghost layer at the starting temperatures (malloc'd). */
double *halo_new_block(const halo_block *b);

/* One Jacobi step: next's own cells from u's cells and ghost cells. */
void halo_step(const halo_block *b, const double *restrict u, double *restrict next);

/* The whole plate after `steps` steps on one process, without its ghost layer: rows x cols
 * doubles, row-major (malloc'd). The serial reference. */
double *halo_serial(int rows, int cols, int steps);

/* --dims "PxQ": P rows by Q columns of processes, 0 for "MPI_Dims_create picks". Checks
 * that such a grid can hold exactly `size` processes. False with a message in err. */
bool halo_parse_dims(const char *text, int size, int dims[2], char *err, size_t err_len);

/* Can the picture be written to path (.png or .pgm, in a writable directory, and not the
 * plate's file itself)? */
bool halo_image_ok(const char *path, const char *output, char *err, size_t err_len);

typedef struct {
    uint64_t checksum; /* FNV-1a over the file's bytes */
    double mean;       /* mean temperature of the plate */
    size_t differ;     /* cells that differ from the serial run, bit for bit */
} halo_report;

/* Rank 0, after the file is closed: read the rows x cols doubles back from path, compare
 * them with the serial run of `steps` steps, and draw them into image (temperature 0..1 as
 * levels 0..255 of the colour palette; written atomically). */
bool halo_check_file(const char *path, int rows, int cols, int steps, const char *image,
                     halo_report *report, char *err, size_t err_len);

#endif
