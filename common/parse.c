/* parse.c - strict number parsing; see parse.h. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_blank_edges(const char *text)
{
    size_t n = strlen(text);
    return n > 0 && (isspace((unsigned char)text[0]) || isspace((unsigned char)text[n - 1]));
}

static void describe_int_range(char *why, size_t len, int64_t min, int64_t max, const char *text)
{
    snprintf(why, len, "a whole number from %lld to %lld, got '%s'", (long long)min, (long long)max,
             text);
}

/* "1e9", "2.5e6": scientific notation that denotes a whole number. */
static bool parse_scientific_whole(const char *text, double *value)
{
    if (!strpbrk(text, "eE") || strpbrk(text, "xXpP") || strstr(text, "inf") ||
        strstr(text, "INF") || strstr(text, "nan") || strstr(text, "NAN"))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0')
        return false;
    *value = (errno == ERANGE || !isfinite(v)) ? HUGE_VAL : v;
    return true;
}

bool parse_int64(const char *text, int64_t min, int64_t max, int64_t *out, char *why,
                 size_t why_len)
{
    if (text == NULL || *text == '\0' || has_blank_edges(text)) {
        describe_int_range(why, why_len, min, max, text ? text : "");
        return false;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end != text && *end == '\0') {
        if (errno == ERANGE || v < min || v > max) {
            describe_int_range(why, why_len, min, max, text);
            return false;
        }
        *out = (int64_t)v;
        return true;
    }
    double d;
    if (parse_scientific_whole(text, &d) && d == floor(d) && d >= (double)min && d <= (double)max &&
        fabs(d) < 9.2e18) {
        *out = (int64_t)d;
        return true;
    }
    describe_int_range(why, why_len, min, max, text);
    return false;
}

bool parse_double(const char *text, double min, double max, double *out, char *why, size_t why_len)
{
    char *end = NULL;
    double v = 0;
    bool ok = text != NULL && *text != '\0' && !has_blank_edges(text);
    if (ok) {
        errno = 0;
        v = strtod(text, &end);
        /* ERANGE means overflow (v is +-HUGE_VAL: refused) or underflow: a number closer to 0
         * than DBL_MIN, such as 1e-310, which comes back as the nearest subnormal (or 0) and
         * is a perfectly good value. */
        bool overflow = errno == ERANGE && fabs(v) > DBL_MIN;
        ok = end != text && *end == '\0' && !overflow && isfinite(v) && !strpbrk(text, "xX") &&
             (min >= max || (v >= min && v <= max));
    }
    if (!ok) {
        if (min < max)
            snprintf(why, why_len, "a number from %g to %g, got '%s'", min, max, text ? text : "");
        else
            snprintf(why, why_len, "a number, got '%s'", text ? text : "");
        return false;
    }
    *out = v;
    return true;
}
