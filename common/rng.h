/* rng.h - reproducible, independent random streams, one per rank (or per anything).
 *
 * rand() with srand(seed + rank) gives streams that overlap and differ between C
 * libraries. This is a counter-based generator: the n-th number of stream s is
 *
 *     mix64(key(seed, s) + n * GOLDEN)      (the SplitMix64 output function)
 *
 * so any draw can be computed on its own, from any rank, in any order: the same seed and
 * stream give the same numbers on every machine, and a loop over n vectorises. Streams are
 * spaced by a hashed key; two streams of 2^40 draws each overlap with probability ~2^-23.
 * SplitMix64 passes BigCrush; it is not for cryptography.
 */
#ifndef MPIT_RNG_H
#define MPIT_RNG_H

#include <stdint.h>

#define RNG_GOLDEN UINT64_C(0x9e3779b97f4a7c15)

typedef struct {
    uint64_t key;     /* fixed per (seed, stream) */
    uint64_t counter; /* how many numbers were drawn */
} rng_stream;

static inline uint64_t rng_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* The key of stream `stream` under `seed`. */
static inline uint64_t rng_key(uint64_t seed, uint64_t stream)
{
    return rng_mix64(rng_mix64(seed + RNG_GOLDEN) ^ (stream * UINT64_C(0xd1b54a32d192ed03) + 1));
}

/* Draw number n of a stream, directly (for vectorised kernels). */
static inline uint64_t rng_at(uint64_t key, uint64_t n)
{
    return rng_mix64(key + (n + 1) * RNG_GOLDEN);
}

/* 53 random bits as a double in [0, 1). */
static inline double rng_to_unit(uint64_t bits) { return (double)(bits >> 11) * 0x1.0p-53; }

static inline void rng_init(rng_stream *r, uint64_t seed, uint64_t stream)
{
    r->key = rng_key(seed, stream);
    r->counter = 0;
}

static inline uint64_t rng_next(rng_stream *r) { return rng_at(r->key, r->counter++); }
static inline double rng_uniform(rng_stream *r) { return rng_to_unit(rng_next(r)); }

/* Uniform whole number in [lo, hi] (inclusive), without modulo bias. */
int64_t rng_range(rng_stream *r, int64_t lo, int64_t hi);

/* Standard normal (mean 0, deviation 1), Box-Muller. */
double rng_normal(rng_stream *r);

/* A seed from the clock and the process id, for runs without --seed (print it!). */
uint64_t rng_seed_from_clock(void);

#endif
