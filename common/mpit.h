/* mpit.h - what every lesson needs around its MPI calls, in one include.
 *
 * A lesson's main shows the calls every MPI program is made of; these helpers do the checks
 * around them:
 *
 *     MPI_Init(&argc, &argv);
 *     int world_rank, world_size;
 *     MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
 *     MPI_Comm_size(MPI_COMM_WORLD, &world_size);
 *     mpit_parse(argc, argv, &spec);          // options; --help, --version, bad input
 *     mpit_require_ranks(2, 0);               // at least 2 ranks
 *     ... the lesson ...
 *     int status = mpit_verdict(ok, "all %d ranks hold the record", world_size);
 *     MPI_Finalize();
 *     return status;
 *
 * The rules these helpers enforce, so that no example has to:
 *  - Bad input (an unknown flag, "12abc", a value out of range, too few ranks) is found by
 *    EVERY rank alike; rank 0 prints one line on stderr naming the fix, and every rank calls
 *    MPI_Finalize and exits with status 2. No MPI_Abort: its banner hides the message and it
 *    is for the unexpected, not for typos.
 *  - --help/--version print on rank 0 and every rank exits 0.
 *  - MPI errors are returned, not fatal (MPI_ERRORS_RETURN on MPI_COMM_WORLD), and
 *    MPIT_CHECK turns a failed call into one line with the call, file, line and MPI's error
 *    string. An MPI failure is unexpected, so that path does use MPI_Abort (other ranks may
 *    be blocked in a call that will never complete).
 *  - Each example ends with one verdict line from rank 0 ("bcast: OK, ...").
 *  - Every message is one line, whatever it quotes: a control character in it (a newline in
 *    a file name, MPICH's multi-line error stack) is printed escaped ("\n", "\x1b"; see
 *    format.h), and messages are never cut short, however long the names in them.
 *  - A process started by MPI_Comm_spawn answers its parent's handshake in mpit_parse
 *    (spawn.h), so a manager finds out at once whether it started the program it wanted.
 *
 * "Collective", below, means what it means in MPI: every rank of MPI_COMM_WORLD calls the
 * function, at the same point of the program; a rank that skipped it would leave the others
 * waiting for it, or exiting without it. Some of these functions send messages (it says
 * which); the others decide from what every rank knows alike (argv, the job's size).
 */
#ifndef MPIT_MPIT_H
#define MPIT_MPIT_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* Exit statuses, the same in every program (0: all went well): */
#define MPIT_EXIT_FAILED 1 /* the program ran, and its check (the verdict) failed */
#define MPIT_EXIT_USAGE  2 /* bad input, wrong rank count, unusable file: the user can fix it */
#define MPIT_EXIT_ABORT  3 /* an MPI call failed or memory ran out: unexpected; MPI_Abort */

#if defined(__GNUC__)
#define MPIT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MPIT_PRINTF(f, a)
#endif

/* Collective, sends messages. Right after MPI_Init, MPI_Comm_rank and MPI_Comm_size: parse
 * the options on every rank (all ranks see the same argv). Returns only when the program
 * should run; handles --help, --version and bad input as described above. Numeric option
 * values are then broadcast from rank 0, so every rank runs with rank 0's values even when
 * the environment (N, MAX, ...) was not forwarded to remote hosts. Also works in a process
 * started by MPI_Comm_spawn (its own MPI_COMM_WORLD) and after MPI_Init_thread. */
void mpit_parse(int argc, char **argv, cli_spec *spec);

/* Collective, but sends no message: like mpit_parse, except that each rank parses the same
 * argv alone (rank 0 prints) and numeric values are not broadcast. For programs that must
 * run, and report, even when some ranks cannot reach each other (connectivity): a message
 * over a broken link never arrives, so a function that waits for one never returns. */
void mpit_parse_local(int argc, char **argv, cli_spec *spec);

/* The program name given in the spec ("ring"), for messages. */
const char *mpit_program(void);

/* Collective, sends no message: the job needs min..max ranks (max 0 = no limit). If not,
 * rank 0 prints e.g. "send_recv: needs 2 processes, got 1; run: mpiexec -n 2 ./send_recv"
 * and every rank exits 2. */
void mpit_require_ranks(int min, int max);

/* The --root option of the collectives, and its check against the job's size. */
/* clang-format off */
#define MPIT_ROOT_OPTION(variable, text)                                                    \
    {.name = "root", .short_name = 'r', .type = CLI_INT, .value = (variable), .min = 0,     \
     .max = 1000000, .metavar = "R", .help = (text)}
/* clang-format on */

/* Collective, sends no message: a rank given on the command line must exist. If rank >= the
 * job's size, rank 0 prints "<program>: --root 4 is not a rank of this 4-process job; use
 * 0..3", and every rank exits 2. */
void mpit_require_rank_option(const char *flag, int rank);

/* Collective, sends messages: if any rank passes ok = false, the lowest such rank prints
 * "<program>: <message>" on stderr and every rank exits 2. For errors the user can fix
 * (a missing input file, an unwritable --output) found after start-up. */
void mpit_agree(bool ok, const char *fmt, ...) MPIT_PRINTF(2, 3);

/* Collective, sends no message: bad usage that every rank has found alike (e.g. two flags
 * that contradict each other). Rank 0 prints "<program>: <message>", every rank exits 2. */
_Noreturn void mpit_usage_error(const char *fmt, ...) MPIT_PRINTF(1, 2);

/* Collective, sends messages: were all ranks ok? Rank 0 prints "<program>: OK, <message>"
 * or "<program>: FAILED, <message>" on stdout. Returns the exit status to use (0 or 1). */
int mpit_verdict(bool ok, const char *fmt, ...) MPIT_PRINTF(2, 3);

/* Local: leave at once, MPI_Finalize (if MPI is up and not finalized), then exit(status).
 * For helpers and for a process with nothing left to do; a lesson ends with MPI_Finalize. */
_Noreturn void mpit_exit(int status);

/* Local: wraps an MPI call whose failure means the job cannot go on. If it does not return
 * MPI_SUCCESS, this rank prints one line, "<program>: <call> failed (<file>:<line>): <MPI's
 * error text>", and ends the whole job with MPI_Abort, exit status 3 (MPIT_EXIT_ABORT). */
#define MPIT_CHECK(call) mpit_check_((call), #call, __FILE__, __LINE__)
void mpit_check_(int rc, const char *what, const char *file, int line);

/* Local: MPI_Waitany for a process that waits most of the time and shares cores with the
 * processes it waits for (a task farm's manager when there are more processes than cores).
 * MPI_Waitany polls flat out: such a waiter takes half of a worker's core. This asks with
 * MPI_Testany and, while nothing has completed, sleeps about 50 us (the kernel's smallest
 * nap) between the questions; mpi4py.futures' manager does the same (its backoff). */
int mpit_waitany_sleeping(int count, MPI_Request *requests, int *index, MPI_Status *status);

/* malloc that never returns NULL (prints a line and aborts the job, status 3, instead). */
void *mpit_xmalloc(size_t size);
void *mpit_xcalloc(size_t count, size_t size);

/* "./send_recv" style name of the running binary, for "run: ..." hints. */
const char *mpit_invocation(void);

#endif
