/* ring_allreduce.h - the ring allreduce of Baidu and Horovod, written out by hand.
 *
 *     ring_allreduce_sum(gradients, count, MPI_COMM_WORLD);   // like MPI_Allreduce(SUM)
 *
 * The vector is cut into p chunks (p = ranks), and the ranks stand in a ring: each sends
 * to rank+1 and receives from rank-1.
 *
 *  1. Reduce-scatter, p-1 steps: in step s every rank passes one chunk on to its right
 *     neighbour and adds the chunk arriving from its left into its own copy. A chunk thus
 *     travels round the ring collecting one rank's contribution per step; after p-1 steps
 *     rank r holds chunk (r+1) mod p summed over all ranks.
 *  2. Allgather, p-1 steps: the finished chunks travel round the ring once more, this time
 *     overwriting instead of adding, until every rank has every finished chunk.
 *
 * Each rank sends 2 (p-1)/p of the vector in total, whatever p is: the bandwidth cost does
 * not grow with the number of ranks, which is why data-parallel training uses it for large
 * gradient vectors. Every chunk is summed once, in ring order, and then copied, so all
 * ranks end with bit-identical results. count may be smaller than p (some chunks are then
 * empty) or 0.
 */
#ifndef MPIT_RING_ALLREDUCE_H
#define MPIT_RING_ALLREDUCE_H

#include <mpi.h>

/* In place: data[i] becomes the sum of data[i] over all ranks of comm. Collective; every
 * rank passes the same count. Returns MPI_SUCCESS or the first failing call's error code. */
int ring_allreduce_sum(double *data, int count, MPI_Comm comm);

#endif
