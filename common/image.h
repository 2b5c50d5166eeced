/* image.h - write (and read back) 8-bit images: binary PGM (P5) and PNG (libpng).
 *
 * The format follows the file name's extension: ".pgm" or ".png". PNGs are grey, or
 * coloured through a palette; either way the pixel values are the 8-bit levels given.
 * Files are written atomically (atomicfile.h).
 */
#ifndef MPIT_IMAGE_H
#define MPIT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { IMAGE_GREY, IMAGE_COLOUR } image_palette;

/* Is the extension one we write? (".pgm", ".png") */
bool image_format_known(const char *path);

bool image_write(const char *path, const uint8_t *pixels, int width, int height,
                 image_palette palette, char *err, size_t err_len);

/* Read a PGM or PNG written by image_write; *pixels is malloc'd (free it). For a colour
 * PNG the palette indices, i.e. the levels that were written, come back. */
bool image_read(const char *path, uint8_t **pixels, int *width, int *height, char *err,
                size_t err_len);

#endif
