/* mpit.c - start-up, bad input, verdicts and MPI error checks; see mpit.h. */
#define _POSIX_C_SOURCE 200809L /* nanosleep, open_memstream */
#include "mpit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "spawn.h"

static const char *program = "mpit";
static char invocation[96] = "./mpit";

const char *mpit_program(void) { return program; }
const char *mpit_invocation(void) { return invocation; }

static int world_rank_(void)
{
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

_Noreturn void mpit_exit(int status)
{
    int up = 0, down = 0;
    MPI_Initialized(&up);
    MPI_Finalized(&down);
    fflush(stdout);
    fflush(stderr);
    if (up && !down)
        MPI_Finalize();
    exit(status);
}

/* A message line: LEAD as it is, then TEXT with its control characters escaped, so that text
 * from outside (a file name, an MPI library's error string) can never split the line or fake
 * a second one. The line is put together first and leaves in one write: stderr is
 * unbuffered, so a line printed piece by piece leaves in as many writes, and a launcher that
 * forwards each piece (MPICH's Hydra) can lose the last ones when the job is torn down right
 * after (seen: "...failed (mpi_error.c:29): Inva", and nothing more). */
static void print_line(FILE *out, const char *lead, const char *text)
{
    char *line = NULL;
    size_t size = 0;
    FILE *buffer = open_memstream(&line, &size);
    FILE *to = buffer ? buffer : out; /* no memory for the buffer: print it as it comes */
    fputs(lead, to);
    format_print_escaped(to, text);
    fputc('\n', to);
    if (buffer && fclose(buffer) == 0)
        fwrite(line, 1, size, out);
    free(line);
}

/* printf into a malloc'd string, whatever its length (a message may quote a name of any
 * length; cutting it short would cut off the reason at its end). */
MPIT_PRINTF(1, 0) static char *format_message(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *text = mpit_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    text[0] = '\0';
    if (n > 0)
        vsnprintf(text, (size_t)n + 1, fmt, ap);
    return text;
}

MPIT_PRINTF(1, 2) static char *format_text(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = format_message(fmt, ap);
    va_end(ap);
    return text;
}

/* Collective, sends messages: if any rank failed, the lowest failing rank prints its line,
 * and every rank exits 2. */
static void agree_or_exit(bool failed, const char *line)
{
    int rank = world_rank_(), size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int mine = failed ? rank : size, first = size;
    MPIT_CHECK(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD));
    if (first == size)
        return;
    if (rank == first)
        print_line(stderr, "", line);
    mpit_exit(MPIT_EXIT_USAGE);
}

static void broadcast_values(const cli_spec *spec)
{
    for (int i = 0; spec->options && spec->options[i].name; i++) {
        cli_option *o = &spec->options[i];
        switch (o->type) {
        case CLI_FLAG: {
            int v = *(bool *)o->value;
            MPIT_CHECK(MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD));
            *(bool *)o->value = v != 0;
            break;
        }
        case CLI_INT:
            MPIT_CHECK(MPI_Bcast(o->value, 1, MPI_INT, 0, MPI_COMM_WORLD));
            break;
        case CLI_INT64:
            MPIT_CHECK(MPI_Bcast(o->value, 1, MPI_INT64_T, 0, MPI_COMM_WORLD));
            break;
        case CLI_DOUBLE:
            MPIT_CHECK(MPI_Bcast(o->value, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD));
            break;
        case CLI_STRING:
        case CLI_CHOICE:
            break; /* come from argv, which every rank has */
        }
    }
}

/* --help / --version: rank 0 prints, every rank exits 0. */
static void leave_if_help_or_version(const cli_spec *spec, cli_status status)
{
    if (status != CLI_HELP && status != CLI_VERSION)
        return;
    if (world_rank_() == 0) {
        if (status == CLI_HELP) {
            cli_print_help(spec, stdout);
        } else {
            char lib[MPI_MAX_LIBRARY_VERSION_STRING];
            int len = 0;
            cli_print_version(spec, stdout);
            MPI_Get_library_version(lib, &len);
            printf("MPI: %.*s\n", (int)strcspn(lib, "\n,"), lib);
        }
    }
    mpit_exit(0);
}

static void line_buffer_stdout(void)
{
    /* Whole lines at a time, so lines from different ranks never cut into each other. After
     * MPI_Init, because MPICH's MPI_Init makes stdout unbuffered (every printf its own
     * write, which mpiexec may interleave with other ranks' output mid-line). */
    static char line_buffer[1 << 16];
    setvbuf(stdout, line_buffer, _IOLBF, sizeof line_buffer);
}

/* What every start-up does before reading the options: the program's name for messages,
 * whole-line output, and MPI errors returned (MPIT_CHECK reports them) instead of fatal.
 * A process started by MPI_Comm_spawn answers its parent's handshake first (spawn.h): the
 * parent learns which program it started, and tells it whether to go on. */
static void start_up(const cli_spec *spec)
{
    program = spec->program;
    snprintf(invocation, sizeof invocation, "./%s", spec->program);
    line_buffer_stdout();
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    spawn_answer_parent(spec->program);
}

void mpit_parse(int argc, char **argv, cli_spec *spec)
{
    start_up(spec);
    char err[512] = "";
    cli_status status = cli_parse(spec, argc, argv, err, sizeof err);
    agree_or_exit(status == CLI_ERROR, err);

    /* Help and version: rank 0's command line decides, everybody leaves quietly. */
    int wanted = status;
    MPIT_CHECK(MPI_Bcast(&wanted, 1, MPI_INT, 0, MPI_COMM_WORLD));
    leave_if_help_or_version(spec, (cli_status)wanted);
    broadcast_values(spec);
}

void mpit_parse_local(int argc, char **argv, cli_spec *spec)
{
    start_up(spec);
    /* Every rank reads the same argv and reaches the same verdict without asking anybody. */
    char err[512] = "";
    cli_status status = cli_parse(spec, argc, argv, err, sizeof err);
    if (status == CLI_ERROR) {
        if (world_rank_() == 0)
            print_line(stderr, "", err);
        mpit_exit(MPIT_EXIT_USAGE);
    }
    leave_if_help_or_version(spec, status);
}

void mpit_require_ranks(int min, int max)
{
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size >= min && (max <= 0 || size <= max))
        return;
    if (world_rank_() == 0) {
        int fix = size < min ? min : max;
        if (max <= 0)
            fprintf(stderr, "%s: needs at least %d processes, got %d; run: mpiexec -n %d %s\n",
                    program, min, size, fix, invocation);
        else if (min == max)
            fprintf(stderr, "%s: needs %d processes, got %d; run: mpiexec -n %d %s\n", program, min,
                    size, fix, invocation);
        else
            fprintf(stderr, "%s: needs %d to %d processes, got %d; run: mpiexec -n %d %s\n",
                    program, min, max, size, fix, invocation);
    }
    mpit_exit(MPIT_EXIT_USAGE);
}

void mpit_require_rank_option(const char *flag, int rank)
{
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank >= size)
        mpit_usage_error("%s %d is not a rank of this %d-process job; use 0..%d", flag, rank, size,
                         size - 1);
}

void mpit_agree(bool ok, const char *fmt, ...)
{
    char *line = NULL;
    if (!ok) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = format_message(fmt, ap);
        va_end(ap);
        line = mpit_xmalloc(strlen(program) + strlen(msg) + 3);
        sprintf(line, "%s: %s", program, msg);
        free(msg);
    }
    agree_or_exit(!ok, line ? line : "");
    free(line);
}

_Noreturn void mpit_usage_error(const char *fmt, ...)
{
    if (world_rank_() == 0) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = format_message(fmt, ap);
        va_end(ap);
        char *lead = format_text("%s: ", program);
        print_line(stderr, lead, msg);
        free(lead);
        free(msg);
    }
    mpit_exit(MPIT_EXIT_USAGE);
}

int mpit_verdict(bool ok, const char *fmt, ...)
{
    int mine = ok, all = 0;
    MPIT_CHECK(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD));
    if (world_rank_() == 0) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = format_message(fmt, ap);
        va_end(ap);
        char *lead = format_text("%s: %s, ", program, all ? "OK" : "FAILED");
        print_line(stdout, lead, msg);
        free(lead);
        fflush(stdout);
        free(msg);
    }
    return all ? 0 : MPIT_EXIT_FAILED;
}

void mpit_check_(int rc, const char *what, const char *file, int line)
{
    if (rc == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING] = "unknown error";
    int len = 0;
    MPI_Error_string(rc, text, &len);
    /* MPICH's text is an error stack, one line per level: keep the message on one line. */
    for (char *p = text; *p; p++)
        if (*p == '\n')
            *p = p[1] ? ' ' : '\0';
    const char *slash = strrchr(file, '/'); /* the build passes full paths: name the file */
    char *lead =
        format_text("%s: %s failed (%s:%d): ", program, what, slash ? slash + 1 : file, line);
    print_line(stderr, lead, text); /* the text may quote a file name: escaped, one line */
    free(lead);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, MPIT_EXIT_ABORT);
    exit(MPIT_EXIT_ABORT);
}

static void *checked(void *p, size_t size)
{
    if (p == NULL && size > 0) {
        fprintf(stderr, "%s: out of memory (%zu bytes)\n", program, size);
        MPI_Abort(MPI_COMM_WORLD, MPIT_EXIT_ABORT);
        exit(MPIT_EXIT_ABORT);
    }
    return p;
}

void *mpit_xmalloc(size_t size) { return checked(malloc(size), size); }
void *mpit_xcalloc(size_t count, size_t size) { return checked(calloc(count, size), count * size); }

int mpit_waitany_sleeping(int count, MPI_Request *requests, int *index, MPI_Status *status)
{
    for (;;) {
        int flag = 0;
        int rc = MPI_Testany(count, requests, index, &flag, status);
        /* flag is also true when no request is active (index MPI_UNDEFINED), as for Waitany */
        if (rc != MPI_SUCCESS || flag)
            return rc;
        nanosleep(&(struct timespec){.tv_nsec = 1000}, NULL);
    }
}
