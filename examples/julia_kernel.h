/* julia_kernel.h - the Julia set's pixels, shared by julia.c and its benchmark.
 *
 * The grid and the escape count are the tutorial's (see julia.c). julia_row computes one
 * row; it keeps several pixels in flight so the CPU can overlap their arithmetic, and
 * gives exactly the pixels of the plain one-pixel-at-a-time loop.
 */
#ifndef JULIA_KERNEL_H
#define JULIA_KERNEL_H

#include <stdint.h>

typedef struct {
    int width, height, iterations;
    double c_re, c_im;     /* the constant c in z -> z^2 + c */
    double x0, y1, dx, dy; /* pixel (j, k) is at x0 + j*dx, y1 - k*dy */
} julia_params;

void julia_setup(julia_params *p, int width, int height, double c_re, double c_im, int iterations);

/* Row k (0 = top, y = 1.5) into row[0..width-1]. */
void julia_row(const julia_params *p, int k, uint8_t *row);

/* The set is symmetric under z -> -z, and so is the grid: pixel (j, k) sits at minus the
 * point of pixel (width-j, height-k), for 1 <= j < width, 1 <= k < height. Where the two
 * points are exact negatives in floating point too, z and -z have the same orbit step for
 * step, so the two pixels must be equal. Counts the pixels that have such an exact mirror
 * (*pixels; each pair is seen from both ends) and how many of them differ from it (the
 * return value; 0 for a correct image). */
long julia_mirror_mismatches(const julia_params *p, const uint8_t *image, long *pixels);

#endif
