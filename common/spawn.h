/* spawn.h - start worker processes with MPI_Comm_spawn, or say in one line why not.
 *
 *     char worker[4096], err[512];
 *     MPI_Comm workers;
 *     if (!spawn_locate("spawn_worker", argv[0], worker, sizeof worker))  ...
 *     if (!spawn_start(worker, MPI_ARGV_NULL, 4, &workers, err, sizeof err))
 *         ...print err, exit 2...
 *     ... talk to the workers over the intercommunicator `workers` ...
 *     MPI_Comm_disconnect(&workers);
 *
 * Why a helper: a spawn that fails is easy to turn into a hang. Open MPI 4.1 returns
 * MPI_ERR_SPAWN when the workers do not fit in the free slots, but its mpiexec then waits
 * forever for the job it could not place. So spawn_start checks first what it can (the
 * program exists and is executable; under Open MPI, that the workers fit in the slots
 * MPI_UNIVERSE_SIZE offers unless oversubscription was allowed), and only then calls
 * MPI_Comm_spawn with errors returned (MPI_ERRORS_RETURN on MPI_COMM_SELF) and the
 * per-process error codes checked, so nothing aborts and nothing waits.
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
 * MPI_ARGV_NULL) from MPI_COMM_SELF: only the calling process becomes their parent. On
 * success *inter is the intercommunicator (local group: the caller; remote group: the
 * workers, ranks 0..workers-1). On failure returns false with one line in err naming the
 * fix; no worker is left running. */
bool spawn_start(const char *path, char **args, int workers, MPI_Comm *inter, char *err,
                 size_t err_len);

#endif
