/* mpi_error.c - a test-only program whose MPI call fails: rank 0 sends to a rank that does
 * not exist, the others wait in a barrier that will never complete.
 *
 *   mpiexec -n 2 ./mpi_error
 *
 * MPIT_CHECK must turn the failure into one line naming the call, the file and line, and
 * MPI's error text, and end the whole job with exit status 3 (not 2: nothing the user typed
 * was wrong). tests/mpit.cmake checks both.
 */
#include <stdio.h>

#include "mpit.h"

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "mpi_error",
                     .purpose = "an MPI call that fails, for the MPIT_CHECK test",
                     .usage = "mpiexec -n N ./mpi_error",
                     .options = options};
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec);

    int token = 42;
    if (world_rank == 0)
        MPIT_CHECK(MPI_Send(&token, 1, MPI_INT, world_size, 0, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    printf("mpi_error: the failed call returned\n");
    MPI_Finalize();
    return 0;
}
