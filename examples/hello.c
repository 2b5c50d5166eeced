/* hello.c - the install check: every process says who it is and where it runs.
 *
 *   mpiexec -n 4 ./hello
 *
 *   Hello, World! I am process 2 of 4 on myhost.
 *   Hello, World! I am process 0 of 4 on myhost.
 *   ...
 *   hello: OK, 4 of 4 processes answered
 *
 * The greeting lines come in any order: each process writes its own, and mpiexec passes
 * them on as they arrive. The last line is the proof: rank 0 collects every rank number
 * and checks that each of 0..N-1 answered exactly once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mpit.h"

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "hello",
                     .purpose = "check the MPI install: every process says hello",
                     .usage = "mpiexec -n N ./hello",
                     .options = options};
    int world_rank, world_size;
    mpit_init(&argc, &argv, &spec, &world_rank, &world_size);

    /* The processor name is MPI's word for the host this rank runs on. */
    char host[MPI_MAX_PROCESSOR_NAME];
    int host_len;
    MPIT_CHECK(MPI_Get_processor_name(host, &host_len));
    printf("Hello, World! I am process %d of %d on %s.\n", world_rank, world_size, host);

    /* Gather every rank's number at rank 0: a rank that never started, or a job whose
     * processes do not share one MPI_COMM_WORLD (a classic install mix-up), shows here. */
    int *ranks = world_rank == 0 ? mpit_xcalloc((size_t)world_size, sizeof *ranks) : NULL;
    MPIT_CHECK(MPI_Gather(&world_rank, 1, MPI_INT, ranks, 1, MPI_INT, 0, MPI_COMM_WORLD));
    int answered = 0;
    if (world_rank == 0)
        for (int i = 0; i < world_size; i++)
            answered += ranks[i] == i;
    free(ranks);
    bool ok = world_rank != 0 || answered == world_size;
    mpit_exit(mpit_verdict(ok, "%d of %d processes answered", answered, world_size));
}
