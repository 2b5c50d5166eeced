/* csv.h - read a table of numbers from a CSV file (plain or gzip-compressed).
 *
 *     csv_table t;
 *     char err[256];
 *     if (!csv_read_file("data/iris.csv", 1, &t, err, sizeof err))   // skip 1 header line
 *         ...report err: "data/iris.csv:7: field 2 ('x') is not a number"...
 *     double petal_width = t.values[row * t.cols + 3];
 *     csv_free(&t);
 *
 * The format, and nothing more: one record per line (\n or \r\n), fields separated by
 * commas, each field one finite number as strtod reads it (blanks around it are allowed;
 * nan, inf, hex and empty fields are not). Every record has as many fields as the first.
 * Blank lines and lines starting with '#' are skipped. The first `skip_lines` lines (a
 * header) are not read at all. Errors are one line, "<name>:<line>: <what is wrong>",
 * with the line counted from 1 in the file as a text editor shows it.
 *
 * csv_parse_buffer is a pure function over a byte buffer (no files, no globals), so it can
 * be unit-tested and fuzzed alone; csv_read_file reads the file with zlib's gzread (which
 * passes plain files through unchanged) and hands the bytes to it.
 */
#ifndef MPIT_CSV_H
#define MPIT_CSV_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    double *values; /* rows * cols numbers, row after row (malloc'd; csv_free) */
    size_t rows;
    size_t cols;
} csv_table;

#define CSV_MAX_FIELD 64         /* characters in one number, blanks excluded */
#define CSV_MAX_COLS  100000     /* fields in one record */
#define CSV_MAX_BYTES (1u << 30) /* file size csv_read_file accepts (uncompressed) */

/* Parse `len` bytes of CSV text (need not be NUL-terminated; a NUL byte is an error).
 * `name` is used in messages only. On success fills *out (at least one row) and returns
 * true; on failure leaves *out empty and writes one line into err. */
bool csv_parse_buffer(const char *text, size_t len, const char *name, size_t skip_lines,
                      csv_table *out, char *err, size_t err_len);

/* Read `path` (gzip or plain text) and parse it; messages name the path (as format_name
 * shows it: one line, however long or odd). Only a regular file is read: a FIFO, a device
 * or a directory is refused at once ("cannot read 'x': it is a FIFO (named pipe); give a
 * regular file"), as reading one could wait or run forever. */
bool csv_read_file(const char *path, size_t skip_lines, csv_table *out, char *err, size_t err_len);

void csv_free(csv_table *t);

#endif
