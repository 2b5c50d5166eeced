/* reduce_readings.h - the data and arithmetic of examples/reduce.c, kept apart from its MPI.
 *
 * N readings, reading i made from draws 4i..4i+3 of one random stream: the same numbers at
 * any rank count. Rank r of `size` holds the block [N*r/size, N*(r+1)/size). Each function
 * below works on one block, so the ranks call it on theirs and the serial recomputation
 * (readings_serial) on all N readings at once. No MPI in here.
 */
#ifndef REDUCE_READINGS_H
#define REDUCE_READINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t key; /* the random stream of the readings */
    int64_t n;    /* readings in all */
    int size;     /* ranks they are split over */
    double shift; /* reading 0, subtracted before the sums (every rank can make it) */
} readings;

typedef struct {
    int64_t first, count; /* readings first .. first + count - 1 */
    int rank;             /* the rank that holds them */
} block;

typedef struct {
    double value;
    int rank;
} located; /* the layout of MPI_DOUBLE_INT, for MPI_MINLOC and MPI_MAXLOC */

typedef struct {
    double max_dist;                     /* largest |reading - shift| (0 for no readings) */
    double plain_sum;                    /* the readings added up in a double, in order */
    located lowest, highest;             /* the extremes and the rank holding them */
    int64_t lowest_index, highest_index; /* their reading numbers (first one of equals) */
} block_extent;

typedef struct {
    int64_t sum, sum_squares; /* of reading - shift, in fixed point: two MPI_INT64_T */
} moments;
_Static_assert(sizeof(moments) == 2 * sizeof(int64_t), "moments travel as two MPI_INT64_T");

typedef struct {
    double sum, mean, deviation; /* deviation: population (divided by N), as numpy.std */
} statistics;

typedef struct {
    statistics stats;
    double plain_sum; /* all N readings added in one double, in order */
    located lowest, highest;
    int size;        /* ranks */
    int64_t *starts; /* per rank: where its outliers start in the array of all */
    double two_pass_mean, two_pass_deviation; /* long double, mean first, then deviations */
} serial_result;

readings readings_make(uint64_t seed, int64_t n, int size);
block readings_block(const readings *d, int rank);
double readings_at(const readings *d, int64_t i);
/* "4 ranks hold 250000 each" into text; returns text. */
const char *readings_split(const readings *d, char *text, size_t len);

block_extent readings_extent(const readings *d, block b);
/* Fixed-point sums of (reading - shift) and its square; max_dist: the largest of all ranks. */
moments readings_moments(const readings *d, block b, double max_dist);
/* Mean, deviation and sum from the sums of all N readings. */
statistics readings_statistics(const readings *d, const moments *all, double max_dist);
/* How many readings of the block lie more than `sigmas` deviations from the mean. */
int64_t readings_outliers(const readings *d, block b, const statistics *s, double sigmas);

/* Everything again, serially, on all N readings (starts: one per rank, malloc'd). */
serial_result readings_serial(const readings *d, double sigmas);
void readings_serial_free(serial_result *s);
/* Do the parallel results equal the serial ones bit for bit, and the two-pass mean and
 * deviation to 1e-12 (relative)? starts: the ranks' offsets, in rank order. */
bool readings_agree(const serial_result *s, const statistics *stats, const block_extent *ext,
                    const int64_t *starts);

#endif
