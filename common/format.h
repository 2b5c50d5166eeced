/* format.h - text for one-line messages and the lessons' output.
 *
 * Examples print whole lines with one printf (so lines of different ranks never mix);
 * these helpers build parts of such lines into a caller's buffer.
 *
 * Names the user typed (file names, program paths) go into messages through format_name:
 * a message is one line, and a name may hold a newline or any other control character,
 * or be thousands of bytes long. format_name shows control characters escaped (a newline
 * as the two characters \n, a tab as \t, others as \xHH, e.g. \x1b) and cuts a long name
 * in the middle ("first bytes...last bytes"), so the message stays one readable line and
 * its end (the reason) is never cut off.
 */
#ifndef MPIT_FORMAT_H
#define MPIT_FORMAT_H

#include <stddef.h>
#include <stdio.h>

/* Write "[v0<sep>v1<sep>...]" into out (always NUL-terminated). At most `max_shown` values
 * are written (0 = all that fit); a list cut short ends in " ...]". Returns out. */
char *format_ints(char *out, size_t out_len, const int *values, int count, const char *sep,
                  int max_shown);

/* Bytes of a name that format_name shows before it cuts the middle out. */
#define FORMAT_NAME_SHOWN 200
/* A buffer of this size always holds format_name's result whole. */
#define FORMAT_NAME_LEN (4 * FORMAT_NAME_SHOWN + 8)

/* `name` as it should appear in a one-line message: control characters escaped, at most
 * FORMAT_NAME_SHOWN bytes of it shown (the first 140 and the last 60, joined by "...", cut
 * between characters, never inside a UTF-8 sequence). Always NUL-terminated; a NULL name
 * is shown as "". Returns out. */
char *format_name(char *out, size_t out_len, const char *name);

/* Print `text` on `out` with every control character escaped as format_name does, so that
 * a message holding text from outside (a name, an MPI library's error string) stays one
 * line. Adds nothing (no newline). */
void format_print_escaped(FILE *out, const char *text);

#endif
