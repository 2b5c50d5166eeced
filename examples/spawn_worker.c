/* spawn_worker.c - the other half of spawn_manager: started by it, never by hand.
 *
 *   (spawned by: mpiexec -n 1 ./spawn_manager --workers 4)
 *
 *   worker 2 of 4: 25 of 100 intervals
 *
 * A spawned process finds its manager through MPI_Comm_get_parent: an intercommunicator
 * whose remote group is the manager (rank 0 there), whose local group is all the workers
 * (the same processes as this worker's MPI_COMM_WORLD). The protocol is written out at the
 * top of spawn_manager.c: receive N, integrate a share, reduce, disconnect, finalize.
 */
#include <stdint.h>
#include <stdio.h>

#include "mpit.h"

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "spawn_worker",
                     .purpose = "a worker that spawn_manager starts with MPI_Comm_spawn",
                     .usage = "started by spawn_manager: mpiexec -n 1 ./spawn_manager --workers 4",
                     .options = options};
    /* A spawned worker starts MPI like any program. Its MPI_COMM_WORLD holds the workers
     * only; the manager is reached through the parent intercommunicator (below). */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    /* No parent: somebody ran us directly. Say how it is meant to be started. */
    MPI_Comm parent;
    MPIT_CHECK(MPI_Comm_get_parent(&parent));
    if (parent == MPI_COMM_NULL)
        mpit_usage_error("is started by spawn_manager, not directly; run: "
                         "mpiexec -n 1 ./spawn_manager --workers 4");

    /* Root 0 names the manager: rank 0 of the parent side of the intercommunicator. */
    int64_t intervals = 0;
    MPIT_CHECK(MPI_Bcast(&intervals, 1, MPI_INT64_T, 0, parent));

    /* Midpoint rule for the integral of 4/(1+x^2) over [0,1], which is pi. The intervals
     * are dealt out round-robin, so every worker gets nearly the same number. */
    double h = 1.0 / (double)intervals, sum = 0.0;
    int64_t mine = 0;
    for (int64_t i = world_rank; i < intervals; i += world_size, mine++) {
        double x = h * ((double)i + 0.5);
        sum += 4.0 / (1.0 + x * x);
    }
    double part = sum * h;
    printf("worker %d of %d: %lld of %lld intervals\n", world_rank, world_size, (long long)mine,
           (long long)intervals);

    MPIT_CHECK(MPI_Reduce(&part, NULL, 1, MPI_DOUBLE, MPI_SUM, 0, parent));
    MPIT_CHECK(MPI_Reduce(&mine, NULL, 1, MPI_INT64_T, MPI_SUM, 0, parent));

    /* Cut the link to the manager before finalizing: see spawn_manager.c for why this is
     * what lets both sides terminate. */
    MPIT_CHECK(MPI_Comm_disconnect(&parent));
    MPI_Finalize();
    return 0;
}
