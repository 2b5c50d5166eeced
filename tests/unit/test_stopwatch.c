/* Unit tests for common/stopwatch.c: timers and the tutorial's "# csv" format. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stopwatch.h"

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int reset(void **state)
{
    (void)state;
    sw_reset();
    return 0;
}

static void timers_measure_and_add_up(void **state)
{
    (void)state;
    assert_true(sw_get("missing") < 0);
    sw_start("a");
    sleep_ms(20);
    sw_stop("a");
    double first = sw_get("a");
    /* In seconds (20 ms, not 20), however long a busy machine lets the sleep last. */
    assert_true(first >= 0.019 && first < 10.0);
    sw_start("a");
    sleep_ms(10);
    sw_stop("a");
    double second = sw_get("a");
    assert_true(second >= 0.009 && second < 10.0);
    assert_true(fabs(sw_sum("a") - (first + second)) < 1e-9);
    sw_stop("never started"); /* harmless */
}

static char *capture_csv(const char *tag)
{
    static char text[4096];
    FILE *out = tmpfile();
    sw_csv(out, tag);
    rewind(out);
    size_t n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    return text;
}

static void csv_lines_match_the_tutorial_format(void **state)
{
    (void)state;
    sw_start("ring 4 1000");
    sw_stop("ring 4 1000");
    sw_start("bad, name");
    sw_stop("bad, name");
    sw_status("bad, name", false);
    sw_message("bad, name", "it, failed");
    char *text = capture_csv("t1");
    char *line2 = strchr(text, '\n') + 1;
    assert_memory_equal(text, SW_CSV_HEADER "\n", strlen(SW_CSV_HEADER) + 1);
    assert_string_equal(
        SW_CSV_HEADER,
        "# csv,timer,status,time,sum,start,tag,msg,uname.node,user,uname.system,platform.version");
    /* 12 fields: "# csv", then the 11 columns; a timer name never adds a comma. */
    regex_t re;
    assert_int_equal(
        regcomp(&re,
                "^# csv,ring 4 1000,ok,[0-9]+\\.[0-9]{6},[0-9]+\\.[0-9]{6},"
                "[0-9]{4}-[0-9]{2}-[0-9]{2} "
                "[0-9]{2}:[0-9]{2}:[0-9]{2},t1,None,[^,]+,[^,]+,[^,]+,[^,]*\n"
                "# csv,bad  name,failed,[^,]+,[^,]+,[^,]+,t1,it  failed,[^,]+,[^,]+,[^,]+,[^,]*\n$",
                REG_EXTENDED),
        0);
    assert_int_equal(regexec(&re, line2, 0, NULL, 0), 0);
    regfree(&re);
}

static void benchmark_prints_table_then_csv(void **state)
{
    (void)state;
    sw_start("x");
    sw_stop("x");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    sw_benchmark(out, NULL);
    fclose(out);
    char *table = strstr(text, "| x ");
    char *csv = strstr(text, "# csv,x,ok,");
    assert_non_null(table);
    assert_non_null(csv);
    assert_true(table < csv);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(timers_measure_and_add_up, reset),
        cmocka_unit_test_setup(csv_lines_match_the_tutorial_format, reset),
        cmocka_unit_test_setup(benchmark_prints_table_then_csv, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
