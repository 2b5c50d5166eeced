/* julia_kernel_test.c - every version of julia's escape loop gives the pixels of the
 * definition, bit for bit (tests/julia.cmake: julia_kernel_test, and under qemu for ARM).
 *
 *   julia_kernel_test [--time]
 *
 * For pictures chosen to reach the corners of the loop (sizes that are not a multiple of any
 * vector's lanes, 1x1, a view where every pixel runs all its iterations, one where every
 * pixel escapes at once, 2 iterations, a zoomed view off the centre), each version this CPU
 * has (julia_kernel_use) computes every row, and the rows are compared with the tutorial's
 * loop written out here, one pixel at a time. Then julia_check_image must find a correct
 * picture correct and see a changed pixel and two swapped rows. Prints the versions tested
 * and one line per failure; exits 0 when all passed. With --time it also prints the CPU time
 * each version takes for the tutorial's 1280x960 picture (the best of 15 runs, interleaved):
 * the speed of the vector units against plain C, measured in one run.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "julia_kernel.h"

static int failures = 0;

/* The tutorial's loop for pixel (j, k). */
static uint8_t definition(const julia_params *p, int j, int k)
{
    double zr = p->x0 + j * p->dx, zi = p->y1 - k * p->dy;
    int n = p->iterations;
    while (zr * zr + zi * zi < 9.0 && n > 1) {
        double rr = zr * zr, ii = zi * zi;
        zi = zr * zi * 2.0 + p->c_im;
        zr = rr - ii + p->c_re;
        n--;
    }
    return (uint8_t)n;
}

static julia_params picture(int width, int height, double c_re, double c_im, int iterations,
                            double zoom, double center_re, double center_im)
{
    julia_params p = {.width = width,
                      .height = height,
                      .iterations = iterations,
                      .c_re = c_re,
                      .c_im = c_im,
                      .zoom = zoom,
                      .center_re = center_re,
                      .center_im = center_im};
    julia_setup(&p);
    return p;
}

/* Every row of p by the current version against the definition; the image in *out. */
static void compare(const julia_params *p, const char *what, uint8_t **out)
{
    size_t size = (size_t)p->width * (size_t)p->height;
    uint8_t *image = malloc(size + 1);
    if (!image) {
        fprintf(stderr, "julia_kernel_test: out of memory\n");
        exit(2);
    }
    image[size] = 0xA5; /* a row must not write past its end */
    for (int k = 0; k < p->height; k++)
        julia_row(p, k, image + (size_t)k * (size_t)p->width);
    long differ = 0;
    for (int k = 0; k < p->height; k++)
        for (int j = 0; j < p->width; j++)
            differ += image[(size_t)k * (size_t)p->width + (size_t)j] != definition(p, j, k);
    if (differ > 0 || image[size] != 0xA5) {
        printf("julia_kernel_test: FAIL, %s: %s gives %ld of %zu pixels unlike the definition%s\n",
               julia_kernel_name(), what, differ, size,
               image[size] != 0xA5 ? ", and wrote past the image" : "");
        failures++;
    }
    if (out)
        *out = image;
    else
        free(image);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The best CPU time of 15 runs of each version over the 1280x960 picture, interleaved. */
static void time_versions(const char **names, int nnames)
{
    julia_params p = picture(1280, 960, 0, 0.65, 255, 1, 0, 0);
    uint8_t *row = malloc(1280);
    double best[8];
    for (int v = 0; v < nnames; v++)
        best[v] = 1e30;
    for (int round = 0; round < 15; round++)
        for (int v = 0; v < nnames; v++) {
            if (!julia_kernel_use(names[v]))
                continue;
            double start = cpu_seconds();
            for (int k = 0; k < p.height; k++)
                julia_row(&p, k, row);
            double seconds = cpu_seconds() - start;
            best[v] = seconds < best[v] ? seconds : best[v];
        }
    for (int v = 0; v < nnames; v++)
        if (best[v] < 1e30)
            printf("time: %-8s %8.2f ms for 1280x960, %5.2fx portable\n", names[v], 1e3 * best[v],
                   best[nnames - 1] / best[v]);
    free(row);
}

int main(int argc, char **argv)
{
    const struct {
        const char *what;
        julia_params p;
    } cases[] = {
        {"the tutorial's 640x480", picture(640, 480, 0, 0.65, 255, 1, 0, 0)},
        {"1x1", picture(1, 1, 0, 0.65, 255, 1, 0, 0)},
        {"3x3", picture(3, 3, 0, 0.65, 255, 1, 0, 0)},
        {"7x5", picture(7, 5, 0, 0.65, 255, 1, 0, 0)},
        {"33x17", picture(33, 17, 0, 0.65, 255, 1, 0, 0)},
        {"5x480", picture(5, 480, 0, 0.65, 255, 1, 0, 0)},
        {"601x13, c = -0.8+0.156i, 60 iterations", picture(601, 13, -0.8, 0.156, 60, 1, 0, 0)},
        {"c = 0 (every pixel of the disc runs all its steps)", picture(99, 61, 0, 0, 255, 1, 0, 0)},
        {"c = 2+2i (every pixel escapes at once)", picture(45, 31, 2, 2, 255, 1, 0, 0)},
        {"2 iterations", picture(37, 29, 0, 0.65, 2, 1, 0, 0)},
        {"zoom 2 on -0.75i, c = -0.4+0.6i", picture(211, 97, -0.4, 0.6, 255, 2, 0, -0.75)},
        {"zoom 1e6 near the set's edge", picture(67, 41, 0, 0.65, 255, 1e6, 0.31, 0.52)},
    };
    const char *names[] = {"avx512", "avx2", "sse2", "neon", "portable"};
    const int ncases = (int)(sizeof cases / sizeof cases[0]);
    const int nnames = (int)(sizeof names / sizeof names[0]);
    printf("versions tested:");
    for (int v = 0; v < nnames; v++) {
        if (!julia_kernel_use(names[v]))
            continue;
        printf(" %s", names[v]);
        for (int i = 0; i < ncases; i++)
            compare(&cases[i].p, cases[i].what, NULL);
    }
    printf("\n");
    if (argc > 1 && strcmp(argv[1], "--time") == 0)
        time_versions(names, nnames);

    /* julia_check_image: a correct picture passes; a changed pixel of a recomputed row and
     * two swapped rows (a task's rows put in the wrong place) do not. */
    const julia_params *p = &cases[0].p;
    uint8_t *image;
    compare(p, "the tutorial's 640x480", &image);
    julia_check good = julia_check_image(p, image);
    if (good.missing || good.mirror_differ || good.rows_differ || good.mirror_pixels != 35045 ||
        good.rows_redone != 16) {
        printf("julia_kernel_test: FAIL, a correct 640x480 picture: %ld missing, %ld of %ld "
               "mirror pixels and %d of %d rows differ\n",
               good.missing, good.mirror_differ, good.mirror_pixels, good.rows_differ,
               good.rows_redone);
        failures++;
    }
    image[0] ^= 1; /* row 0 is always recomputed */
    if (julia_check_image(p, image).rows_differ != 1) {
        printf("julia_kernel_test: FAIL, a changed pixel of row 0 went unseen\n");
        failures++;
    }
    image[0] ^= 1;
    uint8_t saved[640];
    memcpy(saved, image + 100 * 640, 640);
    memcpy(image + 100 * 640, image + 101 * 640, 640);
    memcpy(image + 101 * 640, saved, 640);
    if (julia_check_image(p, image).mirror_differ == 0) {
        printf("julia_kernel_test: FAIL, rows 100 and 101 swapped went unseen\n");
        failures++;
    }
    free(image);
    julia_params tiny = picture(3, 3, 0, 0.65, 255, 1, 0, 0);
    uint8_t small[9];
    for (int k = 0; k < 3; k++)
        julia_row(&tiny, k, small + 3 * k);
    julia_check c3 = julia_check_image(&tiny, small);
    if (c3.rows_redone != 3 || c3.rows_differ != 0 || c3.missing != 0) {
        printf("julia_kernel_test: FAIL, 3x3: %d of %d rows differ, %ld missing\n", c3.rows_differ,
               c3.rows_redone, c3.missing);
        failures++;
    }

    printf("julia_kernel_test: %s, %d pictures, every version alike\n", failures ? "FAILED" : "OK",
           ncases);
    return failures ? 1 : 0;
}
