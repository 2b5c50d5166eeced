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
