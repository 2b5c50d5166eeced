/* fixedsum.h - sums of doubles that come out the same, bit for bit, in any order.
 *
 * Floating-point addition rounds after every step, so it is not associative: (a + b) + c
 * can differ from a + (b + c) in the last bits. A parallel sum adds in an order set by the
 * number of ranks (each rank first adds up its own share) and by the reduction algorithm
 * (MPI_Reduce may add along a tree whose shape the library picks), so the same numbers can
 * give a slightly different total at 1, 3 or 4 ranks.
 *
 * Integer addition is exact, in any order. So: choose one scale for all the numbers (a power
 * of two, from a bound on the largest possible sum), turn each number once into a 64-bit
 * count of 1/scale units, add the integers anywhere in any order (MPI_INT64_T, MPI_SUM),
 * and turn the total back into a double. Each number is rounded once, on the way in, the
 * same whoever adds it: the total is bit-identical at every rank count and on every MPI.
 *
 * Why it matters: a last-bit difference is harmless in one total, but not in a loop that feeds
 * its sums back into itself. k-means divides its sums into new centroids, and the centroids
 * decide which cluster each point joins next: a point on a boundary goes one way at 1 rank and
 * the other at 4, and a few iterations later the runs give visibly different clusters. With
 * these sums every rank count gives the same bits, every iteration (examples/kmeans.c).
 *
 *     double scale = fixedsum_scale(max_abs, total_terms);   // the same on every rank
 *     int64_t mine = 0;
 *     for (int i = 0; i < n; i++)
 *         mine += fixedsum_from_double(x[i], scale);
 *     MPI_Allreduce(MPI_IN_PLACE, &mine, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
 *     double total = fixedsum_to_double(mine, scale);
 *
 * max_abs must bound |x| for every term on every rank (an MPI_MAX reduction finds it, and a
 * maximum is exact in any order), and total_terms the number of terms of the whole sum. Then
 * no partial sum can overflow: terms * max_abs * scale < 2^62.
 *
 * Precision: the unit 1/scale is about terms * max_abs * 2^-62 (a million numbers below 64:
 * 1.4e-11), so the total is within terms / (2 * scale) of the exact sum of the inputs, and in
 * practice far closer (the roundings cancel). That is as good as a careful double sum, and
 * it does not depend on the order. (The sum of squares: fixedsum_scale(max_abs * max_abs, n).)
 * Pure C, no MPI: the unit tests use it alone.
 */
#ifndef MPIT_FIXEDSUM_H
#define MPIT_FIXEDSUM_H

#include <stdint.h>

/* The scale for a sum of `terms` numbers, each at most `max_abs` in size: a power of two with
 * terms * max_abs * scale < 2^62. Returns 0 when there is no such scale (max_abs is not a
 * finite number >= 0, or terms < 0); every caller should treat 0 as a bad input. A bound of
 * 0 (all numbers zero, or no numbers) gives a usable scale. */
double fixedsum_scale(double max_abs, int64_t terms);

/* x in units of 1/scale, rounded to the nearest (halves away from zero). |x| <= max_abs of
 * the scale's call. */
int64_t fixedsum_from_double(double x, double scale);

/* A sum of units back as a double (the one rounding of the result). */
double fixedsum_to_double(int64_t units, double scale);

#endif
