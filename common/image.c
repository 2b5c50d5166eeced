/* image.c - PGM (P5) and PNG (libpng's simplified API) in and out; see image.h. */
#include "image.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "format.h"

/* The largest picture we read back: 2^28 pixels (16384 x 16384). A header may claim
 * anything; allocating what it claims (or overflowing while computing it: PNG_IMAGE_SIZE is
 * 32-bit arithmetic) must not happen before the claim is checked. Found by tests/fuzz. */
#define IMAGE_MAX_PIXELS ((size_t)1 << 28)

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool image_format_known(const char *path)
{
    return ends_with(path, ".pgm") || ends_with(path, ".png");
}

/* A dark-blue -> red -> yellow -> white ramp; every level gets a distinct colour, so a
 * colour PNG can be read back into the levels it was made from. */
static void palette_colour(int level, uint8_t rgb[3])
{
    double t = level / 255.0;
    double r = t < 0.4 ? t / 0.4 : 1.0;
    double g = t < 0.4 ? 0.0 : (t < 0.8 ? (t - 0.4) / 0.4 : 1.0);
    double b = t < 0.4 ? 0.35 * (1.0 - t / 0.4) + 0.15 : (t < 0.8 ? 0.0 : (t - 0.8) / 0.2);
    rgb[0] = (uint8_t)(r * 255.0 + 0.5);
    rgb[1] = (uint8_t)(g * 255.0 + 0.5);
    rgb[2] = (uint8_t)(b * 255.0 + 0.5);
    rgb[2] = (uint8_t)((rgb[2] & ~1u) | (level & 1)); /* keep neighbours distinct */
}

static bool write_pgm(FILE *fp, const uint8_t *pixels, int width, int height)
{
    fprintf(fp, "P5\n%d %d\n255\n", width, height);
    return fwrite(pixels, 1, (size_t)width * (size_t)height, fp) == (size_t)width * (size_t)height;
}

static bool write_png(FILE *fp, const uint8_t *pixels, int width, int height, image_palette palette,
                      char *err, size_t err_len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)width;
    img.height = (png_uint_32)height;
    uint8_t colours[256 * 3];
    const void *colormap = NULL;
    if (palette == IMAGE_COLOUR) {
        for (int i = 0; i < 256; i++)
            palette_colour(i, colours + 3 * i);
        img.format = PNG_FORMAT_RGB_COLORMAP;
        img.colormap_entries = 256;
        colormap = colours;
    } else {
        img.format = PNG_FORMAT_GRAY;
    }
    if (!png_image_write_to_stdio(&img, fp, 0, pixels, width, colormap)) {
        snprintf(err, err_len, "libpng: %s", img.message);
        png_image_free(&img);
        return false;
    }
    return true;
}

bool image_write(const char *path, const uint8_t *pixels, int width, int height,
                 image_palette palette, char *err, size_t err_len)
{
    char shown[FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    if (!image_format_known(path)) {
        snprintf(err, err_len, "cannot write '%s': unknown image format (use .png or .pgm)", shown);
        return false;
    }
    atomic_file f;
    if (!afile_open(&f, path, err, err_len))
        return false;
    char why[160] = "write error";
    errno = 0;
    bool ok = ends_with(path, ".pgm")
                  ? write_pgm(f.fp, pixels, width, height)
                  : write_png(f.fp, pixels, width, height, palette, why, sizeof why);
    if (!ok && ferror(f.fp) && errno) /* the system's reason (a full disk), not libpng's */
        snprintf(why, sizeof why, "%s", strerror(errno));
    if (!ok) {
        snprintf(err, err_len, "cannot write '%s': %s", shown, why);
        afile_abort(&f);
        return false;
    }
    return afile_commit(&f, err, err_len);
}

static bool read_pgm(const char *path, uint8_t **pixels, int *width, int *height, char *err,
                     size_t err_len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, err_len, "cannot read '%s'", path);
        return false;
    }
    int w = 0, h = 0, maxval = 0;
    bool ok = fscanf(fp, "P5 %d %d %d", &w, &h, &maxval) == 3 && fgetc(fp) != EOF && w > 0 &&
              h > 0 && maxval == 255 && (size_t)w <= IMAGE_MAX_PIXELS / (size_t)h;
    /* The pixels must all be there before we allocate room for them. */
    long here = ok ? ftell(fp) : -1, end = -1;
    if (here >= 0 && fseek(fp, 0, SEEK_END) == 0)
        end = ftell(fp);
    ok = ok && end >= here && (size_t)(end - here) >= (size_t)w * (size_t)h &&
         fseek(fp, here, SEEK_SET) == 0;
    uint8_t *buf = ok ? malloc((size_t)w * (size_t)h) : NULL;
    ok = ok && buf && fread(buf, 1, (size_t)w * (size_t)h, fp) == (size_t)w * (size_t)h;
    fclose(fp);
    if (!ok) {
        free(buf);
        snprintf(err, err_len, "'%s' is not an 8-bit binary PGM", path);
        return false;
    }
    *pixels = buf;
    *width = w;
    *height = h;
    return true;
}

static bool read_png(const char *path, uint8_t **pixels, int *width, int *height, char *err,
                     size_t err_len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, err_len, "cannot read '%s': %s", path, img.message);
        return false;
    }
    if (img.width == 0 || img.height == 0 || img.width > IMAGE_MAX_PIXELS / img.height) {
        snprintf(err, err_len, "cannot read '%s': %ux%u pixels is too big", path,
                 (unsigned)img.width, (unsigned)img.height);
        png_image_free(&img);
        return false;
    }
    bool colour = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
    img.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    size_t n = (size_t)img.width * img.height;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    uint8_t *levels = malloc(n);
    if (!buf || !levels || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        snprintf(err, err_len, "cannot read '%s': %s", path,
                 buf && levels ? img.message : "out of memory");
        free(buf);
        free(levels);
        png_image_free(&img);
        return false;
    }
    if (colour) {
        uint8_t table[256 * 3];
        for (int i = 0; i < 256; i++)
            palette_colour(i, table + 3 * i);
        int last = 0;
        for (size_t p = 0; p < n; p++) {
            const uint8_t *rgb = buf + 3 * p;
            if (memcmp(table + 3 * last, rgb, 3) != 0)
                for (last = 0; last < 255 && memcmp(table + 3 * last, rgb, 3) != 0; last++)
                    ;
            levels[p] = (uint8_t)last;
        }
    } else {
        memcpy(levels, buf, n);
    }
    free(buf);
    *pixels = levels;
    *width = (int)img.width;
    *height = (int)img.height;
    return true;
}

bool image_read(const char *path, uint8_t **pixels, int *width, int *height, char *err,
                size_t err_len)
{
    if (ends_with(path, ".pgm"))
        return read_pgm(path, pixels, width, height, err, err_len);
    if (ends_with(path, ".png"))
        return read_png(path, pixels, width, height, err, err_len);
    snprintf(err, err_len, "cannot read '%s': unknown image format", path);
    return false;
}
