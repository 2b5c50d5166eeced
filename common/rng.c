/* rng.c - the parts of rng.h that are not inline. */
#define _POSIX_C_SOURCE 200809L
#include "rng.h"

#include <math.h>
#include <time.h>
#include <unistd.h>

int64_t rng_range(rng_stream *r, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1; /* 0 means the full 2^64 range */
    if (span == 0)
        return (int64_t)rng_next(r);
    /* Rejection: draw until the value falls below the largest multiple of span. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do {
        x = rng_next(r);
    } while (x >= limit);
    return lo + (int64_t)(x % span);
}

double rng_normal(rng_stream *r)
{
    double u1 = rng_uniform(r), u2 = rng_uniform(r);
    if (u1 < 0x1.0p-60)
        u1 = 0x1.0p-60; /* log(0) guard; changes a 1-in-2^53 draw only */
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

uint64_t rng_seed_from_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = (uint64_t)ts.tv_sec * 1000000007u + (uint64_t)ts.tv_nsec;
    return rng_mix64(s ^ ((uint64_t)getpid() << 32)) % 1000000000u; /* short enough to retype */
}
