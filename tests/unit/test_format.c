/* Unit tests for common/format.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format.h"

static void formats_lists(void **state)
{
    (void)state;
    int v[] = {1, 4, 9, 16, -3};
    char out[64];
    assert_string_equal(format_ints(out, sizeof out, v, 4, ", ", 0), "[1, 4, 9, 16]");
    assert_string_equal(format_ints(out, sizeof out, v, 5, " ", 0), "[1 4 9 16 -3]");
    assert_string_equal(format_ints(out, sizeof out, v, 0, " ", 0), "[]");
    assert_string_equal(format_ints(out, sizeof out, v, 5, " ", 2), "[1 4 ...]");
}

static void never_overflows(void **state)
{
    (void)state;
    int v[100];
    for (int i = 0; i < 100; i++)
        v[i] = 1000000 + i;
    char out[40];
    format_ints(out, sizeof out, v, 100, " ", 0);
    assert_string_equal(out, "[1000000 1000001 1000002 1000003 ...]");
    char tiny[4] = "xyz";
    format_ints(tiny, sizeof tiny, v, 100, " ", 0);
    assert_string_equal(tiny, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_lists),
        cmocka_unit_test(never_overflows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
