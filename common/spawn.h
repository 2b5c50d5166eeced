/* spawn.h - start worker processes with MPI_Comm_spawn, or say in one line why not.
 *
 *     char worker[4096], err[512];
 *     MPI_Comm workers;
 *     if (!spawn_locate("spawn_worker", argv[0], worker, sizeof worker))  ...
 *     if (!spawn_start(worker, "spawn_worker", MPI_ARGV_NULL, 4, &workers, err, sizeof err))
 *         ...print err, exit 2...
 *     ... talk to the workers over the intercommunicator `workers` ...
 *     MPI_Comm_disconnect(&workers);
 *
 * Why a helper: a spawn that fails is easy to turn into a hang.
 *  - Open MPI 4.1 returns MPI_ERR_SPAWN when the workers do not fit in the free slots, but
 *    its mpiexec then waits forever for the job it could not place. So spawn_start checks
 *    first what it can: the program is a regular, executable file (not a directory, not a
 *    file without x permission); under Open MPI, the workers fit in the slots
 *    MPI_UNIVERSE_SIZE offers unless oversubscription was allowed. Only then does it call
 *    MPI_Comm_spawn, with errors returned (MPI_ERRORS_RETURN on MPI_COMM_SELF) and the
 *    per-process error codes checked, so nothing aborts.
 *  - Before the spawn, spawn_start asks the program what it is: it runs `path --version`
 *    on its own, outside this job (without the launcher's variables, mpi_flavour.h: an MPI
 *    program starts as a singleton), under the handshake's deadline below, and reads the
 *    first line. Every program of this course names itself first ("spawn_worker
 *    (mpi-tutorial-c) 0.1.0", cli.h); another answer, an exit status other than 0, a
 *    signal or no answer in time: one line naming the program, and nothing is spawned.
 *    This finds /bin/true, scripts and the course's other programs within a second.
 *  - MPI_Comm_spawn returns only when every worker has called MPI_Init. A program that
 *    never does (/bin/true, a script that exits 1) would keep it waiting forever, and one
 *    that does but is not our worker (./hello) would leave the manager waiting for messages
 *    that never come. So the workers must answer a HANDSHAKE: each sends its program's name
 *    (its cli_spec's .program) to the manager, which checks it against `program` and tells
 *    all of them to go on or to stop. Every program of this course answers it without a
 *    line of its own: mpit_parse (mpit.h) does, in a process whose MPI_Comm_get_parent is
 *    not MPI_COMM_NULL (spawn_answer_parent, below).
 *  - A watchdog thread puts a deadline on MPI_Comm_spawn and on the handshake. The spawn's
 *    deadline is 5 s plus (5 + workers) times as long as this process took from its
 *    start to the spawn (its own MPI_Init, mostly): a slow or busy machine, or a build with
 *    sanitizers, starts the workers slowly too, and gets a longer deadline. The
 *    handshake's is 5 s plus 5 times that start-up time. When a deadline passes, the
 *    manager prints one line naming the worker program and exits with status 2 at once
 *    (it cannot leave MPI_Comm_spawn or a collective by itself; mpiexec then ends the job).
 *    A worker program that passes the question and then exits with a non-zero status
 *    before MPI_Init makes Open MPI's mpiexec end the whole job itself, at once (its own
 *    note names the exit code; its orte_abort_on_non_zero_status, the only switch, is
 *    global and would hide every other program's exit status as well).
 */
#ifndef MPIT_SPAWN_H
#define MPIT_SPAWN_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>

/* The path of the program `name` in the directory of the running binary: that directory
 * comes from /proc/self/exe (Linux), else from argv0. Does not check that it exists. */
bool spawn_locate(const char *name, const char *argv0, char *path, size_t len);

/* Start `workers` copies of the program at `path` (arguments `args`, NULL-terminated, or
 * MPI_ARGV_NULL) from MPI_COMM_SELF: only the calling process becomes their parent.
 * `program` is the name the workers must answer the handshake with (their cli_spec's
 * .program, e.g. "spawn_worker"). On success *inter is the intercommunicator (local group:
 * the caller; remote group: the workers, ranks 0..workers-1), the handshake done. On
 * failure returns false with one line in err naming the fix; no worker is left running.
 * A deadline that passes ends the process (one line, exit status 2), as described above. */
bool spawn_start(const char *path, const char *program, char **args, int workers, MPI_Comm *inter,
                 char *err, size_t err_len);

/* The worker's side of the handshake; mpit_parse calls it. Collective over the spawned
 * processes. If this process was started by MPI_Comm_spawn, send `program` (this program's
 * name) to the parent and wait for its answer: go on, or (not the program the parent
 * wanted) disconnect and exit quietly with status 0, the parent reporting the mistake.
 * Does nothing in a process that was not spawned. */
void spawn_answer_parent(const char *program);

#endif
