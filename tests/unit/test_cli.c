/* Unit tests for common/cli.c: the option table, environment fallback, messages. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One table, fresh defaults for every test. */
static int64_t count;
static int workers;
static double ratio;
static bool debug;
static const char *output, *schedule;
static cli_option options[] = {
    {.name = "count",
     .short_name = 'c',
     .type = CLI_INT64,
     .value = &count,
     .env = "MPIT_TEST_COUNT",
     .min = 1,
     .max = 1e9,
     .metavar = "N",
     .help = "how many"},
    {.name = "workers", .type = CLI_INT, .value = &workers, .min = 1, .max = 64, .help = "workers"},
    {.name = "ratio", .type = CLI_DOUBLE, .value = &ratio, .min = 0, .max = 1, .help = "a ratio"},
    {.name = "debug",
     .short_name = 'd',
     .type = CLI_FLAG,
     .value = &debug,
     .env = "MPIT_TEST_DEBUG",
     .help = "talk"},
    {.name = "output", .short_name = 'o', .type = CLI_STRING, .value = &output, .help = "file"},
    {.name = "schedule",
     .type = CLI_CHOICE,
     .value = &schedule,
     .choices = "dynamic|static",
     .help = "how"},
    CLI_END};
static cli_spec spec = {
    .program = "demo", .purpose = "test", .usage = "demo [options]", .options = options};

static int reset(void **state)
{
    (void)state;
    count = 5;
    workers = 2;
    ratio = 0.5;
    debug = false;
    output = "out.png";
    schedule = "dynamic";
    unsetenv("MPIT_TEST_COUNT");
    unsetenv("MPIT_TEST_DEBUG");
    return 0;
}

/* Parse a NULL-terminated list of arguments (argv[0] added). */
static cli_status parse(char *err, size_t len, ...)
{
    static char *argv[32];
    static char storage[32][128];
    int argc = 0;
    va_list ap;
    va_start(ap, len);
    snprintf(storage[argc], sizeof storage[argc], "demo");
    argv[argc] = storage[argc];
    argc++;
    for (const char *a; (a = va_arg(ap, const char *)) != NULL; argc++) {
        snprintf(storage[argc], sizeof storage[argc], "%s", a);
        argv[argc] = storage[argc];
    }
    va_end(ap);
    argv[argc] = NULL;
    err[0] = '\0';
    return cli_parse(&spec, argc, argv, err, len);
}

static void defaults_stay_without_arguments(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_int_equal(count, 5);
    assert_false(cli_given(&spec, "count"));
    assert_string_equal(output, "out.png");
}

static void every_type_parses(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, "--count", "1e6", "--workers=3", "--ratio", "0.25",
                           "-d", "-o", "x.pgm", "--schedule", "static", NULL),
                     CLI_RUN);
    assert_int_equal(count, 1000000);
    assert_int_equal(workers, 3);
    assert_true(ratio == 0.25);
    assert_true(debug);
    assert_string_equal(output, "x.pgm");
    assert_string_equal(schedule, "static");
    assert_true(cli_given(&spec, "count"));
    assert_true(cli_given(&spec, "schedule"));
    assert_false(cli_given(&spec, "nonexistent"));
}

static void bad_values_give_one_clear_line(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, "--count", "12abc", NULL), CLI_ERROR);
    assert_string_equal(err, "demo: --count expects a whole number from 1 to 1000000000, got "
                             "'12abc'; see ./demo --help");
    assert_null(strchr(err, '\n'));
    assert_int_equal(parse(err, sizeof err, "--count", "-1", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--count", "0", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--count", "99999999999999999999", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--count", "", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--workers", "65", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--ratio", "1.5", NULL), CLI_ERROR);
    assert_int_equal(parse(err, sizeof err, "--schedule", "random", NULL), CLI_ERROR);
    assert_non_null(strstr(err, "one of dynamic|static, got 'random'"));
    assert_int_equal(parse(err, sizeof err, "--output", "", NULL), CLI_ERROR);
}

static void unknown_missing_and_positional_are_errors(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, "--nope", NULL), CLI_ERROR);
    assert_string_equal(err, "demo: unknown option '--nope'; see ./demo --help");
    assert_int_equal(parse(err, sizeof err, "-x", NULL), CLI_ERROR);
    assert_non_null(strstr(err, "unknown option '-x'"));
    assert_int_equal(parse(err, sizeof err, "--count", NULL), CLI_ERROR);
    assert_string_equal(err, "demo: option '--count' needs a value; see ./demo --help");
    assert_int_equal(parse(err, sizeof err, "extra", NULL), CLI_ERROR);
    assert_non_null(strstr(err, "unexpected argument 'extra'"));
}

static void environment_fills_in_and_flags_win(void **state)
{
    (void)state;
    char err[256];
    setenv("MPIT_TEST_COUNT", "77", 1);
    setenv("MPIT_TEST_DEBUG", "yes", 1);
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_int_equal(count, 77);
    assert_true(debug);
    assert_true(cli_given(&spec, "count"));
    assert_int_equal(parse(err, sizeof err, "--count", "3", NULL), CLI_RUN);
    assert_int_equal(count, 3); /* the flag beats the environment */
    setenv("MPIT_TEST_COUNT", "lots", 1);
    assert_int_equal(parse(err, sizeof err, NULL), CLI_ERROR);
    assert_non_null(strstr(err, "MPIT_TEST_COUNT (environment) expects a whole number"));
    setenv("MPIT_TEST_COUNT", "5", 1);
    setenv("MPIT_TEST_DEBUG", "maybe", 1);
    assert_int_equal(parse(err, sizeof err, NULL), CLI_ERROR);
}

static void help_and_version_are_recognised(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, "--help", NULL), CLI_HELP);
    assert_int_equal(parse(err, sizeof err, "-h", NULL), CLI_HELP);
    assert_int_equal(parse(err, sizeof err, "--version", NULL), CLI_VERSION);
    assert_int_equal(parse(err, sizeof err, "-V", "--help", NULL), CLI_HELP);
    /* --help wins over a bad value that comes after it? No: errors are reported first,
     * since getopt reads left to right; but help before a bad flag still fails cleanly. */
    assert_int_equal(parse(err, sizeof err, "--help", "--nope", NULL), CLI_ERROR);
}

static void help_text_lists_every_option(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cli_print_help(&spec, out);
    fclose(out);
    const char *needles[] = {"usage: demo [options]", "-c, --count N",       "[1..1000000000]",
                             "(default 5)",           "env MPIT_TEST_COUNT", "--schedule VALUE",
                             "[dynamic|static]",      "-h, --help",          "-V, --version"};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        assert_non_null(strstr(text, needles[i]));
    free(text);
}

/* A message can name an option the way the user gave it: flag or environment variable. */
static void given_as_names_the_source(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_null(cli_given_as(&spec, "count"));
    setenv("MPIT_TEST_COUNT", "77", 1);
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_string_equal(cli_given_as(&spec, "count"), "MPIT_TEST_COUNT (environment)");
    assert_int_equal(parse(err, sizeof err, "--count", "3", NULL), CLI_RUN);
    assert_string_equal(cli_given_as(&spec, "count"), "--count");
    assert_null(cli_given_as(&spec, "nonexistent"));
}

/* cli_named: as given, or the flag when the option was left at its default. */
static void named_falls_back_to_the_flag(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_string_equal(cli_named(&spec, "count"), "--count");
    setenv("MPIT_TEST_COUNT", "77", 1);
    assert_int_equal(parse(err, sizeof err, NULL), CLI_RUN);
    assert_string_equal(cli_named(&spec, "count"), "MPIT_TEST_COUNT (environment)");
    assert_null(cli_named(&spec, "nonexistent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(defaults_stay_without_arguments, reset),
        cmocka_unit_test_setup(every_type_parses, reset),
        cmocka_unit_test_setup(bad_values_give_one_clear_line, reset),
        cmocka_unit_test_setup(unknown_missing_and_positional_are_errors, reset),
        cmocka_unit_test_setup(environment_fills_in_and_flags_win, reset),
        cmocka_unit_test_setup(help_and_version_are_recognised, reset),
        cmocka_unit_test_setup(help_text_lists_every_option, reset),
        cmocka_unit_test_setup(given_as_names_the_source, reset),
        cmocka_unit_test_setup(named_falls_back_to_the_flag, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
