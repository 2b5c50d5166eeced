/* julia_check.c - checks an image written by julia, for the tests in tests/julia.cmake.
 *
 *   julia_check FILE WIDTH HEIGHT [--same-as REF] [--max LEVEL] [--mirror]
 *               [--recompute C_RE,C_IM,ITERATIONS,ZOOM,CENTER_RE,CENTER_IM] [J,K=LEVEL ...]
 *
 * Reads FILE (PGM or PNG, through common/image.h) and checks:
 *  - its size is WIDTH x HEIGHT and every pixel is a possible escape count (1..255; 0
 *    would be a row the farm never delivered), at most LEVEL with --max;
 *  - with --mirror, the symmetry of the set under z -> -z (for the whole plane, centred on
 *    0). On julia's grid pixel (j, k) is at x = -2 + j*dx, y = 1.5 - k*dy, and pixel
 *    (W-j, H-k) at exactly minus that point in real numbers. In floating point the two are
 *    exact negatives only for some j and k (computed here the same way julia computes x and
 *    y); those pairs must agree exactly, since z and -z then have identical orbits, and
 *    there must be some. All pairs together must agree to 99.9%.
 *  - with --recompute, that every pixel is the tutorial's escape count for that picture,
 *    computed here one pixel at a time (for any size and view);
 *  - the given pixels have the given levels (values from the tutorial's own Python code);
 *  - with --same-as, that REF holds exactly the same pixels (PGM and PNG may be mixed).
 * Prints one line per failed check and a summary; exits 0 when all passed, else 1.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static int failures = 0;
#define FAIL(...) (printf("julia_check: FAIL, " __VA_ARGS__), putchar('\n'), failures++)

/* Every pixel against the tutorial's loop, for the picture julia draws with these values. */
static void check_recompute(const unsigned char *px, int w, int h, const char *values)
{
    double c_re, c_im, zoom, center_re, center_im;
    int iterations;
    if (sscanf(values, "%lf,%lf,%d,%lf,%lf,%lf", &c_re, &c_im, &iterations, &zoom, &center_re,
               &center_im) != 6) {
        fprintf(stderr, "julia_check: --recompute needs C_RE,C_IM,ITERATIONS,ZOOM,CRE,CIM\n");
        exit(2);
    }
    double x0 = center_re - 2.0 / zoom, y1 = center_im + 1.5 / zoom;
    double dx = 4.0 / zoom / w, dy = 3.0 / zoom / h;
    long differ = 0;
    for (int k = 0; k < h; k++)
        for (int j = 0; j < w; j++) {
            double zr = x0 + j * dx, zi = y1 - k * dy;
            int n = iterations;
            while (zr * zr + zi * zi < 9.0 && n > 1) {
                double rr = zr * zr, ii = zi * zi;
                zi = zr * zi * 2.0 + c_im;
                zr = rr - ii + c_re;
                n--;
            }
            differ += px[(size_t)k * w + j] != n;
        }
    if (differ)
        FAIL("%ld of %ld pixels differ from the tutorial's loop", differ, (long)w * h);
    printf("julia_check: recomputed: %ld of %ld pixels agree\n", (long)w * h - differ, (long)w * h);
}

static void check_mirror(const unsigned char *px, int w, int h)
{
    double dx = 4.0 / w, dy = 3.0 / h;
    long exact = 0, exact_bad = 0, all = 0, all_bad = 0;
    for (int k = 1; k < h; k++)
        for (int j = 1; j < w; j++) {
            int differ = px[(size_t)k * w + j] != px[(size_t)(h - k) * w + (w - j)];
            int is_exact =
                -2.0 + j * dx == -(-2.0 + (w - j) * dx) && 1.5 - k * dy == -(1.5 - (h - k) * dy);
            all++, all_bad += differ;
            exact += is_exact, exact_bad += is_exact && differ;
        }
    if (exact == 0 || exact_bad > 0)
        FAIL("%ld of %ld pixels differ from their exact mirror pixel", exact_bad, exact);
    if (all_bad * 1000 > all)
        FAIL("%ld of %ld pixels differ from their mirror pixel (more than 0.1%%)", all_bad, all);
    printf("julia_check: mirror: %ld of %ld pixels with an exact mirror agree, %ld of %ld in all\n",
           exact - exact_bad, exact, all - all_bad, all);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr,
                "usage: julia_check FILE WIDTH HEIGHT [--same-as REF] [--max L] [J,K=L ...]\n");
        return 2;
    }
    unsigned char *px = NULL;
    int w = 0, h = 0, want_w = atoi(argv[2]), want_h = atoi(argv[3]);
    char err[512];
    if (!image_read(argv[1], &px, &w, &h, err, sizeof err)) {
        FAIL("%s", err);
        return 1;
    }
    if (w != want_w || h != want_h) {
        FAIL("%s is %dx%d, expected %dx%d", argv[1], w, h, want_w, want_h);
        return 1;
    }
    int max_level = 255;
    bool mirror = false;
    for (int i = 4; i < argc; i++) {
        int j, k, level;
        if (strcmp(argv[i], "--max") == 0 && i + 1 < argc) {
            max_level = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--mirror") == 0) {
            mirror = true;
        } else if (strcmp(argv[i], "--recompute") == 0 && i + 1 < argc) {
            check_recompute(px, w, h, argv[++i]);
        } else if (strcmp(argv[i], "--same-as") == 0 && i + 1 < argc) {
            unsigned char *ref = NULL;
            int rw, rh;
            if (!image_read(argv[++i], &ref, &rw, &rh, err, sizeof err))
                FAIL("%s", err);
            else if (rw != w || rh != h || memcmp(ref, px, (size_t)w * h) != 0)
                FAIL("%s and %s hold different pixels", argv[1], argv[i]);
            free(ref);
        } else if (sscanf(argv[i], "%d,%d=%d", &j, &k, &level) == 3 && j >= 0 && j < w && k >= 0 &&
                   k < h) {
            if (px[(size_t)k * w + j] != level)
                FAIL("pixel (%d, %d) is %d, expected %d", j, k, px[(size_t)k * w + j], level);
        } else {
            fprintf(stderr, "julia_check: cannot use argument '%s'\n", argv[i]);
            return 2;
        }
    }
    long bad = 0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        bad += px[i] == 0 || px[i] > max_level;
    if (bad)
        FAIL("%ld pixels are 0 or above %d", bad, max_level);
    if (mirror)
        check_mirror(px, w, h);
    free(px);
    printf("julia_check: %s, %s (%dx%d)\n", failures ? "FAILED" : "OK", argv[1], w, h);
    return failures ? 1 : 0;
}
