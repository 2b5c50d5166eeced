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
 * gradient vectors. The price is 2 (p-1) steps, each paying the network's latency once.
 *
 * Three refinements, the ones MPI libraries make, keep it as fast as their own allreduce:
 *  - Pipelining. A chunk travels as segments of at most RING_SEGMENT doubles, each passed
 *    on (or added and passed on) as soon as it has arrived, while the next ones are still
 *    on their way: the steps overlap instead of waiting for each other, and each segment is
 *    added while it is still in the cache.
 *  - A short path. Recursive doubling takes log2(p) steps, exchanging the whole vector
 *    with rank r XOR 1, 2, 4, ... (plus one step before and after for the ranks beyond the
 *    largest power of two), as MPI libraries do for small messages. It moves more bytes than
 *    the ring (log2(p) times the vector instead of 2 (p-1)/p times) but takes fewer steps
 *    than its 2 (p-1): the ring pays off only when each step carries enough, from
 *    ring_allreduce_short_limit(p) = RING_SHORT * p / log2(p) doubles on (128 KiB at 2 and
 *    at 4 ranks, on the shared-memory machine these were measured on).
 *  - Fewer steps on 4, 8, 16, ... ranks. Recursive halving then doubling (Rabenseifner's
 *    algorithm, what Open MPI picks for long vectors at 4 ranks) sends the same bytes as the
 *    ring in 2 log2(p) steps instead of 2 (p-1): in the reduce-scatter, rank r exchanges
 *    half of its part with rank r XOR p/2, a quarter with r XOR p/4, ..., adding what
 *    arrives, until it holds part r of p summed; the allgather retraces the steps backwards.
 *    ring_allreduce_sum takes it for long vectors when p is a power of two from 4 on (at 2
 *    ranks both are the same two steps, and the ring pipelines them; on other rank counts
 *    the ranks beyond the largest power of two would send the whole vector twice more).
 *
 * All ranks end with bit-identical results: in the ring and in recursive halving every part
 * is summed once, on one rank, and then only copied; in recursive doubling both partners add the
 * same two numbers (a + b and b + a are the same in floating point). count may be smaller
 * than p, or 0. The messages use tag RING_TAG on comm: no point-to-point message with that
 * tag may be pending on comm during the call.
 */
#ifndef MPIT_RING_ALLREDUCE_H
#define MPIT_RING_ALLREDUCE_H

#include <mpi.h>

#define RING_SEGMENT 65536 /* doubles per message in the ring (512 KiB) */
#define RING_SHORT   8192  /* scale of the short-path limit (doubles) */
#define RING_TAG     27182

/* In place: data[i] becomes the sum of data[i] over all ranks of comm. Collective; every
 * rank passes the same count. Returns MPI_SUCCESS or the first failing call's error code. */
int ring_allreduce_sum(double *data, int count, MPI_Comm comm);

/* ring_allreduce_sum takes recursive doubling for vectors shorter than this (doubles), on
 * a communicator of `ranks` ranks. */
long long ring_allreduce_short_limit(int ranks);

/* The three on their own, for comparing them (ring_allreduce_sum picks one by size and by
 * rank count). */
int ring_allreduce_sum_ring(double *data, int count, MPI_Comm comm);
int ring_allreduce_sum_doubling(double *data, int count, MPI_Comm comm);
int ring_allreduce_sum_halving(double *data, int count, MPI_Comm comm);

#endif
