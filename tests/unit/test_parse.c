/* Unit tests for common/parse.c: strict whole and real numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parse.h"

static void accepts_plain_whole_numbers(void **state)
{
    (void)state;
    int64_t v = -1;
    char why[128];
    assert_true(parse_int64("0", 0, 10, &v, why, sizeof why));
    assert_int_equal(v, 0);
    assert_true(parse_int64("10", 0, 10, &v, why, sizeof why));
    assert_int_equal(v, 10);
    assert_true(parse_int64("-5", -10, 10, &v, why, sizeof why));
    assert_int_equal(v, -5);
    assert_true(parse_int64("+7", 0, 10, &v, why, sizeof why));
    assert_int_equal(v, 7);
    assert_true(parse_int64("9223372036854775807", 0, INT64_MAX, &v, why, sizeof why));
    assert_int_equal(v, INT64_MAX);
}

static void accepts_scientific_whole_numbers(void **state)
{
    (void)state;
    int64_t v = 0;
    char why[128];
    assert_true(parse_int64("1e9", 1, INT64_MAX, &v, why, sizeof why));
    assert_int_equal(v, 1000000000);
    assert_true(parse_int64("2.5e3", 1, INT64_MAX, &v, why, sizeof why));
    assert_int_equal(v, 2500);
    assert_false(parse_int64("2.5e0", 1, INT64_MAX, &v, why, sizeof why)); /* 2.5: not whole */
    assert_false(parse_int64("1e99", 1, INT64_MAX, &v, why, sizeof why));  /* overflow */
    assert_false(parse_int64("1e19", 1, INT64_MAX, &v, why, sizeof why));  /* > INT64_MAX */
}

static void rejects_everything_else(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         " 1",
                         "1 ",
                         "12abc",
                         "abc",
                         "0x10",
                         "1.5",
                         "--1",
                         "1e",
                         "e9",
                         "99999999999999999999",
                         "-99999999999999999999",
                         "inf",
                         "nan",
                         "1,000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 1234;
        char why[128] = "";
        assert_false(parse_int64(bad[i], INT64_MIN, INT64_MAX, &v, why, sizeof why));
        assert_int_equal(v, 1234); /* untouched on failure */
        assert_non_null(strstr(why, "a whole number"));
    }
}

static void enforces_the_range(void **state)
{
    (void)state;
    int64_t v = 0;
    char why[128];
    assert_false(parse_int64("-1", 0, 100, &v, why, sizeof why));
    assert_string_equal(why, "a whole number from 0 to 100, got '-1'");
    assert_false(parse_int64("101", 0, 100, &v, why, sizeof why));
    assert_false(parse_int64("0", 1, 100, &v, why, sizeof why));
    assert_false(parse_int64(NULL, 1, 100, &v, why, sizeof why));
}

static void parses_real_numbers(void **state)
{
    (void)state;
    double d = 0;
    char why[128];
    assert_true(parse_double("0.65", -10, 10, &d, why, sizeof why));
    assert_true(d == 0.65);
    assert_true(parse_double("-1e-3", -10, 10, &d, why, sizeof why));
    assert_true(d == -1e-3);
    assert_true(parse_double("1e300", 0, 0, &d, why, sizeof why)); /* no range given */
    const char *bad[] = {"", "x", "1.0.0", "1e999", "inf", "-inf", "nan", "0x1p3", " 1", "1 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(parse_double(bad[i], 0, 0, &d, why, sizeof why));
    assert_false(parse_double("11", -10, 10, &d, why, sizeof why));
    assert_string_equal(why, "a number from -10 to 10, got '11'");
}

/* strtod reports ERANGE for overflow and for underflow alike: only overflow is an error. A
 * value closer to 0 than DBL_MIN is a subnormal number (or 0), inside any range around 0. */
static void accepts_subnormals_refuses_overflow(void **state)
{
    (void)state;
    double d = 1;
    char why[128];
    assert_true(parse_double("1e-310", -2, 2, &d, why, sizeof why));
    assert_true(d > 0 && d < 2.3e-308 && d == 1e-310);
    assert_true(parse_double("-4.9e-324", -2, 2, &d, why, sizeof why)); /* the smallest */
    assert_true(d < 0 && d > -1e-323);
    assert_true(parse_double("1e-400", -2, 2, &d, why, sizeof why)); /* rounds to 0 */
    assert_true(d == 0);
    assert_true(parse_double("2.2250738585072014e-308", 0, 0, &d, why, sizeof why)); /* DBL_MIN */
    assert_false(parse_double("1e309", 0, 0, &d, why, sizeof why));
    assert_false(parse_double("-1e309", 0, 0, &d, why, sizeof why));
    assert_false(parse_double("1e-310", 1, 2, &d, why, sizeof why)); /* still range-checked */
    assert_string_equal(why, "a number from 1 to 2, got '1e-310'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_plain_whole_numbers),
        cmocka_unit_test(accepts_scientific_whole_numbers),
        cmocka_unit_test(rejects_everything_else),
        cmocka_unit_test(enforces_the_range),
        cmocka_unit_test(parses_real_numbers),
        cmocka_unit_test(accepts_subnormals_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
