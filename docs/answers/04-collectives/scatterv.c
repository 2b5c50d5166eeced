/* scatterv.c - deal out 10 rows to any number of ranks with MPI_Scatterv (docs/answers/04).
 *
 *   mpicc scatterv.c -o scatterv
 *   mpiexec -n 4 ./scatterv
 *
 * The root's table has ROWS rows of COLS ints; row i holds i in every column. MPI_Scatter
 * gives every rank the same count, so 10 rows fit only 1, 2, 5 or 10 ranks. MPI_Scatterv
 * takes a count and an offset (displacement) per rank: the first ROWS % size ranks get one
 * row more, and each rank's block starts where the previous one ended.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

enum { ROWS = 10, COLS = 3 };

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);

    /* Counts and displacements are in ints (the send type), for every rank; every rank
     * computes them, because each needs its own count to receive. */
    int *counts = malloc((size_t)world_size * sizeof *counts);
    int *displs = malloc((size_t)world_size * sizeof *displs);
    int offset = 0;
    for (int r = 0; r < world_size; r++) {
        int rows = ROWS / world_size + (r < ROWS % world_size ? 1 : 0);
        counts[r] = rows * COLS;
        displs[r] = offset;
        offset += counts[r];
    }
    int table[ROWS * COLS];
    if (world_rank == 0)
        for (int i = 0; i < ROWS * COLS; i++)
            table[i] = i / COLS;
    int mine[ROWS * COLS];
    /* sendbuf, counts and displs matter only on the root; recvcount is this rank's own. */
    MPI_Scatterv(table, counts, displs, MPI_INT, mine, counts[world_rank], MPI_INT, 0,
                 MPI_COMM_WORLD);

    int my_rows = counts[world_rank] / COLS, first = displs[world_rank] / COLS, ok = 1;
    printf("rank %d: %d rows, first row %d:", world_rank, my_rows, first);
    for (int i = 0; i < my_rows; i++) {
        printf(" [%d %d %d]", mine[i * COLS], mine[i * COLS + 1], mine[i * COLS + 2]);
        for (int j = 0; j < COLS; j++)
            ok = ok && mine[i * COLS + j] == first + i;
    }
    printf("\n");
    int all_ok;
    MPI_Reduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, 0, MPI_COMM_WORLD);
    if (world_rank == 0)
        printf("scatterv: %s, %d rows dealt out to %d ranks\n", all_ok ? "OK" : "FAILED", ROWS,
               world_size);
    free(counts);
    free(displs);
    MPI_Finalize();
    return 0;
}
