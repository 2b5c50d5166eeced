/* pi_kernel_test.c - pi's kernel (examples/pi_kernel.c) against the definition of a dart.
 *
 *   pi_kernel_test              check every version this CPU has, then exit 0 (OK) or 1
 *   pi_kernel_test --words S    write the darts' 32-bit words for seed S to stdout, raw,
 *                               without end: pi_kernel_test --words 1 | dieharder -a -g 200
 *
 * This file computes the darts again from pi_kernel.h's description alone (its own SFC32,
 * its own exact test), and compares: the words (pi_dart_words) and the counts of every
 * version (plain C, AVX2, AVX-512) on ranges that start and end mid-step, cross blocks, lie
 * far out, and hold darts near the arc (the rare exact path). It has no MPI, so it also runs
 * on a 32-bit ARM build (tests/pi.cmake runs it under qemu when it can): there only the plain
 * C version exists.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pi_kernel.h"
#include "rng.h"

static int failures;

static void check(bool ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        failures++;
    }
}

/* SFC32 as its author gives it, for one lane. */
typedef struct {
    uint32_t a, b, c, counter;
} sfc32;

static uint32_t sfc32_next(sfc32 *g)
{
    uint32_t t = g->a + g->b + g->counter++;
    g->a = g->b ^ (g->b >> 9);
    g->b = g->c + (g->c << 3);
    g->c = ((g->c << 21) | (g->c >> 11)) + t;
    return t;
}

/* Word of dart n, from the description: lane n % 16 of block n / PI_BLOCK, its number
 * (n % PI_BLOCK) / 16 after PI_WARMUP discarded ones. */
static uint32_t word_of(const pi_darts *d, uint64_t n)
{
    uint64_t block = n / PI_BLOCK, lane = n % PI_LANES, i = block * PI_LANES + lane;
    uint64_t s0 = rng_at(d->lane_key, 2 * i), s1 = rng_at(d->lane_key, 2 * i + 1);
    sfc32 g = {(uint32_t)s0, (uint32_t)(s0 >> 32), (uint32_t)s1, (uint32_t)(s1 >> 32)};
    for (uint64_t k = 0; k < PI_WARMUP + n % PI_BLOCK / PI_LANES; k++)
        sfc32_next(&g);
    return sfc32_next(&g);
}

/* Words of darts first .. first + count - 1, one lane at a time (fast enough for blocks). */
static void words_of(const pi_darts *d, uint64_t first, uint32_t *words, uint64_t count)
{
    for (uint64_t n = first; n < first + count;) {
        uint64_t block = n / PI_BLOCK, end = (block + 1) * PI_BLOCK;
        if (end > first + count)
            end = first + count;
        for (uint64_t lane = 0; lane < PI_LANES; lane++) {
            uint64_t i = block * PI_LANES + lane;
            uint64_t s0 = rng_at(d->lane_key, 2 * i), s1 = rng_at(d->lane_key, 2 * i + 1);
            sfc32 g = {(uint32_t)s0, (uint32_t)(s0 >> 32), (uint32_t)s1, (uint32_t)(s1 >> 32)};
            for (int k = 0; k < PI_WARMUP; k++)
                sfc32_next(&g);
            for (uint64_t m = block * PI_BLOCK + lane; m < end; m += PI_LANES) {
                uint32_t w = sfc32_next(&g);
                if (m >= n)
                    words[m - first] = w;
            }
        }
        n = end;
    }
}

/* Exact: x = (U 2^17 + a) / 2^32 etc., inside when X^2 + Y^2 < 2^64. Added in 32-bit
 * halves (X^2 < 2^64 since X < 2^32), not by the kernel's wrap-round test. */
static bool inside(const pi_darts *d, uint64_t n, uint32_t w, bool *near)
{
    uint64_t low = rng_at(d->fine_key, n);
    uint64_t u = w & 0x7fff, v = (w >> 16) & 0x7fff;
    uint64_t x = u << 17 | (low & 0x1ffff), y = v << 17 | ((low >> 17) & 0x1ffff);
    *near = u * u + v * v >= (1u << 30) - (1u << 17) && u * u + v * v < (1u << 30);
    uint64_t xx = x * x, yy = y * y;
    uint64_t low_sum = (xx & 0xffffffffu) + (yy & 0xffffffffu);
    return (xx >> 32) + (yy >> 32) + (low_sum >> 32) < (UINT64_C(1) << 32);
}

static uint64_t reference_count(const pi_darts *d, uint64_t first, uint64_t count,
                                uint64_t *near_darts)
{
    uint32_t *words = malloc(count * sizeof *words);
    if (!words) {
        perror("pi_kernel_test");
        exit(2);
    }
    words_of(d, first, words, count);
    uint64_t in = 0;
    for (uint64_t i = 0; i < count; i++) {
        bool near;
        in += inside(d, first + i, words[i], &near);
        *near_darts += near;
    }
    free(words);
    return in;
}

static int dump_words(const char *seed_text)
{
    char *end;
    unsigned long long seed = strtoull(seed_text, &end, 10);
    if (*seed_text == '\0' || *end != '\0') {
        fprintf(stderr, "pi_kernel_test: --words expects a seed, got '%s'\n", seed_text);
        return 2;
    }
    pi_darts d;
    pi_darts_init(&d, seed);
    static uint32_t words[PI_BLOCK];
    for (uint64_t first = 0;; first += PI_BLOCK) {
        pi_dart_words(&d, first, words, PI_BLOCK);
        if (fwrite(words, sizeof words, 1, stdout) != 1)
            return 0; /* the reader has had enough */
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--words") == 0)
        return dump_words(argv[2]);
    if (argc != 1) {
        fprintf(stderr, "usage: pi_kernel_test [--words SEED]\n");
        return 2;
    }
    pi_darts d;
    pi_darts_init(&d, 42);

    /* One dart at a time, and a run of words, against word_of. */
    const uint64_t darts[] = {
        0, 1, 15, 16, 17, PI_BLOCK - 1, PI_BLOCK, 3 * PI_BLOCK + 77, UINT64_C(9999999999999)};
    for (size_t i = 0; i < sizeof darts / sizeof *darts; i++) {
        uint32_t w;
        pi_dart_words(&d, darts[i], &w, 1);
        check(w == word_of(&d, darts[i]), "pi_dart_words, one dart");
        bool near;
        check(pi_dart_inside(&d, darts[i]) == inside(&d, darts[i], w, &near), "pi_dart_inside");
    }
    enum { RUN = 40000 };
    static uint32_t run[RUN], expect[RUN];
    pi_dart_words(&d, PI_BLOCK - 1234, run, RUN);
    words_of(&d, PI_BLOCK - 1234, expect, RUN);
    check(memcmp(run, expect, sizeof run) == 0, "pi_dart_words across a block boundary");

    /* Counts of every version against the reference, on awkward ranges. */
    struct {
        uint64_t first, count;
    } ranges[] = {{0, 0},
                  {0, 1},
                  {0, 16},
                  {5, 37},
                  {3, 13},
                  {0, 1000000},
                  {PI_BLOCK - 100, 300},
                  {7 * PI_BLOCK + 9, 2 * PI_BLOCK + 5},
                  {UINT64_C(1000000000000) + 3, 300007}};
    const char *versions[] = {"avx512", "avx2", "portable"};
    int tested = 0;
    uint64_t near_total = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
        uint64_t expected = reference_count(&d, ranges[r].first, ranges[r].count, &near_total);
        for (int v = 0; v < 3; v++) {
            if (!pi_kernel_use(versions[v]))
                continue;
            uint64_t got = pi_count_inside(&d, ranges[r].first, ranges[r].count);
            if (got != expected) {
                printf("FAILED: %s counts %" PRIu64 " of darts %" PRIu64 "+%" PRIu64
                       ", the definition %" PRIu64 "\n",
                       versions[v], got, ranges[r].first, ranges[r].count, expected);
                failures++;
            }
            tested |= 1 << v;
        }
    }
    check(tested & 4, "the portable version always exists");
    /* Known values: a change of the darts (generator, warm-up, block size) must be deliberate;
     * pi's tests and chapter 10 print results that depend on them. */
    uint32_t first_word;
    pi_dart_words(&d, 0, &first_word, 1);
    check(first_word == UINT32_C(0xb0c08407), "the first word for seed 42 is 0xb0c08407");
    check(pi_count_inside(&d, 0, 1000000) == 786029, "786029 of the first 1e6 darts inside");
    check(near_total > 50, "ranges hold darts near the arc (the exact path ran)");
    printf("versions tested:%s%s%s; %" PRIu64 " darts near the arc among them\n",
           tested & 1 ? " avx512" : "", tested & 2 ? " avx2" : "", tested & 4 ? " portable" : "",
           near_total);
    printf("pi_kernel_test: %s\n",
           failures ? "FAILED" : "OK, every version counts the darts of the definition");
    return failures ? 1 : 0;
}
