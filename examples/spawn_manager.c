/* spawn_manager.c - dynamic processes: one manager starts its workers with MPI_Comm_spawn.
 *
 *   $ mpiexec -n 1 ./spawn_manager --workers 4 --intervals 100
 *   worker 0 of 4: 25 of 100 intervals
 *   ...
 *   pi is about 3.141600986923125, error 8.333333332e-06
 *   spawn_manager: OK, 4 workers integrated 100 of 100 intervals, error within the midpoint rule's 8.33e-06
 *
 * Protocol. The manager is started alone; it spawns --workers copies of spawn_worker (found
 * next to its own binary, or given with --worker PATH) and gets an intercommunicator: its
 * side (the local group) holds only the manager, the other side (the remote group) the
 * workers, ranked 0..W-1. Over it:
 *   0. the handshake (common/spawn.h): each worker sends its program's name, and the
 *      manager tells them to go on if it is spawn_worker (mpit_parse does the workers' part);
 *   1. the manager broadcasts N, the number of intervals (MPI_Bcast, root = MPI_ROOT);
 *   2. worker r adds up the midpoint rule for 4/(1+x^2) on intervals r, r+W, r+2W, ...;
 *   3. the workers' sums and interval counts are reduced onto the manager (MPI_Reduce);
 *   4. both sides call MPI_Comm_disconnect, then MPI_Finalize.
 *
 * Why this one always terminates, while the tutorial warns that its version may not:
 *  - MPI_Finalize is collective over all CONNECTED processes. The spawn links manager and
 *    workers; as long as that link exists, a side that reaches MPI_Finalize may wait there
 *    for the other side, and if the other side is stuck or gone, forever. Step 4 is what
 *    cuts the link: MPI_Comm_disconnect (on both sides, it is collective) waits for the
 *    pending traffic on the intercommunicator and then leaves the two jobs independent, so
 *    each side's MPI_Finalize concerns only itself.
 *  - A spawn that cannot be placed (more workers than free slots) makes Open MPI 4.1's
 *    mpiexec wait forever for the workers it failed to start. spawn_start (common/spawn.h)
 *    checks the slots before it calls MPI_Comm_spawn and returns errors instead of
 *    aborting, so the manager prints one line and exits 2.
 *  - A worker program that is not spawn_worker (/bin/true, ./hello, ./ring, a directory)
 *    would leave the manager waiting for messages that never come: spawn_start checks the
 *    file and asks the program for its --version before the spawn, and the handshake,
 *    under a deadline, finds the rest; one line, exit status 2.
 */
#include <stdint.h>
#include <stdio.h>

#include "mpit.h"
#include "spawn.h"

int main(int argc, char **argv)
{
    int workers = 4;
    int64_t intervals = 100;
    const char *worker_path = NULL;
    /* clang-format off */
    cli_option options[] = {
        {.name = "workers", .short_name = 'w', .type = CLI_INT, .value = &workers, .env = "WORKERS",
         .min = 1, .max = 256, .metavar = "W", .help = "worker processes to spawn"},
        {.name = "intervals", .type = CLI_INT64, .value = &intervals, .env = "N", .min = 1,
         .max = 1e12, .metavar = "N", .help = "intervals of the midpoint rule"},
        {.name = "worker", .type = CLI_STRING, .value = &worker_path, .metavar = "PATH",
         .help = "the worker program (default: spawn_worker next to this program)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "spawn_manager",
                     .purpose = "spawn workers with MPI_Comm_spawn; together they compute pi",
                     .usage = "mpiexec -n 1 ./spawn_manager [--workers W] [--intervals N]",
                     .options = options};
    /* The manager starts as a job of one process; it spawns its workers below. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    if (world_size != 1)
        mpit_usage_error("runs as one process that spawns its workers, got %d; run: "
                         "mpiexec -n 1 ./spawn_manager --workers %d",
                         world_size, world_size);

    char located[4096], err[1024] = "";
    if (!worker_path && spawn_locate("spawn_worker", argv[0], located, sizeof located))
        worker_path = located;
    if (!worker_path)
        mpit_usage_error("the path of this program is too long to find spawn_worker next to "
                         "it; give --worker PATH");

    /* The workers' world is their own MPI_COMM_WORLD; ours and theirs are joined only by
     * the intercommunicator `children`. Errors are returned, so a failed spawn is a line,
     * and a program that is not spawn_worker is found by the handshake (common/spawn.h). */
    MPI_Comm children;
    bool started = spawn_start(worker_path, "spawn_worker", MPI_ARGV_NULL, workers, &children, err,
                               sizeof err);
    mpit_agree(started, "%s", err);

    /* Root of a collective on an intercommunicator: the manager passes MPI_ROOT, and the
     * workers name rank 0 of the remote group (the manager) as root. */
    MPIT_CHECK(MPI_Bcast(&intervals, 1, MPI_INT64_T, MPI_ROOT, children));

    /* Each worker sends its partial sum and how many intervals it took; the manager, being
     * the root, contributes nothing (sendbuf unused) and gets the totals. */
    double pi = 0.0;
    int64_t covered = 0;
    MPIT_CHECK(MPI_Reduce(NULL, &pi, 1, MPI_DOUBLE, MPI_SUM, MPI_ROOT, children));
    MPIT_CHECK(MPI_Reduce(NULL, &covered, 1, MPI_INT64_T, MPI_SUM, MPI_ROOT, children));

    /* Let go of the workers before finalizing (see the comment at the top). */
    MPIT_CHECK(MPI_Comm_disconnect(&children));

    /* The midpoint rule overshoots by about h^2/12 for this integrand (h = 1/N: the error
     * is h^2/24 * (f'(0) - f'(1)) and the h^4 term vanishes), so the error must be positive
     * and at most that, give or take rounding over N terms. */
    const double pi_true = 3.14159265358979323846;
    double error = pi - pi_true;
    double bound = 1.0 / (12.0 * (double)intervals * (double)intervals);
    double rounding = 1e-15 * (double)intervals + 1e-14;
    printf("pi is about %.15f, error %.9e\n", pi, error);
    bool ok = covered == intervals && error > -rounding && error <= bound + rounding;
    int status = mpit_verdict(ok,
                              "%d worker%s integrated %lld of %lld intervals, error within the "
                              "midpoint rule's %.3g",
                              workers, workers == 1 ? "" : "s", (long long)covered,
                              (long long)intervals, bound);
    MPI_Finalize();
    return status;
}
