/* alltoall_buckets.c - see alltoall_buckets.h. */
#include "alltoall_buckets.h"

#include "format.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpit.h"

#define SHOWN 16 /* longest list printed in full */

/* u^skew by repeated multiplication (bit-identical everywhere, unlike pow), times max+1. */
static int number_at(const numbers *d, uint64_t key, int64_t i)
{
    double u = rng_to_unit(rng_at(key, (uint64_t)i)), p = u;
    for (int k = 1; k < d->skew; k++)
        p *= u;
    int v = (int)(p * ((double)d->max + 1));
    return v > d->max ? d->max : v; /* p * (max + 1) may round up to max + 1 */
}

int *numbers_block(const numbers *d, int rank, int *count)
{
    int64_t first = d->n * rank / d->size, last = d->n * (rank + 1) / d->size;
    *count = (int)(last - first);
    int *values = mpit_xmalloc(((size_t)*count + 1) * sizeof *values);
    uint64_t key = rng_key(d->seed, 0);
    for (int i = 0; i < *count; i++)
        values[i] = number_at(d, key, first + i);
    return values;
}

/* max + 1 <= 1e9 + 1 and size < 2^31: the products fit an int64_t. */
int bucket_of(const numbers *d, int v)
{
    return (int)((int64_t)v * d->size / ((int64_t)d->max + 1));
}

int64_t bucket_low(const numbers *d, int rank)
{
    return ((int64_t)rank * ((int64_t)d->max + 1) + d->size - 1) / d->size;
}

int *prefix_sums(const int *counts, int n, int *total)
{
    int *starts = mpit_xmalloc(((size_t)n + 1) * sizeof *starts), sum = 0;
    for (int i = 0; i < n; i++) {
        starts[i] = sum;
        sum += counts[i]; /* every count is part of N <= 1e8: no overflow */
    }
    if (total)
        *total = sum;
    return starts;
}

int *bucket_order(const numbers *d, const int *values, int count, int *counts)
{
    memset(counts, 0, (size_t)d->size * sizeof *counts);
    for (int i = 0; i < count; i++)
        counts[bucket_of(d, values[i])]++;
    int *next = prefix_sums(counts, d->size, NULL); /* where the next one of each bucket goes */
    int *ordered = mpit_xmalloc(((size_t)count + 1) * sizeof *ordered);
    for (int i = 0; i < count; i++)
        ordered[next[bucket_of(d, values[i])]++] = values[i];
    free(next);
    return ordered;
}

int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

bool in_bucket(const numbers *d, int rank, const int *bucket, int count)
{
    for (int i = 0; i < count; i++)
        if (bucket_of(d, bucket[i]) != rank || (i > 0 && bucket[i - 1] > bucket[i]))
            return false;
    return true;
}

bool equals_serial_sort(const numbers *d, const int *sorted, uint64_t *fingerprint)
{
    int count = 0;
    numbers whole = *d;
    whole.size = 1;
    int *all = numbers_block(&whole, 0, &count);
    qsort(all, (size_t)count, sizeof *all, compare_ints);
    bool same = memcmp(all, sorted, (size_t)count * sizeof *all) == 0;
    uint64_t h = 0;
    for (int i = 0; i < count; i++)
        h = rng_mix64(h + (uint64_t)all[i] + RNG_GOLDEN);
    *fingerprint = h;
    free(all);
    return same;
}

void print_list(int rank, const char *what, const int *values, int count)
{
    char list[SHOWN * 12 + 16];
    printf("rank %d: %s %s\n", rank, what,
           format_ints(list, sizeof list, values, count, " ", SHOWN));
}

void print_counts(int rank, const int *send_counts, const int *recv_counts, int size)
{
    char sends[SHOWN * 12 + 16], receives[SHOWN * 12 + 16];
    printf("rank %d: sends %s to ranks 0..%d, receives %s\n", rank,
           format_ints(sends, sizeof sends, send_counts, size, " ", SHOWN), size - 1,
           format_ints(receives, sizeof receives, recv_counts, size, " ", SHOWN));
}

void print_bucket(const numbers *d, int rank, const int *bucket, int count)
{
    char what[64];
    int64_t low = bucket_low(d, rank), high = bucket_low(d, rank + 1) - 1;
    if (low > high)
        snprintf(what, sizeof what, "bucket (no values), sorted");
    else
        snprintf(what, sizeof what, "bucket %lld..%lld, sorted", (long long)low, (long long)high);
    print_list(rank, what, bucket, count);
}
