/* cli.c - the option table on getopt_long; see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#ifndef MPIT_VERSION
#define MPIT_VERSION "unknown"
#endif

#define CLI_MAX_OPTIONS 48

/* Which options were given, by index into spec->options. One parse at a time. */
static const cli_spec *given_spec;
static bool given[CLI_MAX_OPTIONS];
static bool from_environment[CLI_MAX_OPTIONS]; /* given, through its .env variable */

static int option_count(const cli_spec *spec)
{
    int n = 0;
    while (spec->options && spec->options[n].name)
        n++;
    return n;
}

static bool choice_allowed(const char *choices, const char *word)
{
    size_t len = strlen(word);
    const char *p = choices;
    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, word, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

static bool parse_bool_word(const char *text, bool *out)
{
    static const char *yes[] = {"1", "true", "yes", "on"}, *no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(text, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(text, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Store `text` into the option's variable. `source` says where it came from, for messages:
 * "--count" or "COUNT (environment)". */
static bool set_value(const cli_spec *spec, const cli_option *o, const char *text,
                      const char *source, char *err, size_t err_len)
{
    char why[192];
    bool range = o->min < o->max;
    switch (o->type) {
    case CLI_FLAG:
        if (parse_bool_word(text, (bool *)o->value))
            return true;
        snprintf(why, sizeof why, "1 or 0 (true/false, yes/no), got '%s'", text);
        break;
    case CLI_INT: {
        int64_t v;
        int64_t lo = range ? (int64_t)o->min : -2147483647 - 1,
                hi = range ? (int64_t)o->max : 2147483647;
        if (parse_int64(text, lo, hi, &v, why, sizeof why)) {
            *(int *)o->value = (int)v;
            return true;
        }
        break;
    }
    case CLI_INT64: {
        int64_t v;
        int64_t lo = range ? (int64_t)o->min : INT64_MIN, hi = range ? (int64_t)o->max : INT64_MAX;
        if (parse_int64(text, lo, hi, &v, why, sizeof why)) {
            *(int64_t *)o->value = v;
            return true;
        }
        break;
    }
    case CLI_DOUBLE:
        if (parse_double(text, o->min, o->max, (double *)o->value, why, sizeof why))
            return true;
        break;
    case CLI_STRING:
        if (*text) {
            *(const char **)o->value = text;
            return true;
        }
        snprintf(why, sizeof why, "a non-empty value");
        break;
    case CLI_CHOICE:
        if (choice_allowed(o->choices, text)) {
            *(const char **)o->value = text;
            return true;
        }
        snprintf(why, sizeof why, "one of %s, got '%s'", o->choices, text);
        break;
    }
    snprintf(err, err_len, "%s: %s expects %s; see ./%s --help", spec->program, source, why,
             spec->program);
    return false;
}

/* getopt_long's tables for the spec: long options numbered 256 + index (so that an option
 * without a short name still has a code), short letters after ":hV". */
typedef struct {
    struct option longopts[CLI_MAX_OPTIONS + 1];
    char shortopts[3 * CLI_MAX_OPTIONS + 4];
} getopt_tables;

static void build_tables(const cli_spec *spec, int n, getopt_tables *t)
{
    size_t sp = 0;
    t->shortopts[sp++] = ':'; /* leading ':': a missing value is reported as ':', by us */
    t->shortopts[sp++] = 'h';
    t->shortopts[sp++] = 'V';
    for (int i = 0; i < n; i++) {
        const cli_option *o = &spec->options[i];
        int has_arg = o->type == CLI_FLAG ? no_argument : required_argument;
        t->longopts[i] = (struct option){o->name, has_arg, NULL, 256 + i};
        if (o->short_name) {
            t->shortopts[sp++] = o->short_name;
            if (has_arg == required_argument)
                t->shortopts[sp++] = ':';
        }
    }
    t->shortopts[sp] = '\0';
    t->longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
    t->longopts[n + 1] = (struct option){"version", no_argument, NULL, 'V'};
    t->longopts[n + 2] = (struct option){NULL, 0, NULL, 0};
}

/* The index into spec->options of what getopt_long returned, or -1. */
static int option_index(const cli_spec *spec, int n, int c)
{
    if (c >= 256)
        return c - 256;
    for (int k = 0; k < n; k++)
        if (spec->options[k].short_name == c)
            return k;
    return -1;
}

/* The command line, through getopt_long: marks what was given. Returns CLI_HELP or
 * CLI_VERSION when asked for, CLI_ERROR with the message in err, else CLI_RUN. */
static cli_status read_command_line(const cli_spec *spec, int n, int argc, char **argv, char *err,
                                    size_t err_len)
{
    getopt_tables t;
    build_tables(spec, n, &t);
    cli_status status = CLI_RUN;
    opterr = 0;
    optind = 0; /* glibc: 0 re-initialises completely, so parsing twice works */
    int c, longindex;
    while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, &longindex)) != -1) {
        if (c == 'h' || (c == 'V' && status != CLI_HELP)) {
            status = c == 'h' ? CLI_HELP : CLI_VERSION;
            continue;
        }
        if (c == 'V')
            continue;
        if (c == '?' || c == ':') {
            snprintf(err, err_len, "%s: %s '%s'%s; see ./%s --help", spec->program,
                     c == ':' ? "option" : "unknown option", argv[optind - 1],
                     c == ':' ? " needs a value" : "", spec->program);
            return CLI_ERROR;
        }
        int i = option_index(spec, n, c);
        if (i < 0) {
            snprintf(err, err_len, "%s: internal error parsing options", spec->program);
            return CLI_ERROR;
        }
        const cli_option *o = &spec->options[i];
        char source[64];
        snprintf(source, sizeof source, "--%s", o->name);
        if (o->type == CLI_FLAG)
            *(bool *)o->value = true;
        else if (!set_value(spec, o, optarg, source, err, err_len))
            return CLI_ERROR;
        given[i] = true;
    }
    if (status == CLI_RUN && optind < argc) {
        snprintf(err, err_len,
                 "%s: unexpected argument '%s' (options start with --); see ./%s --help",
                 spec->program, argv[optind], spec->program);
        return CLI_ERROR;
    }
    return status;
}

/* The environment fills in what the command line left open. */
static cli_status read_environment(const cli_spec *spec, int n, char *err, size_t err_len)
{
    for (int i = 0; i < n; i++) {
        const cli_option *o = &spec->options[i];
        const char *text = o->env ? getenv(o->env) : NULL;
        if (given[i] || text == NULL)
            continue;
        char source[96];
        snprintf(source, sizeof source, "%s (environment)", o->env);
        if (!set_value(spec, o, text, source, err, err_len))
            return CLI_ERROR;
        given[i] = from_environment[i] = true;
    }
    return CLI_RUN;
}

static cli_status parse_options(const cli_spec *spec, int argc, char **argv, char *err,
                                size_t err_len)
{
    int n = option_count(spec);
    if (n > CLI_MAX_OPTIONS - 2) {
        snprintf(err, err_len, "%s: too many options for cli.c", spec->program);
        return CLI_ERROR;
    }
    given_spec = spec;
    memset(given, 0, sizeof given);
    memset(from_environment, 0, sizeof from_environment);
    cli_status status = read_command_line(spec, n, argc, argv, err, err_len);
    return status == CLI_RUN ? read_environment(spec, n, err, err_len) : status;
}

cli_status cli_parse(const cli_spec *spec, int argc, char **argv, char *err, size_t err_len)
{
    cli_status status = parse_options(spec, argc, argv, err, err_len);
    /* Messages quote what was typed. A newline or other control character in it would
     * break the one-line rule (or fake a second message): show such bytes as '?'. */
    if (status == CLI_ERROR && err_len > 0)
        for (char *p = err; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = '?';
    return status;
}

bool cli_given(const cli_spec *spec, const char *name)
{
    if (spec != given_spec)
        return false;
    for (int i = 0; spec->options && spec->options[i].name; i++)
        if (strcmp(spec->options[i].name, name) == 0)
            return given[i];
    return false;
}

const char *cli_given_as(const cli_spec *spec, const char *name)
{
    static char text[CLI_MAX_OPTIONS][CLI_NAME_TEXT]; /* one per option: several can be named */
    for (int i = 0; spec == given_spec && spec->options && spec->options[i].name; i++) {
        const cli_option *o = &spec->options[i];
        if (strcmp(o->name, name) != 0 || !given[i])
            continue;
        if (from_environment[i])
            snprintf(text[i], sizeof text[i], "%s (environment)", o->env);
        else
            snprintf(text[i], sizeof text[i], "--%s", o->name);
        return text[i];
    }
    return NULL;
}

const char *cli_named(const cli_spec *spec, const char *name)
{
    static char text[CLI_MAX_OPTIONS][CLI_NAME_TEXT];
    const char *given_as = cli_given_as(spec, name);
    for (int i = 0; !given_as && spec->options && spec->options[i].name; i++)
        if (strcmp(spec->options[i].name, name) == 0) {
            snprintf(text[i], sizeof text[i], "--%s", name);
            return text[i];
        }
    return given_as;
}

static void print_default(const cli_option *o, FILE *out)
{
    switch (o->type) {
    case CLI_FLAG:
        break;
    case CLI_INT:
        fprintf(out, " (default %d)", *(int *)o->value);
        break;
    case CLI_INT64:
        fprintf(out, " (default %lld)", (long long)*(int64_t *)o->value);
        break;
    case CLI_DOUBLE:
        fprintf(out, " (default %g)", *(double *)o->value);
        break;
    case CLI_STRING:
    case CLI_CHOICE:
        if (*(const char **)o->value)
            fprintf(out, " (default %s)", *(const char **)o->value);
        break;
    }
}

void cli_print_help(const cli_spec *spec, FILE *out)
{
    fprintf(out, "%s - %s\n\nusage: %s\n\noptions:\n", spec->program, spec->purpose, spec->usage);
    for (int i = 0; spec->options && spec->options[i].name; i++) {
        const cli_option *o = &spec->options[i];
        char left[64];
        const char *meta = o->type == CLI_FLAG ? "" : (o->metavar ? o->metavar : "VALUE");
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, *meta ? " " : "",
                     meta);
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, *meta ? " " : "", meta);
        fprintf(out, "  %-26s %s", left, o->help ? o->help : "");
        if (o->type == CLI_CHOICE)
            fprintf(out, " [%s]", o->choices);
        else if (o->min < o->max && o->type == CLI_DOUBLE)
            fprintf(out, " [%g..%g]", o->min, o->max);
        else if (o->min < o->max && o->type != CLI_FLAG)
            fprintf(out, " [%.0f..%.0f]", o->min, o->max);
        print_default(o, out);
        if (o->env)
            fprintf(out, "; env %s", o->env);
        fputc('\n', out);
    }
    fprintf(out, "  %-26s %s\n  %-26s %s\n", "-h, --help", "show this help and exit",
            "-V, --version", "show the version and exit");
    if (spec->epilog)
        fprintf(out, "\n%s\n", spec->epilog);
}

void cli_print_version(const cli_spec *spec, FILE *out)
{
    fprintf(out, "%s (mpi-tutorial-c) %s\n", spec->program, MPIT_VERSION);
}
