/* csv.c - numeric CSV from a buffer or a (gzip) file; see csv.h. */
#define _POSIX_C_SOURCE 200809L
#include "csv.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "format.h"

#if defined(__GNUC__)
#define CSV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CSV_PRINTF(f, a)
#endif

static bool vfail(char *err, size_t err_len, const char *fmt, va_list ap) CSV_PRINTF(3, 0);
static bool vfail(char *err, size_t err_len, const char *fmt, va_list ap)
{
    if (err && err_len)
        vsnprintf(err, err_len, fmt, ap);
    return false;
}

static bool fail(char *err, size_t err_len, const char *fmt, ...) CSV_PRINTF(3, 4);
static bool fail(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, err_len, fmt, ap);
    va_end(ap);
    return false;
}

/* fail(), after freeing the rows parsed so far. */
static bool fail_free(double *values, char *err, size_t err_len, const char *fmt, ...)
    CSV_PRINTF(4, 5);
static bool fail_free(double *values, char *err, size_t err_len, const char *fmt, ...)
{
    free(values);
    va_list ap;
    va_start(ap, fmt);
    vfail(err, err_len, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Messages quote the field, and a message is one line: show control bytes (a lone \r, a
 * tab) as '?'. */
static void printable(char *text)
{
    for (; *text; text++)
        if ((unsigned char)*text < 0x20 || *text == 0x7f)
            *text = '?';
}

/* One field [begin, end) -> *value, or a reason (for "field N ... <reason>"). */
static bool parse_field(const char *begin, const char *end, double *value, char *why,
                        size_t why_len)
{
    while (begin < end && is_blank(*begin))
        begin++;
    while (end > begin && is_blank(end[-1]))
        end--;
    size_t n = (size_t)(end - begin);
    if (n == 0)
        return fail(why, why_len, "is empty");
    if (n >= CSV_MAX_FIELD)
        return fail(why, why_len, "is too long for a number (%zu characters)", n);
    char copy[CSV_MAX_FIELD];
    memcpy(copy, begin, n);
    copy[n] = '\0';
    /* strtod would also take "0x1p3", "inf" and "nan": a data file means none of them. */
    bool plain = strcspn(copy, "xXnNiI") == n && strlen(copy) == n;
    char *stop = NULL;
    errno = 0;
    double v = plain ? strtod(copy, &stop) : 0.0;
    bool number = plain && stop == copy + n, too_large = errno == ERANGE && !isfinite(v);
    if (!number || too_large)
        printable(copy);
    if (!number)
        return fail(why, why_len, "('%s') is not a number", copy);
    if (too_large)
        return fail(why, why_len, "('%s') is too large", copy);
    *value = v;
    return true;
}

static size_t count_fields(const char *p, const char *end)
{
    size_t n = 1;
    for (; p < end; p++)
        n += *p == ',';
    return n;
}

bool csv_parse_buffer(const char *text, size_t len, const char *name, size_t skip_lines,
                      csv_table *out, char *err, size_t err_len)
{
    *out = (csv_table){0};
    if (!name)
        name = "<buffer>";
    double *values = NULL;
    size_t count = 0, capacity = 0, cols = 0, rows = 0, first_line = 0;
    size_t line_no = 0;
    const char *p = text, *stop = text + len;
    char why[128];

    while (p < stop) {
        const char *eol = memchr(p, '\n', (size_t)(stop - p));
        const char *line_end = eol ? eol : stop;
        const char *next = eol ? eol + 1 : stop;
        line_no++;
        if (memchr(p, '\0', (size_t)(line_end - p)))
            return fail_free(values, err, err_len, "%s:%zu: contains a NUL byte (not a text file?)",
                             name, line_no);
        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        const char *q = p;
        while (q < line_end && is_blank(*q))
            q++;
        if (line_no <= skip_lines || q == line_end || *q == '#') {
            p = next;
            continue;
        }
        /* One record: fields up to each comma, the last one up to the end of the line. */
        size_t fields = 0;
        for (const char *f = p;; fields++) {
            const char *comma = memchr(f, ',', (size_t)(line_end - f));
            const char *f_end = comma ? comma : line_end;
            if (rows > 0 && fields >= cols)
                return fail_free(values, err, err_len,
                                 "%s:%zu: has %zu fields, expected %zu like line %zu", name,
                                 line_no, count_fields(p, line_end), cols, first_line);
            if (fields >= CSV_MAX_COLS)
                return fail_free(values, err, err_len, "%s:%zu: more than %d fields", name, line_no,
                                 CSV_MAX_COLS);
            if (count == capacity) {
                size_t grown = capacity ? 2 * capacity : 1024;
                double *bigger = (grown > SIZE_MAX / sizeof *values)
                                     ? NULL
                                     : realloc(values, grown * sizeof *values);
                if (!bigger)
                    return fail_free(values, err, err_len, "%s:%zu: out of memory", name, line_no);
                values = bigger;
                capacity = grown;
            }
            if (!parse_field(f, f_end, &values[count], why, sizeof why))
                return fail_free(values, err, err_len, "%s:%zu: field %zu %s", name, line_no,
                                 fields + 1, why);
            count++;
            if (!comma)
                break;
            f = comma + 1;
        }
        fields++;
        if (rows == 0) {
            cols = fields;
            first_line = line_no;
        } else if (fields != cols) {
            return fail_free(values, err, err_len,
                             "%s:%zu: has %zu fields, expected %zu like line %zu", name, line_no,
                             fields, cols, first_line);
        }
        rows++;
        p = next;
    }
    if (rows == 0)
        return fail_free(values, err, err_len, "%s: no data (the file is empty or only a header)",
                         name);
    out->values = values;
    out->rows = rows;
    out->cols = cols;
    return true;
}

/* Open path for reading if it is a regular file. A FIFO, a device or a directory would make
 * the read wait forever for a writer (a FIFO), never end (/dev/zero) or fail halfway: they
 * are refused at once. The open does not wait (O_NONBLOCK) either: that is only cleared
 * once the file is known to be a regular one. */
static int open_regular(const char *path, const char *shown, char *err, size_t err_len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fail(err, err_len, "cannot open '%s': %s", shown, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const char *kind = S_ISDIR(st.st_mode)    ? "a directory"
                           : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                           : S_ISCHR(st.st_mode)  ? "a character device"
                           : S_ISBLK(st.st_mode)  ? "a block device"
                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                  : "not a regular file";
        fail(err, err_len, "cannot read '%s': it is %s; give a regular file", shown, kind);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

bool csv_read_file(const char *path, size_t skip_lines, csv_table *out, char *err, size_t err_len)
{
    *out = (csv_table){0};
    char shown[FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    int fd = open_regular(path, shown, err, err_len);
    if (fd < 0)
        return false;
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        return fail(err, err_len, "cannot open '%s': %s", shown, strerror(errno));
    }
    size_t size = 0, capacity = 1 << 16;
    char *bytes = malloc(capacity);
    bool ok = bytes != NULL;
    while (ok) {
        if (size == capacity) {
            char *bigger = capacity < CSV_MAX_BYTES ? realloc(bytes, 2 * capacity) : NULL;
            if (!bigger) {
                ok = fail(err, err_len, "%s: too large (over %u bytes) or out of memory", shown,
                          CSV_MAX_BYTES);
                break;
            }
            bytes = bigger;
            capacity *= 2;
        }
        int got = gzread(gz, bytes + size, (unsigned)(capacity - size));
        if (got < 0) {
            int code = 0;
            const char *msg = gzerror(gz, &code);
            ok = fail(err, err_len, "%s: cannot read it: %s", shown, msg ? msg : "gzread failed");
        } else if (got == 0) {
            /* End of input. Z_BUF_ERROR here means it ended inside a gzip stream. */
            int code = Z_OK;
            gzerror(gz, &code);
            if (code == Z_BUF_ERROR)
                ok = fail(err, err_len, "%s: the gzip data is cut short (truncated file?)", shown);
            break;
        }
        size += (size_t)(got > 0 ? got : 0);
    }
    gzclose(gz);
    if (ok)
        ok = csv_parse_buffer(bytes, size, shown, skip_lines, out, err, err_len);
    free(bytes);
    return ok;
}

void csv_free(csv_table *t)
{
    free(t->values);
    *t = (csv_table){0};
}
