/* julia_kernel.h - the Julia set's pixels, for julia.c, its tests and its benchmark.
 *
 *     julia_params p = {.width = 640, .height = 480, .iterations = 255, .c_im = 0.65,
 *                       .zoom = 1};
 *     julia_setup(&p);
 *     julia_row(&p, k, row);                       // row k: p.width escape counts
 *
 * The picture is the tutorial's: the plane -2..2 x -1.5..1.5 on a width x height grid,
 * pixel (j, k) at x = x0 + j*dx, y = y1 - k*dy (x0 = -2, y1 = 1.5, dx = 4/width,
 * dy = 3/height). Its value is the tutorial's escape count: n starts at `iterations` and drops
 * by one per step of z -> z^2 + c while |z| < 3 (tested as zr^2 + zi^2 < 9) and n > 1. A
 * zoom other than 1, or a centre other than 0, shows a part of that plane instead: the same
 * rectangle divided by zoom and moved to center_re + center_im i.
 *
 * How it is fast. Each pixel is a chain of dependent multiplications, so julia_row keeps
 * many pixels in flight: vectors of 2, 4 or 8 neighbouring pixels (one per lane of the CPU's
 * vector unit), several vectors at once. Every version takes exactly the steps of the plain
 * loop above, with the same rounding, so the image is bit for bit the same:
 *   "avx512"    x86-64 with AVX-512: 8 pixels per vector (intrinsics)
 *   "avx2"      x86-64 with AVX2 and FMA: 4 pixels per vector (GCC/Clang vector extensions)
 *   "sse2", "neon"  2 pixels per vector: every x86-64 CPU, 64-bit ARM (the Raspberry Pi)
 *   "portable"  plain C, 4 pixels in flight (any compiler; 32-bit ARM)
 * julia_row uses the best one the CPU has; julia_kernel_use picks another (for the tests).
 */
#ifndef JULIA_KERNEL_H
#define JULIA_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    /* the picture, as chosen */
    int width, height;                 /* pixels */
    int iterations;                    /* the escape count starts here, at most 255 */
    double c_re, c_im;                 /* the constant c in z -> z^2 + c */
    double zoom, center_re, center_im; /* the part of the plane shown (1, 0, 0: all of it) */
    /* the grid, from julia_setup: pixel (j, k) is at x0 + j*dx, y1 - k*dy */
    double x0, y1, dx, dy;
} julia_params;

/* Fill in the grid from the picture's fields. */
void julia_setup(julia_params *p);

/* Row k (0 = top) into row[0 .. width-1]. */
void julia_row(const julia_params *p, int k, uint8_t *row);

/* The version julia_row uses ("avx512", ..., "portable"). */
const char *julia_kernel_name(void);

/* Use the version called name from now on; false (and no change) if this CPU or build does
 * not have it. */
bool julia_kernel_use(const char *name);

/* What the manager checks in the picture it assembled. */
typedef struct {
    long missing;       /* pixels still 0: escape counts run from 1, so no row put them there */
    long mirror_pixels; /* pixels with an exact mirror pixel (see below) */
    long mirror_differ; /* ... that differ from it: 0 for a correct image */
    int rows_redone;    /* rows computed again one pixel at a time, by the plain loop */
    int rows_differ;    /* ... that differ from the image: 0 for a correct image */
} julia_check;

/* Check a whole image (width x height bytes, row after row):
 *  - the set is symmetric under z -> -z, and on a view centred on 0 so is the grid: pixel
 *    (j, k) sits at minus the point of pixel (width-j, height-k). Where the two points are
 *    exact negatives in floating point too, z and -z have the same orbit step for step, so
 *    the two pixels must be equal. How many pixels have such a mirror depends on the size
 *    (35045 of 640x480, none of 3x3 or of an off-centre view);
 *  - up to 16 rows, spread over the image, are computed again by the plain loop, one pixel
 *    at a time, and compared: this holds for every size and view. */
julia_check julia_check_image(const julia_params *p, const uint8_t *image);

/* Did the image pass: nothing missing, nothing different? */
bool julia_check_passed(const julia_check *check);

#endif
