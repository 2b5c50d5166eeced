/* kmeans_kernel.h - what kmeans.c computes on its own points, with no MPI: the generated
 * data, the assignment step and its sums, and the weights of the k-means++ start.
 *
 * Units. kmeans.c divides every coordinate by the same power of two (exact in floating
 * point), so that the largest one in the data is below 1 in size. Then no difference of two
 * coordinates can overflow (1e300 - -1e300 would) and no square can underflow to 0 (1e-200
 * squared would), and every sum has a fixed bound: a coordinate below 1, a squared distance
 * below 4 per dimension. The sums are exact, in fixed point (common/fixedsum.h), so they are
 * the same whatever the number of ranks and whatever order MPI adds the ranks' parts in.
 */
#ifndef KMEANS_KERNEL_H
#define KMEANS_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t total; /* points in all shards */
    int64_t first; /* global index of my first point */
    int n, d;      /* my points, coordinates per point */
    double *x;     /* n x d coordinates, in the data's units divided by 2^exponent */
    int exponent;  /* the power of two the coordinates were divided by */
} shard;

/* Rank r of size owns points [total * r / size, total * (r + 1) / size). */
int64_t block_start(int64_t total, int rank, int size);
int block_owner(int64_t total, int64_t index, int size);

/* Generated data: k true centres (stream 0 of the seed), then point i from stream i + 1, so
 * that whichever rank owns point i draws the same numbers: cluster i mod k, coordinates
 * centre + N(0, 1). Makes rank's shard of s->total points of s->d coordinates; returns the
 * true centres (k x d, malloc'd). */
double *kmeans_generate(shard *s, int k, uint64_t seed, int rank, int size);

/* The exponent e with every |coordinate| < 2^e for a largest one of max_abs; then divides my
 * coordinates by 2^e. */
int kmeans_exponent(double max_abs);
void kmeans_rescale(shard *s, int exponent);

/* What one iteration adds up over the points, and MPI_Allreduce adds over the ranks: one
 * block of integers (all, len numbers) with named views into it. */
typedef struct {
    int64_t *all;
    int len;
    int64_t *moved;   /* points that changed cluster */
    int64_t *inertia; /* sum of squared distances to the centroids, fixed point */
    int64_t *count;   /* k: points in each cluster */
    int64_t *sum;     /* k x d: coordinate sums of each cluster, fixed point */
} kmeans_tally;

void kmeans_tally_alloc(kmeans_tally *t, int k, int d);
void kmeans_tally_free(kmeans_tally *t);

/* The fixed-point scales of the sums of a shard's data (common/fixedsum.h). */
typedef struct {
    double coordinate; /* coordinate sums: total terms below 1 */
    double distance;   /* squared-distance sums: total terms below 4 d */
} kmeans_scales;

kmeans_scales kmeans_scales_for(int64_t total, int d);

/* The assignment step: each of my points joins the cluster of its nearest centroid (it stays
 * where it is on a tie; label -1: in none yet), and its squared distance goes to dist2[i].
 * The tally (cleared first) gets the moves, the inertia, the counts and the sums. */
void kmeans_assign(const shard *s, const double *centroids, int k, int *label, double *dist2,
                   const kmeans_scales *scales, kmeans_tally *t);

/* Squared distance of two points of d coordinates. */
double kmeans_dist2(const double *a, const double *b, int d);

/* The weights a start draws its next centre with, by kind:
 *   KMEANS_PLUS   k-means++: a point's squared distance to the nearest centre so far (fixed
 *                 point), so far points are likely and points on a centre never chosen;
 *   KMEANS_FRESH  1 for a point that is not on a centre yet, else 0;
 *   KMEANS_ANY    1 for every point (the first centre). */
typedef enum { KMEANS_PLUS, KMEANS_FRESH, KMEANS_ANY } kmeans_weight;

/* My points' weights added up (near: each point's squared distance to the nearest centre). */
int64_t kmeans_weight_sum(const shard *s, const double *near, kmeans_weight kind,
                          const kmeans_scales *scales);

/* The local index of my point where the running sum of the weights passes target
 * (0 <= target < my weight sum). */
int kmeans_weight_find(const shard *s, const double *near, kmeans_weight kind,
                       const kmeans_scales *scales, int64_t target);

/* One start's clustering: where it ended, and how. */
typedef struct {
    double *centroid;           /* k x d */
    int *label;                 /* my points' clusters */
    int64_t *count;             /* k: points in each cluster */
    int64_t inertia;            /* the last assignment's, fixed point */
    int start, iterations;      /* which start (1, 2, ...), and its iterations */
    bool converged, never_rose; /* no point moved at the end; the inertia never went up */
} kmeans_result;

void kmeans_result_alloc(kmeans_result *r, int k, const shard *s);
void kmeans_result_copy(kmeans_result *to, const kmeans_result *from, int k, const shard *s);
void kmeans_result_free(kmeans_result *r);

/* Rank 0's lines: "start  4: converged after 6 iterations, inertia 78.85144143", and the
 * winner's "best: start  4: ..." with its centroids in the data's units. An inertia beyond
 * the range of a double (data near 1e300 have squared distances near 1e600) is printed all
 * the same. */
void kmeans_print_start(const kmeans_result *r, const kmeans_scales *scales, const shard *s);
void kmeans_print_best(const kmeans_result *r, int k, const kmeans_scales *scales, const shard *s);

/* Generated data: the largest distance from a true centre to the nearest centroid. */
double kmeans_truth_distance(const double *truth, const kmeans_result *r, int k, const shard *s);

#endif
