/* fuzz_cli.c - fuzz cli_parse (common/cli.h) with argv and environment made of fuzz bytes.
 *
 * Input: NUL-separated words. The first word is the environment variable FUZZ_COUNT (unset
 * when empty), the second FUZZ_RATIO, the rest are the command-line arguments after the
 * program name. The option table has one option of every type, with and without short
 * names, ranges and environment fallbacks. cli_parse keeps getopt's global state; it resets
 * it itself (optind = 0), which is what this target exercises by calling it over and over.
 * Promises checked for every input:
 *  - CLI_RUN => every value is inside its range, choices are allowed words, strings are
 *    non-empty;
 *  - CLI_ERROR => the message starts with "fuzzcli: ", ends inside the buffer, and is ONE
 *    line (the house rule: one line on stderr), whatever bytes the arguments held.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdbool.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

#define MAX_ARGS 24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024)
        return 0;
    char buffer[1025];
    memcpy(buffer, data, size);
    buffer[size] = '\0';

    /* Cut the bytes into words at each NUL. */
    char *words[MAX_ARGS + 2];
    int nwords = 0;
    for (size_t start = 0; start <= size && nwords < MAX_ARGS + 2;) {
        words[nwords++] = buffer + start;
        start += strlen(buffer + start) + 1;
    }
    const char *env_names[2] = {"FUZZ_COUNT", "FUZZ_RATIO"};
    for (int i = 0; i < 2; i++) {
        if (i < nwords && words[i][0])
            setenv(env_names[i], words[i], 1);
        else
            unsetenv(env_names[i]);
    }
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "./fuzzcli";
    for (int i = 2; i < nwords && argc < MAX_ARGS + 1; i++)
        argv[argc++] = words[i];
    argv[argc] = NULL;

    int64_t count = 10;
    int width = 3;
    double ratio = 0.5, any = 1.0;
    const char *name = "out.txt", *mode = "fast";
    bool verbose = false;
    cli_option options[] = {
        {.name = "count",
         .short_name = 'c',
         .type = CLI_INT64,
         .value = &count,
         .env = "FUZZ_COUNT",
         .min = 1,
         .max = 1e9,
         .metavar = "N",
         .help = "a count"},
        {.name = "width", .short_name = 'w', .type = CLI_INT, .value = &width, .help = "any int"},
        {.name = "ratio",
         .type = CLI_DOUBLE,
         .value = &ratio,
         .env = "FUZZ_RATIO",
         .min = 0,
         .max = 1,
         .help = "a fraction"},
        {.name = "any", .type = CLI_DOUBLE, .value = &any, .help = "any real"},
        {.name = "output",
         .short_name = 'o',
         .type = CLI_STRING,
         .value = &name,
         .metavar = "FILE",
         .help = "a file"},
        {.name = "mode",
         .type = CLI_CHOICE,
         .value = &mode,
         .choices = "fast|slow",
         .help = "a choice"},
        {.name = "verbose",
         .short_name = 'v',
         .type = CLI_FLAG,
         .value = &verbose,
         .help = "a flag"},
        CLI_END};
    cli_spec spec = {.program = "fuzzcli",
                     .purpose = "fuzzing",
                     .usage = "fuzzcli [options]",
                     .options = options};

    /* Mostly a roomy buffer; now and then a tiny one, to check truncation. */
    char err[512];
    size_t err_len = size % 7 == 3 ? 1 + size % 32 : sizeof err;
    memset(err, 'x', sizeof err);
    cli_status status = cli_parse(&spec, argc, argv, err, err_len);
    switch (status) {
    case CLI_RUN:
        FUZZ_ASSERT(count >= 1 && count <= 1000000000);
        FUZZ_ASSERT(ratio >= 0 && ratio <= 1);
        FUZZ_ASSERT(any == any); /* not NaN */
        FUZZ_ASSERT(strcmp(mode, "fast") == 0 || strcmp(mode, "slow") == 0);
        FUZZ_ASSERT(name[0] != '\0');
        (void)cli_given(&spec, "count");
        break;
    case CLI_HELP:
    case CLI_VERSION:
        break;
    case CLI_ERROR: {
        const char *end = memchr(err, '\0', err_len);
        FUZZ_ASSERT(end != NULL);
        FUZZ_ASSERT(strncmp(err, "fuzzcli: ", err_len - 1 < 9 ? err_len - 1 : 9) == 0);
        FUZZ_ASSERT(strchr(err, '\n') == NULL && strchr(err, '\r') == NULL);
        break;
    }
    default:
        FUZZ_ASSERT(!"cli_parse returned an unknown status");
    }
    return 0;
}
