/* format.h - print arrays the way the lessons show them: "[1 2 3 4 5]".
 *
 * Examples print whole lines with one printf (so lines of different ranks never mix);
 * these helpers build the bracketed part into a caller's buffer.
 */
#ifndef MPIT_FORMAT_H
#define MPIT_FORMAT_H

#include <stddef.h>

/* Write "[v0<sep>v1<sep>...]" into out (always NUL-terminated). At most `max_shown` values
 * are written (0 = all that fit); a list cut short ends in " ...]". Returns out. */
char *format_ints(char *out, size_t out_len, const int *values, int count, const char *sep,
                  int max_shown);

#endif
