/* hello.c - the install check: every process says who it is and where it runs.
 *
 *   mpicc hello.c -o hello        (this file needs nothing else: start your own from it)
 *
 *   $ mpiexec -n 4 ./hello
 *   Hello, World! I am process 2 of 4 on myhost.
 *   Hello, World! I am process 0 of 4 on myhost.
 *   ...
 *   hello: OK, 4 of 4 processes answered
 *
 * The greeting lines come in any order: each process writes its own, and mpiexec passes
 * them on as they arrive. The last line is the proof: rank 0 collects every rank number
 * and checks that each of 0..N-1 answered exactly once.
 *
 * The other lessons leave their options and error checks to common/ (chapter 3); this one
 * reads its two options itself, so that it builds from this one file.
 */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define HELLO_VERSION "0.1.0" /* the project's version; the test hello_mpicc compares them */

/* --help, --version, or a mistake on the command line. Every rank reads the same argv, so
 * every rank reaches the same decision without a message being sent; rank 0 alone prints.
 * Returns -1 to go on, else the status to exit with: 0 after help or version, 2 for bad
 * input (one line on stderr saying what to do). */
static int read_options(int argc, char **argv, int world_rank)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    int c, asked = 0; /* 'h' or 'V' once asked for; help wins */
    const char *wrong = NULL, *problem = "unknown option", *hint = "";
    opterr = 0; /* getopt_long's own messages would come from every rank */
    while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1 && !wrong) {
        if (c == 'h' || (c == 'V' && asked != 'h'))
            asked = c;
        else if (c == '?')
            wrong = argv[optind - 1];
    }
    if (!wrong && !asked && optind < argc) {
        wrong = argv[optind];
        problem = "unexpected argument";
        hint = " (options start with --)";
    }
    if (world_rank == 0 && wrong) {
        /* One line, whatever was typed: control characters are shown as '?'. */
        fprintf(stderr, "hello: %s '", problem);
        for (const char *p = wrong; *p; p++)
            fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
        fprintf(stderr, "'%s; see ./hello --help\n", hint);
    } else if (world_rank == 0 && asked == 'h') {
        printf("hello - check the MPI install: every process says hello\n\n"
               "usage: mpiexec -n N ./hello\n\noptions:\n"
               "  %-26s %s\n  %-26s %s\n",
               "-h, --help", "show this help and exit", "-V, --version",
               "show the version and exit");
    } else if (world_rank == 0 && asked == 'V') {
        char library[MPI_MAX_LIBRARY_VERSION_STRING];
        int length = 0, line = 0;
        MPI_Get_library_version(library, &length);
        while (line < length && library[line] != '\n' && library[line] != ',')
            line++;
        printf("hello (mpi-tutorial-c) %s\nMPI: %.*s\n", HELLO_VERSION, line, library);
    }
    return wrong ? 2 : asked ? 0 : -1;
}

int main(int argc, char **argv)
{
    /* MPI_Init joins this process to the others that mpiexec started with it; no other MPI
     * call may come before it. Started without mpiexec, the job is this one process. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    /* Who am I, and how many are we? Both count in MPI_COMM_WORLD, the communicator that
     * holds every process of the job: ranks 0 to world_size - 1. */
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);

    int status = read_options(argc, argv, world_rank);
    if (status >= 0) {
        MPI_Finalize();
        return status;
    }

    /* The processor name is MPI's word for the host this rank runs on. */
    char host[MPI_MAX_PROCESSOR_NAME];
    int host_len;
    MPI_Get_processor_name(host, &host_len);
    printf("Hello, World! I am process %d of %d on %s.\n", world_rank, world_size, host);

    /* Gather every rank's number at rank 0: a rank that never started, or a job whose
     * processes do not share one MPI_COMM_WORLD (a classic install mix-up), shows here. */
    int *ranks = NULL, answered = 0;
    if (world_rank == 0 && (ranks = calloc((size_t)world_size, sizeof *ranks)) == NULL) {
        fprintf(stderr, "hello: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    MPI_Gather(&world_rank, 1, MPI_INT, ranks, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (world_rank == 0) {
        for (int i = 0; i < world_size; i++)
            answered += ranks[i] == i;
        printf("hello: %s, %d of %d processes answered\n", answered == world_size ? "OK" : "FAILED",
               answered, world_size);
    }
    free(ranks);

    /* Every process calls MPI_Finalize before it ends: the job is over when all have. */
    MPI_Finalize();
    return world_rank == 0 && answered != world_size ? 1 : 0;
}
