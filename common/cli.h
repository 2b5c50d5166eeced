/* cli.h - command-line options from one table, on getopt_long.
 *
 * A program declares its options in a table at the top of main():
 *
 *     int64_t count = 1;  bool debug = false;
 *     cli_option options[] = {
 *         { .name = "count", .type = CLI_INT64, .value = &count, .env = "COUNT",
 *           .min = 1, .max = 1e9, .metavar = "N", .help = "times the token goes round" },
 *         { .name = "debug", .type = CLI_FLAG, .value = &debug, .help = "print every hop" },
 *         CLI_END
 *     };
 *     cli_spec spec = { .program = "ring", .purpose = "pass a token round a ring",
 *                       .usage = "mpiexec -n N ./ring [options]", .options = options };
 *
 * and hands it to mpit_parse() (mpit.h) after MPI_Init, which parses it on every rank.
 * --help (-h) and --version (-V) are always there. Precedence: a flag on the command line,
 * else the environment variable named in .env (the tutorial passes N, MAX, FIND this way),
 * else the value the variable already holds (the default, shown in --help).
 *
 * Every value is checked: numbers with parse.h (whole string, inside [.min, .max] when
 * .min < .max), choices against .choices ("dynamic|static"). A problem becomes one line
 * in `err`, written for the user: what was wrong and what to do instead.
 */
#ifndef MPIT_CLI_H
#define MPIT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    CLI_FLAG,   /* bool *,        no argument: sets true (env: 1/0, true/false, yes/no) */
    CLI_INT,    /* int *,         whole number */
    CLI_INT64,  /* int64_t *,     whole number */
    CLI_DOUBLE, /* double *,      real number */
    CLI_STRING, /* const char **, any non-empty text (a path, a name) */
    CLI_CHOICE  /* const char **, one of .choices, "a|b|c" */
} cli_type;

typedef struct {
    const char *name; /* long name without "--"; NULL ends the table (CLI_END) */
    char short_name;  /* one letter, or 0 */
    cli_type type;
    void *value;         /* where the value goes; holds the default on entry */
    const char *env;     /* environment variable read when the flag is absent, or NULL */
    double min, max;     /* inclusive range for numbers, checked when min < max */
    const char *choices; /* CLI_CHOICE: the allowed words separated by '|' */
    const char *metavar; /* name of the value in --help ("N", "FILE") */
    const char *help;    /* one line for --help */
} cli_option;

/* clang-format off */
#define CLI_END {.name = NULL}
/* clang-format on */

typedef struct {
    const char *program; /* "ring": used in every message */
    const char *purpose; /* one line: what the program shows */
    const char *usage;   /* "mpiexec -n N ./ring [options]" */
    const char *epilog;  /* optional text after the options (examples, notes), or NULL */
    cli_option *options; /* ended by CLI_END */
} cli_spec;

typedef enum { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_ERROR } cli_status;

/* Parse argv (and the environment) into the table's variables. Returns CLI_RUN when the
 * program should go on, CLI_HELP/CLI_VERSION when one was asked for (nothing printed yet),
 * CLI_ERROR with a one-line message in err (no trailing newline). Positional arguments are
 * an error: no example takes any. Safe to call more than once (tests do). */
cli_status cli_parse(const cli_spec *spec, int argc, char **argv, char *err, size_t err_len);

void cli_print_help(const cli_spec *spec, FILE *out);
void cli_print_version(const cli_spec *spec, FILE *out);

/* Was this option given (flag or environment) rather than left at its default? */
bool cli_given(const cli_spec *spec, const char *name);

/* How it was given, for a message that names it: "--points" (on the command line), "N
 * (environment)" (through its variable), or NULL (left at its default). The text lasts until
 * the next parse. */
#define CLI_NAME_TEXT 96
const char *cli_given_as(const cli_spec *spec, const char *name);

/* The same for any option, given or left at its default ("--points" then): the name a message
 * about its value should use. NULL only for a name the table does not have. */
const char *cli_named(const cli_spec *spec, const char *name);

#endif
