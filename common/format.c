/* format.c - see format.h. */
#include "format.h"

#include <stdio.h>
#include <string.h>

char *format_ints(char *out, size_t out_len, const int *values, int count, const char *sep,
                  int max_shown)
{
    if (out_len < 8) {
        if (out_len)
            out[0] = '\0';
        return out;
    }
    size_t used = 0;
    out[used++] = '[';
    int shown = 0;
    for (; shown < count && (max_shown <= 0 || shown < max_shown); shown++) {
        char item[32];
        int n = snprintf(item, sizeof item, "%s%d", shown ? sep : "", values[shown]);
        if (n < 0 || used + (size_t)n + sizeof " ...]" > out_len)
            break;
        memcpy(out + used, item, (size_t)n);
        used += (size_t)n;
    }
    const char *tail = shown < count ? " ...]" : "]";
    memcpy(out + used, tail, strlen(tail) + 1);
    return out;
}

/* One byte as it is shown: itself, or its escape ("\n", "\x1b"). Returns the length. */
static size_t escape_byte(unsigned char c, char piece[5])
{
    if (c >= 0x20 && c != 0x7f) {
        piece[0] = (char)c;
        return 1;
    }
    const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
    if (named) {
        memcpy(piece, named, 2);
        return 2;
    }
    static const char hex[] = "0123456789abcdef";
    piece[0] = '\\', piece[1] = 'x', piece[2] = hex[c >> 4], piece[3] = hex[c & 15];
    return 4;
}

/* Append the escaped bytes [from, to) of text to out (used so far: *used), as many as fit
 * whole. */
static void append_escaped(char *out, size_t out_len, size_t *used, const char *from,
                           const char *to)
{
    for (const char *p = from; p < to; p++) {
        char piece[5];
        size_t n = escape_byte((unsigned char)*p, piece);
        if (*used + n + 1 > out_len)
            return;
        memcpy(out + *used, piece, n);
        *used += n;
    }
}

/* A UTF-8 continuation byte (10xxxxxx) never starts a character. */
static int continues(char c) { return ((unsigned char)c & 0xc0) == 0x80; }

char *format_name(char *out, size_t out_len, const char *name)
{
    if (out_len == 0)
        return out;
    size_t used = 0, len = name ? strlen(name) : 0;
    if (len <= FORMAT_NAME_SHOWN) {
        append_escaped(out, out_len, &used, name, name + len);
    } else {
        const char *head_end = name + FORMAT_NAME_SHOWN * 7 / 10;
        const char *tail = name + len - FORMAT_NAME_SHOWN * 3 / 10;
        while (head_end > name && continues(*head_end))
            head_end--;
        while (*tail && continues(*tail))
            tail++;
        append_escaped(out, out_len, &used, name, head_end);
        if (used + 4 <= out_len) {
            memcpy(out + used, "...", 3);
            used += 3;
        }
        append_escaped(out, out_len, &used, tail, name + len);
    }
    out[used] = '\0';
    return out;
}

void format_print_escaped(FILE *out, const char *text)
{
    for (const char *p = text; p && *p; p++) {
        char piece[5];
        fwrite(piece, 1, escape_byte((unsigned char)*p, piece), out);
    }
}
