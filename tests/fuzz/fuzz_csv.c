/* fuzz_csv.c - fuzz csv_parse_buffer (common/csv.h), the reader of every CSV input file.
 *
 * Input: byte 0 picks the header lines to skip (0-3) and the size of the error buffer, the
 * rest is the file's content, in a buffer of exactly that size (no NUL at the end: ASan
 * reports any read past it). Promises checked for every input:
 *  - accepted => at least one row and one column, at most CSV_MAX_COLS columns, every value
 *    a finite number;
 *  - rejected => the table is left empty and the message is ONE line, NUL-terminated inside
 *    its buffer, starting with the name given ("fuzz.csv:").
 */
#include <math.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 16)
        return 0;
    size_t skip = data[0] & 3;
    size_t err_len = (data[0] & 0x80) ? 1 + (data[0] >> 2 & 0x1f) : 256;
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, len);

    csv_table t;
    memset(&t, 0x5a, sizeof t);
    char err[256];
    memset(err, 'x', sizeof err);
    if (csv_parse_buffer(text, len, "fuzz.csv", skip, &t, err, err_len)) {
        FUZZ_ASSERT(t.rows >= 1 && t.cols >= 1 && t.cols <= CSV_MAX_COLS);
        for (size_t i = 0; i < t.rows * t.cols; i++)
            FUZZ_ASSERT(isfinite(t.values[i]));
        csv_free(&t);
    } else {
        FUZZ_ASSERT(t.values == NULL && t.rows == 0);
        FUZZ_ASSERT(memchr(err, '\0', err_len) != NULL);
        FUZZ_ASSERT(strchr(err, '\n') == NULL && strchr(err, '\r') == NULL);
        FUZZ_ASSERT(strncmp(err, "fuzz.csv:", err_len - 1 < 9 ? err_len - 1 : 9) == 0);
    }
    free(text);
    return 0;
}
