/* spawn_world.c - spawn from every rank of a job: MPI_COMM_WORLD instead of MPI_COMM_SELF
 * (docs/answers/05).
 *
 *   mpicc spawn_world.c -o spawn_world
 *   mpiexec -n 2 ./spawn_world
 *
 * MPI_Comm_spawn is collective over the communicator it is given: both ranks of the job
 * call it, root 0 says what to start (2 copies of this program), and both get the same
 * intercommunicator, `children`. Its local group is the whole parent job, its remote group
 * the workers. A collective over it names its root by side: on the parents' side the rank
 * that sends passes MPI_ROOT and every other parent MPI_PROC_NULL; the workers pass the
 * root's rank in the remote group, 0.
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);

    MPI_Comm parent, inter;
    MPI_Comm_get_parent(&parent);
    int n = 0;
    if (parent == MPI_COMM_NULL) {
        /* Every rank of the parent job calls it; only root 0's arguments count. */
        MPI_Comm_spawn(argv[0], MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &inter,
                       MPI_ERRCODES_IGNORE);
        n = 100;
        MPI_Bcast(&n, 1, MPI_INT, world_rank == 0 ? MPI_ROOT : MPI_PROC_NULL, inter);
    } else {
        inter = parent;
        MPI_Bcast(&n, 1, MPI_INT, 0, inter);
    }
    int local_rank, local_size, remote_size;
    MPI_Comm_rank(inter, &local_rank);
    MPI_Comm_size(inter, &local_size);
    MPI_Comm_remote_size(inter, &remote_size);
    printf("%s %d: local group %d (I am %d in it), remote group %d, n = %d\n",
           parent == MPI_COMM_NULL ? "parent" : "worker", world_rank, local_size, local_rank,
           remote_size, n);
    MPI_Comm_disconnect(&inter);
    MPI_Finalize();
    return 0;
}
