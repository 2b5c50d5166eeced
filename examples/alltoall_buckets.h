/* alltoall_buckets.h - the data, buckets and printing of examples/alltoall.c, apart from
 * its MPI. No MPI in here.
 *
 * Number i of N is made from draw i of one random stream (the same numbers at any rank
 * count); rank r of `size` starts with the block [N*r/size, N*(r+1)/size) and ends with the
 * bucket of values [bucket_low(r), bucket_low(r+1)).
 */
#ifndef ALLTOALL_BUCKETS_H
#define ALLTOALL_BUCKETS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t seed;
    int64_t n; /* numbers in all, at most 1e8 (an int counts them) */
    int max;   /* values are 0..max */
    int skew;  /* 1: uniform; K: max * u^K */
    int size;  /* ranks = buckets */
} numbers;

/* Rank r's starting block, malloc'd; its length in *count. */
int *numbers_block(const numbers *d, int rank, int *count);

/* The bucket (rank) that value v belongs to, and the lowest value of bucket r. */
int bucket_of(const numbers *d, int v);
int64_t bucket_low(const numbers *d, int rank);

/* The count numbers of `values` rearranged bucket by bucket (malloc'd), and how many there
 * are for each bucket in counts[0..size-1]. */
int *bucket_order(const numbers *d, const int *values, int count, int *counts);

/* Where each of n runs of counts[i] items starts: [0, c0, c0+c1, ...] (malloc'd); the sum
 * of all counts in *total when total is not NULL. */
int *prefix_sums(const int *counts, int n, int *total);

int compare_ints(const void *a, const void *b);

/* Does the bucket hold only values of rank's range, in order? */
bool in_bucket(const numbers *d, int rank, const int *bucket, int count);

/* All N numbers sorted serially: equal to `sorted`? Its fingerprint (a hash of the sorted
 * list, the same for the same list) goes to *fingerprint. */
bool equals_serial_sort(const numbers *d, const int *sorted, uint64_t *fingerprint);

/* "rank 1: holds [..]", "rank 1: sends [..] to ranks 0..3, receives [..]", and
 * "rank 1: bucket 25..49, sorted [..]": one printf each, so lines of ranks never mix. */
void print_list(int rank, const char *what, const int *values, int count);
void print_counts(int rank, const int *send_counts, const int *recv_counts, int size);
void print_bucket(const numbers *d, int rank, const int *bucket, int count);

#endif
