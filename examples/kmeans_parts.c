/* kmeans_parts.c - kmeans.c's collective parts around the lesson; see kmeans_parts.h. */
#include "kmeans_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csv.h"
#include "mpit.h"

/* A CSV file: rank 0 reads it and deals out the blocks with MPI_Scatterv. */
void kmeans_load(shard *s, const char *path, int header, int columns, int k, int rank, int size)
{
    csv_table t = {0};
    char err[512] = "";
    bool ok = rank != 0 || csv_read_file(path, (size_t)header, &t, err, sizeof err);
    if (ok && rank == 0 && columns > (int)t.cols) {
        snprintf(err, sizeof err, "--columns %d, but %s has only %zu", columns, path, t.cols);
        ok = false;
    }
    if (ok && rank == 0 && (int64_t)t.rows < k) {
        snprintf(err, sizeof err, "%s has %zu points, fewer than --k %d", path, t.rows, k);
        ok = false;
    }
    if (!ok && header == 0 && strstr(err, ":1: ")) /* words on line 1: probably a header */
        strncat(err, "; if line 1 is a header, add --header 1", sizeof err - strlen(err) - 1);
    mpit_agree(ok, "%s", err);
    int64_t shape[2] = {(int64_t)t.rows, columns ? columns : (int64_t)t.cols};
    /* Everybody needs the size of the table before its block can arrive. */
    MPIT_CHECK(MPI_Bcast(shape, 2, MPI_INT64_T, 0, MPI_COMM_WORLD));
    s->total = shape[0], s->d = (int)shape[1];
    int *counts = mpit_xmalloc((size_t)size * sizeof *counts),
        *starts = mpit_xmalloc((size_t)size * sizeof *starts);
    for (int r = 0; r < size; r++) { /* in numbers, d per point */
        starts[r] = (int)block_start(s->total, r, size) * s->d;
        counts[r] = (int)block_start(s->total, r + 1, size) * s->d - starts[r];
    }
    for (size_t i = 0; rank == 0 && i < t.rows; i++) /* keep the first d columns, packed */
        memmove(t.values + i * (size_t)s->d, t.values + i * t.cols,
                (size_t)s->d * sizeof *t.values);
    s->first = starts[rank] / s->d, s->n = counts[rank] / s->d;
    s->x = mpit_xmalloc(((size_t)counts[rank] + 1) * sizeof *s->x);
    /* Scatterv, not Scatter: the blocks differ by one row when size does not divide rows. */
    MPIT_CHECK(MPI_Scatterv(t.values, counts, starts, MPI_DOUBLE, s->x, counts[rank], MPI_DOUBLE, 0,
                            MPI_COMM_WORLD));
    csv_free(&t);
    free(counts);
    free(starts);
}

/* Rank 0 gathers every rank's labels (in point order) and writes "point,cluster" lines. */
void kmeans_write_labels(const char *path, const int *labels, const shard *s, int rank, int size)
{
    int *counts = mpit_xmalloc((size_t)size * sizeof *counts),
        *starts = mpit_xmalloc((size_t)size * sizeof *starts);
    for (int r = 0; r < size; r++) {
        starts[r] = (int)block_start(s->total, r, size);
        counts[r] = (int)block_start(s->total, r + 1, size) - starts[r];
    }
    int *all = rank == 0 ? mpit_xmalloc((size_t)s->total * sizeof *all) : NULL;
    /* One writer keeps the file whole; Gatherv puts each block at its points' offset. */
    MPIT_CHECK(MPI_Gatherv(labels, s->n, MPI_INT, all, counts, starts, MPI_INT, 0, MPI_COMM_WORLD));
    char err[512] = "";
    atomic_file f;
    bool ok = rank != 0 || afile_open(&f, path, err, sizeof err);
    if (rank == 0 && ok) {
        fprintf(f.fp, "point,cluster\n");
        for (int64_t i = 0; i < s->total; i++)
            fprintf(f.fp, "%lld,%d\n", (long long)i, all[i]);
        ok = afile_commit(&f, err, sizeof err);
    }
    mpit_agree(ok, "%s", err);
    free(all);
    free(counts);
    free(starts);
}

/* One start: centre 0 is a random point, each next one point i with a probability
 * proportional to its weight (kmeans_kernel.h). All ranks draw the same random numbers; the
 * weights are integers, so all agree on the owner of the chosen point, who broadcasts it. */
void kmeans_start(const shard *s, int k, bool plus, rng_stream *r, double *cent, double *near,
                  const kmeans_scales *scales, int rank, int size)
{
    int64_t *weights = mpit_xmalloc((size_t)size * sizeof *weights);
    for (int i = 0; i < s->n; i++)
        near[i] = INFINITY;
    for (int c = 0; c < k; c++) {
        kmeans_weight kind = c == 0 ? KMEANS_ANY : plus ? KMEANS_PLUS : KMEANS_FRESH;
        int64_t total = 0;
        for (;; kind++) { /* all weights 0: fewer distinct points than k so far, try the next */
            int64_t mine = kmeans_weight_sum(s, near, kind, scales);
            /* Every rank learns every rank's weight: then all know where the draw lands. */
            MPIT_CHECK(
                MPI_Allgather(&mine, 1, MPI_INT64_T, weights, 1, MPI_INT64_T, MPI_COMM_WORLD));
            for (int q = 0; q < size; q++)
                total += weights[q];
            if (total > 0)
                break;
        }
        int64_t target = rng_range(r, 0, total - 1);
        int owner = 0;
        for (; target >= weights[owner]; owner++)
            target -= weights[owner];
        if (owner == rank) {
            int i = kmeans_weight_find(s, near, kind, scales, target);
            memcpy(cent + (size_t)c * s->d, s->x + (size_t)i * s->d, (size_t)s->d * sizeof *cent);
        }
        /* The owner found the point; every rank needs it as centre c. */
        MPIT_CHECK(MPI_Bcast(cent + (size_t)c * s->d, s->d, MPI_DOUBLE, owner, MPI_COMM_WORLD));
        for (int i = 0; i < s->n; i++)
            near[i] = fmin(near[i], kmeans_dist2(s->x + (size_t)i * s->d, cent + c * s->d, s->d));
    }
    free(weights);
}

/* A cluster left without points takes the point farthest from its centroid: MPI_MAXLOC
 * finds it (the lowest index on a tie), and its owner broadcasts it. False if none moved. */
bool kmeans_refill_empty(const shard *s, const int64_t *count, int k, double *cent, double *dist2,
                         int rank, int size)
{
    bool moved = false;
    for (int c = 0; c < k; c++) {
        if (count[c] > 0)
            continue;
        struct {
            double dist;
            int index;
        } mine = {-1, 0}, far; /* the layout of MPI_DOUBLE_INT */
        for (int i = 0; i < s->n; i++)
            if (dist2[i] > mine.dist)
                mine.dist = dist2[i], mine.index = (int)(s->first + i);
        /* The farthest point of all ranks, and its index: MAXLOC keeps the pair together. */
        MPIT_CHECK(MPI_Allreduce(&mine, &far, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD));
        if (!(far.dist > 0))
            break; /* every point is on its centroid: fewer distinct points than clusters */
        int owner = block_owner(s->total, far.index, size);
        if (owner == rank) {
            memcpy(cent + (size_t)c * s->d, s->x + (size_t)(far.index - s->first) * s->d,
                   (size_t)s->d * sizeof *cent);
            dist2[far.index - s->first] = 0; /* taken: the next empty cluster needs another */
        }
        /* Only its owner has the point's coordinates; every rank needs the new centroid. */
        MPIT_CHECK(MPI_Bcast(cent + (size_t)c * s->d, s->d, MPI_DOUBLE, owner, MPI_COMM_WORLD));
        moved = true;
        if (rank == 0)
            printf("cluster %d was left empty: it takes point %d, the farthest from its centroid\n",
                   c, far.index);
    }
    return moved;
}
