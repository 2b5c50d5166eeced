/* julia_kernel.c - the escape loop, several pixels in flight at once; see julia_kernel.h. */
#include "julia_kernel.h"

#include <stddef.h>

void julia_setup(julia_params *p, int width, int height, double c_re, double c_im, int iterations)
{
    p->width = width, p->height = height, p->iterations = iterations;
    p->c_re = c_re, p->c_im = c_im;
    p->x0 = -2.0, p->y1 = 1.5;
    p->dx = (2.0 - -2.0) / width;
    p->dy = (1.5 - -1.5) / height;
}

/* The escape loop is one long chain of dependent multiplications per pixel: each step
 * needs the previous z. A CPU can run several such chains at once if it is given several,
 * so julia_row keeps LANES pixels in flight, taking one step of each in turn. When a pixel
 * is done (|z| >= 3 or n = 1) its lane writes the count and takes the next pixel of the
 * row, so no lane idles while another pixel still needs many steps. Each pixel goes
 * through exactly the steps of the plain loop, so the image is bit for bit the same. */
enum { LANES = 4 };

void julia_row(const julia_params *p, int k, uint8_t *row)
{
    const double y = p->y1 - k * p->dy, cr = p->c_re, ci = p->c_im;
    double zr[LANES], zi[LANES];
    int n[LANES], column[LANES], next = 0, in_flight = 0;
    for (int l = 0; l < LANES; l++) {
        column[l] = next < p->width ? next++ : -1; /* -1: lane unused */
        in_flight += column[l] >= 0;
        zr[l] = column[l] >= 0 ? p->x0 + column[l] * p->dx : 9.0, zi[l] = y;
        n[l] = p->iterations;
    }
    while (in_flight > 0) {
        for (int l = 0; l < LANES; l++) {
            double rr = zr[l] * zr[l], ii = zi[l] * zi[l];
            if (rr + ii < 9.0 && n[l] > 1) { /* |z| < 3: one more step of z -> z^2 + c */
                zi[l] = zr[l] * zi[l] * 2.0 + ci;
                zr[l] = rr - ii + cr;
                n[l]--;
            } else if (column[l] >= 0) { /* done: store it, start the next pixel */
                row[column[l]] = (uint8_t)n[l];
                column[l] = next < p->width ? next++ : -1;
                in_flight -= column[l] < 0;
                zr[l] = column[l] >= 0 ? p->x0 + column[l] * p->dx : 9.0, zi[l] = y;
                n[l] = p->iterations;
            }
        }
    }
}

long julia_mirror_mismatches(const julia_params *p, const uint8_t *image, long *pixels)
{
    long mismatches = 0;
    *pixels = 0;
    for (int k = 1; k < p->height; k++) {
        /* Coordinates in named doubles, as julia_row holds them: where C computes with more
         * precision than double (32-bit x86's x87 unit), only an assignment rounds a value
         * to a double, and unrounded values are almost never exact negatives. */
        double y = p->y1 - k * p->dy, y_mirror = p->y1 - (p->height - k) * p->dy;
        if (y != -y_mirror)
            continue;
        for (int j = 1; j < p->width; j++) {
            double x = p->x0 + j * p->dx, x_mirror = p->x0 + (p->width - j) * p->dx;
            if (x != -x_mirror)
                continue;
            *pixels += 1;
            size_t a = (size_t)k * (size_t)p->width + (size_t)j;
            size_t b = (size_t)(p->height - k) * (size_t)p->width + (size_t)(p->width - j);
            mismatches += image[a] != image[b];
        }
    }
    return mismatches;
}
