/* parse.h - strict number parsing.
 *
 * atoi("12abc") is 12 and atoi("99999999999999999999") is undefined behaviour; a teaching
 * suite should not accept either. These functions accept a number only if the WHOLE string
 * is one number, inside [min, max], and otherwise say why in `why` (a short phrase that
 * fits after "expects ...", e.g. "a whole number from 1 to 1000, got '12abc'").
 *
 * Whole numbers: optional sign, decimal digits; for convenience also an exact power-of-ten
 * form such as 1e9 or 2.5e6 (it must denote a whole number). Rejected: empty strings,
 * leading or trailing blanks, hex, fractions, overflow.
 * Real numbers: what strtod accepts, except inf/nan, hex and values that overflow; values too
 * close to 0 for a normal double (1e-310) are accepted, as the subnormal (or 0) strtod gives.
 */
#ifndef MPIT_PARSE_H
#define MPIT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool parse_int64(const char *text, int64_t min, int64_t max, int64_t *out, char *why,
                 size_t why_len);
bool parse_double(const char *text, double min, double max, double *out, char *why, size_t why_len);

#endif
