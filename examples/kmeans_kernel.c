/* kmeans_kernel.c - kmeans.c's computations on its own points; see kmeans_kernel.h. */
#include "kmeans_kernel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixedsum.h"
#include "mpit.h"
#include "rng.h"

int64_t block_start(int64_t total, int rank, int size) { return total * rank / size; }

int block_owner(int64_t total, int64_t index, int size)
{
    int owner = 0;
    while (block_start(total, owner + 1, size) <= index)
        owner++;
    return owner;
}

double kmeans_dist2(const double *a, const double *b, int d)
{
    double sum = 0;
    for (int j = 0; j < d; j++)
        sum += (a[j] - b[j]) * (a[j] - b[j]);
    return sum;
}

double *kmeans_generate(shard *s, int k, uint64_t seed, int rank, int size)
{
    int d = s->d;
    double *centres = mpit_xmalloc((size_t)k * (size_t)d * sizeof *centres);
    s->first = block_start(s->total, rank, size);
    s->n = (int)(block_start(s->total, rank + 1, size) - s->first);
    s->x = mpit_xmalloc(((size_t)s->n * (size_t)d + 1) * sizeof *s->x);
    rng_stream r;
    rng_init(&r, seed, 0);
    for (int c = 0; c < k; c++) /* spread out, >= 20 apart (a few retries suffice) */
        for (int tries = 0, close = 1; close && tries < 100000; tries++) {
            for (int j = 0; j < d; j++)
                centres[c * d + j] = (rng_uniform(&r) * 2 - 1) * 10.0 * (k + 2);
            close = 0;
            for (int o = 0; o < c; o++)
                close |= kmeans_dist2(centres + c * d, centres + o * d, d) < 400.0;
        }
    for (int i = 0; i < s->n; i++) {
        rng_init(&r, seed, (uint64_t)(s->first + i) + 1);
        int c = (int)((s->first + i) % k);
        for (int j = 0; j < d; j++)
            s->x[(size_t)i * d + j] = centres[c * d + j] + rng_normal(&r);
    }
    return centres;
}

int kmeans_exponent(double max_abs)
{
    int e = 0;
    frexp(max_abs, &e); /* max_abs < 2^e (0 gives e = 0) */
    return e;
}

void kmeans_rescale(shard *s, int exponent)
{
    s->exponent = exponent;
    for (size_t i = 0; i < (size_t)s->n * (size_t)s->d; i++)
        s->x[i] = ldexp(s->x[i], -exponent); /* exact, but for what falls below 2^-1074 */
}

void kmeans_tally_alloc(kmeans_tally *t, int k, int d)
{
    t->len = 2 + k + k * d;
    t->all = mpit_xmalloc((size_t)t->len * sizeof *t->all);
    t->moved = t->all;
    t->inertia = t->all + 1;
    t->count = t->all + 2;
    t->sum = t->count + k;
}

void kmeans_tally_free(kmeans_tally *t) { free(t->all); }

kmeans_scales kmeans_scales_for(int64_t total, int d)
{
    return (kmeans_scales){fixedsum_scale(1.0, total), fixedsum_scale(4.0 * d, total)};
}

void kmeans_assign(const shard *s, const double *centroids, int k, int *label, double *dist2,
                   const kmeans_scales *scales, kmeans_tally *t)
{
    int d = s->d;
    memset(t->all, 0, (size_t)t->len * sizeof *t->all);
    for (int i = 0; i < s->n; i++) {
        const double *x = s->x + (size_t)i * d;
        int best = label[i] >= 0 ? label[i] : 0;
        double best_d2 = kmeans_dist2(x, centroids + (size_t)best * d, d);
        for (int c = 0; c < k; c++) {
            double d2 = kmeans_dist2(x, centroids + (size_t)c * d, d);
            if (d2 < best_d2) { /* strictly nearer: a tie keeps the point where it is */
                best_d2 = d2;
                best = c;
            }
        }
        *t->moved += best != label[i];
        *t->inertia += fixedsum_from_double(best_d2, scales->distance);
        t->count[best]++;
        for (int j = 0; j < d; j++)
            t->sum[(size_t)best * d + j] += fixedsum_from_double(x[j], scales->coordinate);
        label[i] = best;
        dist2[i] = best_d2;
    }
}

static int64_t weight(double near, kmeans_weight kind, const kmeans_scales *scales)
{
    switch (kind) {
    case KMEANS_PLUS:
        return fixedsum_from_double(near, scales->distance);
    case KMEANS_FRESH:
        return near > 0;
    default:
        return 1;
    }
}

int64_t kmeans_weight_sum(const shard *s, const double *near, kmeans_weight kind,
                          const kmeans_scales *scales)
{
    int64_t sum = 0;
    for (int i = 0; i < s->n; i++)
        sum += weight(near[i], kind, scales);
    return sum;
}

int kmeans_weight_find(const shard *s, const double *near, kmeans_weight kind,
                       const kmeans_scales *scales, int64_t target)
{
    int64_t sum = 0;
    for (int i = 0; i < s->n; i++) {
        sum += weight(near[i], kind, scales);
        if (sum > target)
            return i;
    }
    return s->n - 1; /* not reached when target < the sum */
}

void kmeans_result_alloc(kmeans_result *r, int k, const shard *s)
{
    *r = (kmeans_result){.inertia = INT64_MAX};
    r->centroid = mpit_xmalloc((size_t)k * (size_t)s->d * sizeof *r->centroid);
    r->label = mpit_xmalloc(((size_t)s->n + 1) * sizeof *r->label);
    r->count = mpit_xcalloc((size_t)k, sizeof *r->count);
}

void kmeans_result_copy(kmeans_result *to, const kmeans_result *from, int k, const shard *s)
{
    memcpy(to->centroid, from->centroid, (size_t)k * (size_t)s->d * sizeof *to->centroid);
    memcpy(to->label, from->label, (size_t)s->n * sizeof *to->label);
    memcpy(to->count, from->count, (size_t)k * sizeof *to->count);
    to->inertia = from->inertia, to->iterations = from->iterations, to->start = from->start;
    to->converged = from->converged, to->never_rose = from->never_rose;
}

void kmeans_result_free(kmeans_result *r)
{
    free(r->centroid);
    free(r->label);
    free(r->count);
}

/* An inertia in the scaled units, printed in the data's units to 10 digits (about what the
 * fixed-point sums resolve). */
static void print_inertia(int64_t fixed, const kmeans_scales *scales, int exponent)
{
    double inertia = fixedsum_to_double(fixed, scales->distance);
    double value = ldexp(inertia, 2 * exponent);
    if (inertia == 0 || isnormal(value)) {
        printf("%.10g", value);
    } else { /* beyond a double's range: the decimal exponent worked out by hand */
        double digits = log10(inertia) + 2 * exponent * log10(2.0);
        double whole = floor(digits);
        printf("%.9fe%+.0f", pow(10.0, digits - whole), whole);
    }
}

/* "start 4: converged after 6 iterations, inertia 78.85144143" */
static void print_run(const kmeans_result *r, const kmeans_scales *scales, int exponent)
{
    printf("start %2d: %s after %d iteration%s, inertia ", r->start,
           r->converged ? "converged" : "stopped (--max-iter)", r->iterations,
           r->iterations == 1 ? "" : "s");
    print_inertia(r->inertia, scales, exponent);
    printf("\n");
}

void kmeans_print_start(const kmeans_result *r, const kmeans_scales *scales, const shard *s)
{
    print_run(r, scales, s->exponent);
}

void kmeans_print_best(const kmeans_result *r, int k, const kmeans_scales *scales, const shard *s)
{
    printf("best: ");
    print_run(r, scales, s->exponent);
    for (int c = 0; c < k; c++) {
        printf("centroid %d:", c);
        for (int j = 0; j < s->d; j++)
            printf(" %.12g", ldexp(r->centroid[(size_t)c * s->d + j], s->exponent));
        printf(" (%lld point%s)\n", (long long)r->count[c], r->count[c] == 1 ? "" : "s");
    }
}

double kmeans_truth_distance(const double *truth, const kmeans_result *r, int k, const shard *s)
{
    double worst = 0;
    for (int i = 0; i < k; i++) {
        double nearest = INFINITY;
        for (int c = 0; c < k; c++) {
            double d2 = 0;
            for (int j = 0; j < s->d; j++) {
                double diff = truth[i * s->d + j] - ldexp(r->centroid[c * s->d + j], s->exponent);
                d2 += diff * diff;
            }
            nearest = fmin(nearest, d2);
        }
        worst = fmax(worst, sqrt(nearest));
    }
    return worst;
}
