/* kmeans_parts.h - the collective parts of kmeans.c around its lesson (one MPI_Allreduce
 * per iteration): the points in, a start, a new centroid for an empty cluster, the labels
 * out. Every function here is collective: all ranks call it, at the same point of the
 * program.
 *
 * In and out: rank 0 reads and writes the files; MPI_Scatterv deals out the blocks of points
 * and MPI_Gatherv collects the labels in point order (docs/04's scatter and gather, with
 * blocks of unequal size).
 *
 * A start in parallel: k-means++ draws each next centre with a probability proportional to a
 * weight of every point (kmeans_kernel.h), and the points are spread over the ranks. Every
 * rank draws the same random number, between 0 and the sum of all weights; MPI_Allgather
 * hands every rank every rank's sum, so all know whose block the number falls in, and that
 * rank finds the point and broadcasts it (MPI_Bcast from that rank). The weights are
 * integers, so the sums and the choice are the same at any rank count.
 */
#ifndef KMEANS_PARTS_H
#define KMEANS_PARTS_H

#include <stdbool.h>

#include "kmeans_kernel.h"
#include "rng.h"

/* Rank 0 reads a CSV file (skipping `header` lines, keeping the first `columns` columns, 0:
 * all) and every rank gets its block of points in s. A file that cannot be used (missing,
 * not numbers, fewer than k points) ends the job: one line, exit 2 on every rank. */
void kmeans_load(shard *s, const char *path, int header, int columns, int k, int rank, int size);

/* Rank 0 writes "point,cluster" lines for all points, whole or not at all. */
void kmeans_write_labels(const char *path, const int *labels, const shard *s, int rank, int size);

/* The k centroids of one start into cent (k x d): k-means++ (plus) or uniform over the points
 * not on a centre yet. r: a stream every rank draws alike. near: room for my points' squared
 * distances to their nearest centre. */
void kmeans_start(const shard *s, int k, bool plus, rng_stream *r, double *cent, double *near,
                  const kmeans_scales *scales, int rank, int size);

/* A cluster left without points (count[c] == 0) takes the point farthest from its centroid
 * (dist2: my points' squared distances to theirs), so no cluster stays empty while there are
 * points off their centroids. False if no centroid moved. */
bool kmeans_refill_empty(const shard *s, const int64_t *count, int k, double *cent, double *dist2,
                         int rank, int size);

#endif
