/* halo_grid.c - heat-diffusion kernel, serial reference and file check; see halo_grid.h. */
#define _POSIX_C_SOURCE 200809L
#include "halo_grid.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "format.h"
#include "image.h"
#include "mpit.h"
#include "parse.h"

#define ALPHA 0.2

void halo_split(int n, int parts, int index, int *first, int *count)
{
    int share = n / parts, extra = n % parts;
    *count = share + (index < extra ? 1 : 0);
    *first = index * share + (index < extra ? index : extra);
}

/* The starting temperature of plate cell (r, c); r or c = -1 or rows/cols: the edge. */
static double start_temperature(int rows, int cols, int r, int c)
{
    if (c < 0)
        return 1.0; /* the heater along the left edge */
    if (r < 0 || r >= rows || c >= cols)
        return 0.0; /* the other edges */
    double dr = r - rows / 2.0, dc = c - cols * 0.7, radius = (rows < cols ? rows : cols) / 5.0;
    return dr * dr + dc * dc < radius * radius ? 1.0 : 0.0;
}

double *halo_new_block(const halo_block *b)
{
    double *u = mpit_xmalloc(((size_t)b->nrows + 2) * ((size_t)b->ncols + 2) * sizeof *u);
    for (int i = 0; i <= b->nrows + 1; i++)
        for (int j = 0; j <= b->ncols + 1; j++)
            u[halo_at(b, i, j)] =
                start_temperature(b->rows, b->cols, b->row0 + i - 1, b->col0 + j - 1);
    return u;
}

void halo_step(const halo_block *b, const double *restrict u, double *restrict next)
{
    for (int i = 1; i <= b->nrows; i++) {
        const double *up = u + halo_at(b, i - 1, 0), *mid = u + halo_at(b, i, 0);
        const double *down = u + halo_at(b, i + 1, 0);
        double *out = next + halo_at(b, i, 0);
        for (int j = 1; j <= b->ncols; j++)
            out[j] = mid[j] + ALPHA * (up[j] + down[j] + mid[j - 1] + mid[j + 1] - 4.0 * mid[j]);
    }
}

double *halo_serial(int rows, int cols, int steps)
{
    halo_block whole = {.rows = rows, .cols = cols, .nrows = rows, .ncols = cols};
    double *u = halo_new_block(&whole), *next = halo_new_block(&whole);
    for (int s = 0; s < steps; s++) {
        halo_step(&whole, u, next);
        double *t = u;
        u = next, next = t;
    }
    double *plate = mpit_xmalloc((size_t)rows * (size_t)cols * sizeof *plate);
    for (int i = 0; i < rows; i++)
        memcpy(plate + (size_t)i * (size_t)cols, u + halo_at(&whole, i + 1, 1),
               (size_t)cols * sizeof *plate);
    free(u);
    free(next);
    return plate;
}

bool halo_parse_dims(const char *text, int size, int dims[2], char *err, size_t err_len)
{
    char why[200];
    const char *x = strchr(text, 'x');
    int64_t p = -1, q = -1;
    char first[32] = "";
    if (x && (size_t)(x - text) < sizeof first) {
        memcpy(first, text, (size_t)(x - text));
        first[x - text] = '\0';
    }
    if (!x || !parse_int64(first, 0, 1000000, &p, why, sizeof why) ||
        !parse_int64(x + 1, 0, 1000000, &q, why, sizeof why)) {
        snprintf(err, err_len,
                 "--dims expects PxQ, two whole numbers (0: MPI picks that one), "
                 "e.g. 2x2 or 0x1, got '%.100s'",
                 text);
        return false;
    }
    int64_t fixed = (p ? p : 1) * (q ? q : 1);
    if ((p && q && fixed != size) || size % fixed != 0) {
        snprintf(err, err_len,
                 "--dims %.100s cannot hold %d processes; give P x Q = %d (or 0 "
                 "for the side MPI should pick)",
                 text, size, size);
        return false;
    }
    dims[0] = (int)p, dims[1] = (int)q;
    return true;
}

bool halo_image_ok(const char *path, const char *output, char *err, size_t err_len)
{
    char shown[FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    if (strcmp(path, output) == 0) {
        snprintf(err, err_len,
                 "--image and --output both name '%s'; give the picture and the "
                 "plate different files",
                 shown);
        return false;
    }
    if (!image_format_known(path)) {
        snprintf(err, err_len, "cannot write '%s': name a .png or .pgm file with --image", shown);
        return false;
    }
    return afile_can_create(path, err, err_len);
}

static uint64_t fnv1a(const unsigned char *bytes, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++)
        h = (h ^ bytes[i]) * UINT64_C(0x100000001b3);
    return h;
}

bool halo_check_file(const char *path, int rows, int cols, int steps, const char *image,
                     halo_report *report, char *err, size_t err_len)
{
    size_t n = (size_t)rows * (size_t)cols;
    double *plate = mpit_xmalloc(n * sizeof *plate);
    FILE *fp = fopen(path, "rb");
    bool ok = fp && fread(plate, sizeof *plate, n, fp) == n && fgetc(fp) == EOF;
    char shown[FORMAT_NAME_LEN];
    if (!ok)
        snprintf(err, err_len, "cannot read back '%s': %s", format_name(shown, sizeof shown, path),
                 fp ? "it does not hold exactly the plate" : strerror(errno));
    if (fp)
        fclose(fp);
    double *serial = ok ? halo_serial(rows, cols, steps) : NULL;
    uint8_t *pixels = mpit_xmalloc(n);
    double sum = 0;
    *report = (halo_report){0};
    if (ok)
        report->checksum = fnv1a((const unsigned char *)plate, n * sizeof *plate);
    for (size_t i = 0; ok && i < n; i++) {
        report->differ += memcmp(&plate[i], &serial[i], sizeof *plate) != 0;
        sum += plate[i];
        double t = plate[i] < 0 ? 0 : plate[i] > 1 ? 1 : plate[i];
        pixels[i] = (uint8_t)(t * 255.0 + 0.5);
    }
    report->mean = sum / (double)n;
    ok = ok && image_write(image, pixels, cols, rows, IMAGE_COLOUR, err, err_len);
    free(plate);
    free(serial);
    free(pixels);
    return ok;
}
