/* Unit tests for common/progress.h: silent for short runs and off a terminal, then a line
 * that says how far and how long, redrawn in place and erased at the end. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

static double fake_now;
static double fake_clock(void) { return fake_now; }

/* Everything written to f so far, as a string. */
static const char *contents(FILE *f)
{
    static char text[4096];
    fflush(f);
    long at = ftell(f);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fseek(f, at, SEEK_SET);
    return text;
}

static void silent_for_short_runs(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    progress p;
    fake_now = 100;
    progress_start_on(&p, f, fake_clock, "pi", "darts", 1e9);
    fake_now = 100 + PROGRESS_DELAY / 2;
    progress_add(&p, 5e8);
    fake_now = 100 + PROGRESS_DELAY * 0.99;
    progress_add(&p, 5e8);
    progress_end(&p);
    assert_string_equal(contents(f), "");
    fclose(f);
}

static void line_with_fraction_and_time_left(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    progress p;
    fake_now = 0;
    progress_start_on(&p, f, fake_clock, "pi", "darts", 1e12);
    fake_now = 40;
    progress_add(&p, 2.5e11); /* a quarter in 40 s: 120 s to go */
    assert_string_equal(contents(f),
                        "\rpi: 25% of 1e+12 darts, 40 s so far, about 2 min 0 s left\033[K");
    /* Not again within PROGRESS_EVERY seconds... */
    fake_now = 40 + PROGRESS_EVERY / 2;
    progress_add(&p, 2.5e11);
    assert_int_equal(strlen(contents(f)), strlen("\rpi: 25% of 1e+12 darts, 40 s so far, "
                                                 "about 2 min 0 s left\033[K"));
    /* ...but after it, in place (\r), with the new figures. */
    fake_now = 80;
    progress_add(&p, 0);
    assert_non_null(strstr(contents(f), "\rpi: 50% of 1e+12 darts, 1 min 20 s so far, "
                                        "about 1 min 20 s left"));
    /* Cleared before other output, and at the end. */
    progress_clear(&p);
    const char *text = contents(f);
    assert_string_equal(text + strlen(text) - 4, "\r\033[K");
    progress_end(&p);
    fake_now = 1000;
    progress_add(&p, 1); /* after the end: nothing more */
    assert_string_equal(contents(f) + strlen(contents(f)) - 4, "\r\033[K");
    fclose(f);
}

static void long_runs_in_days_and_years(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    progress p;
    fake_now = 0;
    progress_start_on(&p, f, fake_clock, "pi", "darts", 1e18);
    fake_now = 3600;
    progress_add(&p, 1e12); /* 1e-6 of the run in an hour */
    assert_non_null(strstr(contents(f), "1 h 0 min so far, about 114 years left"));
    fclose(f);
}

static void off_a_terminal_nothing(void **state)
{
    (void)state;
    /* progress_start draws only on a terminal; under ctest stderr is a pipe. */
    if (isatty(STDERR_FILENO))
        skip();
    progress p;
    progress_start(&p, "pi", "darts", 10, true);
    assert_null(p.out);
    progress_start(&p, "pi", "darts", 10, false);
    assert_null(p.out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(silent_for_short_runs),
        cmocka_unit_test(line_with_fraction_and_time_left),
        cmocka_unit_test(long_runs_in_days_and_years),
        cmocka_unit_test(off_a_terminal_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
