/* pi_kernel.h - the darts of pi.c, and how fast they are counted.
 *
 *     pi_darts darts;
 *     pi_darts_init(&darts, seed);
 *     uint64_t inside = pi_count_inside(&darts, first, count);   // darts first..first+count-1
 *
 * Every dart has a number n = 0, 1, 2, ... and a fixed place on the unit square, given by the
 * seed and n alone: a rank jumps straight to its block of numbers, and the count is the same
 * whatever the number of ranks, machine or instruction set.
 *
 * Where dart n lands. The darts come in blocks of PI_BLOCK (n / PI_BLOCK is the block). A
 * block is PI_LANES interleaved streams ("lanes"): dart n is the (n % PI_BLOCK) / PI_LANES-th
 * number of lane n % PI_LANES. A lane is the 32-bit generator SFC32 (Chris Doty-Humphrey's
 * "small fast counting" generator: adds, shifts, a rotation, a counter; no multiply), its
 * 128-bit state taken from two SplitMix64 draws (rng.h: rng_at(lane_key, 2i) and 2i + 1,
 * i = block * PI_LANES + lane) and stirred PI_WARMUP times before use. The lane's 32-bit word
 * w gives the dart's coordinates to 15 bits: U = w & 0x7fff, V = (w >> 16) & 0x7fff.
 * Their 17 lower bits, a and b, come from rng_at(fine_key, n):
 *
 *     x = (U * 2^17 + a) / 2^32,  y = (V * 2^17 + b) / 2^32,  inside when x^2 + y^2 < 1,
 *
 * decided exactly in integers: X^2 + Y^2 < 2^64 for X = x * 2^32, Y = y * 2^32.
 *
 * Why it is fast. U and V alone decide almost every dart: the 2^17 x 2^17 square of points
 * they leave open lies wholly inside the quarter disc when U^2 + V^2 < 2^30 - 2^17, and
 * wholly outside when U^2 + V^2 >= 2^30. Only the darts in between, about 1 in 10000, need
 * a and b (and the 64-bit multiplies of rng_at). For all others one 32-bit word and 15-bit
 * squares do: x86's AVX2 and AVX-512 compute U^2 + V^2 for 8 or 16 darts in one instruction
 * (vpmaddwd), and SFC32 for 8 or 16 lanes in a few more. The plain C version counts the
 * same darts (and compiles to NEON on 64-bit ARM); pi_kernel_use() selects a version, so
 * the tests can compare them.
 *
 * Quality. SFC32 passes TestU01's BigCrush and PractRand; each block's lanes start from
 * SplitMix64 (which passes BigCrush too) at independent, hashed points. dieharder's results
 * on these words are in docs/10-monte-carlo-pi.md. Not for cryptography.
 */
#ifndef PI_KERNEL_H
#define PI_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#define PI_LANES  16   /* interleaved generators per block */
#define PI_STEPS  8192 /* numbers each lane gives per block */
#define PI_BLOCK  (PI_LANES * PI_STEPS)
#define PI_WARMUP 12 /* SFC32 steps discarded after seeding */

typedef struct {
    uint64_t lane_key; /* seeds the lanes of every block */
    uint64_t fine_key; /* the 17 low bits of each coordinate, for darts near the arc */
} pi_darts;

void pi_darts_init(pi_darts *darts, uint64_t seed);

/* How many of the darts numbered first .. first + count - 1 land inside. */
uint64_t pi_count_inside(const pi_darts *darts, uint64_t first, uint64_t count);

/* One dart, straight from the definition above (slow: for tests). */
bool pi_dart_inside(const pi_darts *darts, uint64_t n);

/* The 32-bit words of darts first .. first + count - 1 (for tests and dieharder). */
void pi_dart_words(const pi_darts *darts, uint64_t first, uint32_t *words, uint64_t count);

/* The version pi_count_inside uses: "avx512", "avx2" or "portable" (the best the CPU has,
 * unless pi_kernel_use chose another). */
const char *pi_kernel_name(void);

/* Use the version called name from now on; false (and no change) if this CPU or build does
 * not have it. */
bool pi_kernel_use(const char *name);

#endif
