/* Unit tests for common/format.c. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

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

/* A name in a message: control characters escaped, never a second line. */
static void escapes_names(void **state)
{
    (void)state;
    char out[FORMAT_NAME_LEN];
    assert_string_equal(format_name(out, sizeof out, "plain.png"), "plain.png");
    assert_string_equal(format_name(out, sizeof out, "a\nb\tc\rd\x1b[0m\x7f"),
                        "a\\nb\\tc\\rd\\x1b[0m\\x7f");
    assert_string_equal(format_name(out, sizeof out, NULL), "");
    assert_string_equal(format_name(out, sizeof out, "caf\xc3\xa9"), "caf\xc3\xa9"); /* UTF-8 */
    char small[6];
    assert_string_equal(format_name(small, sizeof small, "a\nbcdef"), "a\\nbc");
}

/* A long name keeps its head and tail, is at most FORMAT_NAME_SHOWN bytes of the name, and
 * is cut between UTF-8 characters, never inside one. */
static void shortens_long_names(void **state)
{
    (void)state;
    char name[4097], out[FORMAT_NAME_LEN];
    memset(name, 'a', 4096);
    name[4096] = '\0';
    memcpy(name, "HEAD", 4);
    memcpy(name + 4092, "TAIL", 4);
    format_name(out, sizeof out, name);
    assert_true(strncmp(out, "HEAD", 4) == 0);
    assert_non_null(strstr(out, "a...a"));
    assert_true(strlen(out) == FORMAT_NAME_SHOWN + 3);
    assert_string_equal(out + strlen(out) - 4, "TAIL");
    /* Two-byte characters (e with an accent) all the way: the cut keeps them whole. */
    char accents[1001];
    for (int i = 0; i < 1000; i += 2)
        accents[i] = '\xc3', accents[i + 1] = '\xa9';
    accents[1000] = '\0';
    format_name(out, sizeof out, accents);
    const char *dots = strstr(out, "...");
    assert_non_null(dots);
    assert_true((dots - out) % 2 == 0 && (unsigned char)dots[-1] == 0xa9);
    assert_true((unsigned char)dots[3] == 0xc3 && strlen(dots + 3) % 2 == 0);
    /* Every control character of a 4096-byte name escaped: still fits the buffer. */
    memset(name, '\n', 4096);
    format_name(out, sizeof out, name);
    assert_true(strlen(out) < sizeof out);
    assert_null(strchr(out, '\n'));
}

static void prints_escaped(void **state)
{
    (void)state;
    char buf[64] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    format_print_escaped(f, "stack:\nline 2\x01");
    fclose(f);
    assert_string_equal(buf, "stack:\\nline 2\\x01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_lists),  cmocka_unit_test(never_overflows),
        cmocka_unit_test(escapes_names),  cmocka_unit_test(shortens_long_names),
        cmocka_unit_test(prints_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
