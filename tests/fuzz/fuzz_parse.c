/* fuzz_parse.c - fuzz parse_int64 and parse_double (common/parse.h).
 *
 * Input: byte 0 picks the range and the size of the `why` buffer, the rest is the text.
 * Promises checked for every input:
 *  - accepted => the value is inside [min, max] (and finite, for doubles);
 *  - plain decimal text ("-0042") is accepted exactly when its true value is in range,
 *    and then gives that value (compared with a digit-by-digit reference);
 *  - "1e9"-style text, when accepted, denotes exactly the value returned;
 *  - rejected => `why` is a NUL-terminated string inside its buffer.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"

static const int64_t int_ranges[8][2] = {
    {INT64_MIN, INT64_MAX},        {1, 1000}, {0, 2147483647}, {-5, 5}, {1, 1000000000000000000},
    {-2147483647 - 1, 2147483647}, {0, 0},    {7, 7}};
static const double real_ranges[4][2] = {{0, 0}, {0, 1}, {1e-9, 10}, {-1e300, 1e300}};

/* Plain decimal text ("-0042") -> true, with *fits = whether it is an int64 at all and
 * then its value. Digit by digit in uint64 (no __int128: 32-bit ARM has none). */
static bool decimal_value(const char *text, bool *fits, int64_t *value)
{
    const char *p = text;
    bool negative = *p == '-', big = false;
    if (*p == '-' || *p == '+')
        p++;
    if (*p == '\0')
        return false;
    uint64_t magnitude = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned digit = (unsigned)(*p - '0');
        if (magnitude > (UINT64_MAX - digit) / 10)
            big = true;
        else
            magnitude = magnitude * 10 + digit;
    }
    uint64_t limit = (uint64_t)INT64_MAX + (negative ? 1 : 0);
    *fits = !big && magnitude <= limit;
    if (*fits)
        *value = !negative            ? (int64_t)magnitude
                 : magnitude == limit ? INT64_MIN
                                      : -(int64_t)magnitude;
    return true;
}

static void check_why(const char *why, size_t why_len)
{
    FUZZ_ASSERT(why_len == 0 || memchr(why, '\0', why_len) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 300)
        return 0;
    char text[301];
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    unsigned sel = data[0];
    /* Mostly a roomy buffer; sometimes a tiny one, to check truncation. */
    size_t why_len = (sel & 0x80) ? 1 + ((sel >> 3) & 0x7) : 192;
    char why[192];

    int64_t lo = int_ranges[sel & 7][0], hi = int_ranges[sel & 7][1], got = 0;
    memset(why, 'x', sizeof why);
    bool ok = parse_int64(text, lo, hi, &got, why, why_len);
    int64_t ref = 0;
    if (ok) {
        FUZZ_ASSERT(got >= lo && got <= hi);
    } else {
        check_why(why, why_len);
    }
    bool fits;
    if (decimal_value(text, &fits, &ref)) {
        FUZZ_ASSERT(ok == (fits && ref >= lo && ref <= hi));
        FUZZ_ASSERT(!ok || ref == got);
    } else if (ok) {
        /* Accepted although not plain decimal: must be exact scientific notation. */
        FUZZ_ASSERT(strpbrk(text, "eE") != NULL);
        FUZZ_ASSERT(strtod(text, NULL) == (double)got);
    }

    double rlo = real_ranges[(sel >> 3) & 3][0], rhi = real_ranges[(sel >> 3) & 3][1], real = 0;
    memset(why, 'x', sizeof why);
    ok = parse_double(text, rlo, rhi, &real, why, why_len);
    if (ok) {
        FUZZ_ASSERT(isfinite(real));
        FUZZ_ASSERT(rlo >= rhi || (real >= rlo && real <= rhi));
        FUZZ_ASSERT(real == strtod(text, NULL));
    } else {
        check_why(why, why_len);
    }
    return 0;
}
