/* pi_kernel.c - the darts of pi.c: where they land (see pi_kernel.h) and three versions of
 * the loop that counts them: plain C, AVX2 and AVX-512. All three count the same darts. */
#include "pi_kernel.h"

#include <string.h>

#include "rng.h"

/* U^2 + V^2 below NEAR_ARC: inside whatever the low bits; at least 2^30: outside. */
#define NEAR_ARC  ((UINT32_C(1) << 30) - (UINT32_C(1) << 17))
#define ARC_WIDTH (UINT32_C(1) << 17)  /* NEAR_ARC + ARC_WIDTH = 2^30 */
#define LOW_MASK  UINT32_C(0x7fff7fff) /* U and V, the 15-bit halves of a word */

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline)) /* a rare path: keep it out of the loops */
/* A loop over the lanes stays a loop, which GCC vectorises, instead of being unrolled into
 * 16 copies first, which it then does not. */
#define LANE_LOOP _Pragma("GCC unroll 1")
#else
#define NOINLINE
#define LANE_LOOP
#endif

/* The generators of one block, one SFC32 state per lane. */
typedef struct {
    uint32_t a[PI_LANES], b[PI_LANES], c[PI_LANES], counter[PI_LANES];
} lanes;

/* One SFC32 step for every lane: words[l] is lane l's next number. */
static inline void lanes_step(lanes *s, uint32_t words[PI_LANES])
{
    LANE_LOOP
    for (int l = 0; l < PI_LANES; l++) {
        uint32_t a = s->a[l], b = s->b[l], c = s->c[l];
        uint32_t t = a + b + s->counter[l]++;
        s->a[l] = b ^ (b >> 9);
        s->b[l] = c + (c << 3);
        s->c[l] = ((c << 21) | (c >> 11)) + t;
        words[l] = t;
    }
}

static void lanes_seed(lanes *s, const pi_darts *d, uint64_t block)
{
    for (int l = 0; l < PI_LANES; l++) {
        uint64_t i = block * PI_LANES + (uint64_t)l;
        uint64_t s0 = rng_at(d->lane_key, 2 * i), s1 = rng_at(d->lane_key, 2 * i + 1);
        s->a[l] = (uint32_t)s0;
        s->b[l] = (uint32_t)(s0 >> 32);
        s->c[l] = (uint32_t)s1;
        s->counter[l] = (uint32_t)(s1 >> 32);
    }
}

/* The exact test for dart n with word w: its coordinates to 32 bits. Called for about one
 * dart in 10000 (those near the arc), so its 64-bit multiplies cost nothing. */
static bool exact_inside(const pi_darts *d, uint64_t n, uint32_t w)
{
    uint64_t low = rng_at(d->fine_key, n);
    uint64_t x = (uint64_t)(w & 0x7fff) << 17 | (low & 0x1ffff);
    uint64_t y = (uint64_t)(w >> 16 & 0x7fff) << 17 | (low >> 17 & 0x1ffff);
    /* x, y < 2^32: x^2 + y^2 < 2^64 exactly when the 64-bit sum does not wrap round. */
    uint64_t xx = x * x, sum = xx + y * y;
    return sum >= xx;
}

/* U^2 + V^2 for a word: its 15-bit halves squared and added. */
static inline uint32_t halves_squared(uint32_t w)
{
    uint32_t u = w & 0x7fff, v = w >> 16 & 0x7fff;
    return u * u + v * v;
}

/* Dart n with word w, the fast way: the 15-bit halves decide unless it is near the arc. */
static inline bool word_inside(const pi_darts *d, uint64_t n, uint32_t w)
{
    uint32_t sq = halves_squared(w);
    return sq < NEAR_ARC || (sq - NEAR_ARC < ARC_WIDTH && exact_inside(d, n, w));
}

/* The darts near the arc among the lanes set in `which` of one step (darts n0 .. n0 + 15):
 * how many are inside. */
NOINLINE static uint64_t near_arc(const pi_darts *d, uint64_t n0, const uint32_t words[PI_LANES],
                                  unsigned which)
{
    uint64_t inside = 0;
    for (int l = 0; l < PI_LANES; l++)
        if (which >> l & 1 && halves_squared(words[l]) - NEAR_ARC < ARC_WIDTH)
            inside += exact_inside(d, n0 + (uint64_t)l, words[l]);
    return inside;
}

/* --- plain C: loops of fixed length over the lanes, which compilers vectorise ----------- */

static void skip_portable(lanes *s, uint64_t steps)
{
    uint32_t words[PI_LANES];
    for (uint64_t i = 0; i < steps; i++)
        lanes_step(s, words);
}

/* Count the darts of `steps` whole steps, the first dart numbered n0. */
static uint64_t count_portable(lanes *s, uint64_t steps, uint64_t n0, const pi_darts *d)
{
    uint64_t inside = 0;
    for (uint64_t i = 0; i < steps; i++, n0 += PI_LANES) {
        uint32_t words[PI_LANES], sure = 0, near = 0;
        lanes_step(s, words);
        LANE_LOOP
        for (int l = 0; l < PI_LANES; l++) {
            uint32_t sq = halves_squared(words[l]);
            sure += sq < NEAR_ARC;
            near += sq - NEAR_ARC < ARC_WIDTH;
        }
        inside += sure;
        if (near)
            inside += near_arc(d, n0, words, UINT32_C(0xffff));
    }
    return inside;
}

/* --- x86-64: AVX2 (8 lanes per register) and AVX-512 (16) --------------------------------- */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PI_HAVE_X86 1

/* The empty asm hides the shift from the compiler, which would otherwise turn c + (c << 3)
 * into c * 9: a multiply costs two shift-and-add's worth on Intel's vector units. */
#define HIDE(v) __asm__("" : "+x"(v))
#define AVX2    __attribute__((target("avx2")))
#define AVX512  __attribute__((target("avx512f,avx512bw,avx512dq,popcnt")))

/* The 16 lanes as two registers of 8. */
typedef struct {
    __m256i a[2], b[2], c[2], counter[2];
} lanes_avx2;

AVX2 static lanes_avx2 load_avx2(const lanes *s)
{
    lanes_avx2 v;
    for (int h = 0; h < 2; h++) {
        v.a[h] = _mm256_loadu_si256((const __m256i *)(s->a + 8 * h));
        v.b[h] = _mm256_loadu_si256((const __m256i *)(s->b + 8 * h));
        v.c[h] = _mm256_loadu_si256((const __m256i *)(s->c + 8 * h));
        v.counter[h] = _mm256_loadu_si256((const __m256i *)(s->counter + 8 * h));
    }
    return v;
}

AVX2 static void store_avx2(lanes *s, const lanes_avx2 *v)
{
    for (int h = 0; h < 2; h++) {
        _mm256_storeu_si256((__m256i *)(s->a + 8 * h), v->a[h]);
        _mm256_storeu_si256((__m256i *)(s->b + 8 * h), v->b[h]);
        _mm256_storeu_si256((__m256i *)(s->c + 8 * h), v->c[h]);
        _mm256_storeu_si256((__m256i *)(s->counter + 8 * h), v->counter[h]);
    }
}

/* One SFC32 step of lanes 8h .. 8h + 7; returns their words. AVX2 has no rotation: two
 * shifts and an or. */
AVX2 static inline __m256i step_avx2(lanes_avx2 *v, int h)
{
    __m256i a = v->a[h], b = v->b[h], c = v->c[h];
    __m256i t = _mm256_add_epi32(_mm256_add_epi32(a, b), v->counter[h]);
    __m256i c8 = _mm256_slli_epi32(c, 3);
    HIDE(c8);
    v->counter[h] = _mm256_add_epi32(v->counter[h], _mm256_set1_epi32(1));
    v->a[h] = _mm256_xor_si256(b, _mm256_srli_epi32(b, 9));
    v->b[h] = _mm256_add_epi32(c, c8);
    __m256i rotated = _mm256_or_si256(_mm256_slli_epi32(c, 21), _mm256_srli_epi32(c, 11));
    v->c[h] = _mm256_add_epi32(rotated, t);
    return t;
}

AVX2 static void skip_avx2(lanes *s, uint64_t steps)
{
    lanes_avx2 v = load_avx2(s);
    for (uint64_t i = 0; i < steps; i++)
        for (int h = 0; h < 2; h++)
            step_avx2(&v, h);
    store_avx2(s, &v);
}

AVX2 static uint64_t count_avx2(lanes *s, uint64_t steps, uint64_t n0, const pi_darts *d)
{
    const __m256i halves = _mm256_set1_epi32((int)LOW_MASK);
    const __m256i near_arc_v = _mm256_set1_epi32((int)NEAR_ARC);
    const __m256i arc_end = _mm256_set1_epi32((int)(NEAR_ARC + ARC_WIDTH));
    lanes_avx2 v = load_avx2(s);
    __m256i sure[2] = {_mm256_setzero_si256(), _mm256_setzero_si256()};
    uint64_t inside = 0;
    for (uint64_t i = 0; i < steps; i++, n0 += PI_LANES) {
        __m256i words[2], near[2];
        for (int h = 0; h < 2; h++) {
            words[h] = step_avx2(&v, h);
            /* U^2 + V^2 in one instruction (vpmaddwd: the 16-bit halves, squared and
             * added); below 2^31, so the signed comparisons are right. */
            __m256i w = _mm256_and_si256(words[h], halves), sq = _mm256_madd_epi16(w, w);
            __m256i in = _mm256_cmpgt_epi32(near_arc_v, sq); /* all ones where sure */
            sure[h] = _mm256_sub_epi32(sure[h], in);
            near[h] = _mm256_andnot_si256(in, _mm256_cmpgt_epi32(arc_end, sq));
        }
        __m256i any = _mm256_or_si256(near[0], near[1]);
        if (!_mm256_testz_si256(any, any)) {
            uint32_t w[PI_LANES];
            _mm256_storeu_si256((__m256i *)w, words[0]);
            _mm256_storeu_si256((__m256i *)(w + 8), words[1]);
            unsigned which = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(near[0])) |
                             (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(near[1])) << 8;
            inside += near_arc(d, n0, w, which);
        }
    }
    uint32_t counts[PI_LANES];
    _mm256_storeu_si256((__m256i *)counts, sure[0]);
    _mm256_storeu_si256((__m256i *)(counts + 8), sure[1]);
    for (int l = 0; l < PI_LANES; l++)
        inside += counts[l];
    store_avx2(s, &v);
    return inside;
}

/* All 16 lanes in one register each; AVX-512 rotates in one instruction. */
typedef struct {
    __m512i a, b, c, counter;
} lanes_avx512;

AVX512 static inline __m512i step_avx512(lanes_avx512 *v)
{
    __m512i a = v->a, b = v->b, c = v->c;
    __m512i t = _mm512_add_epi32(_mm512_add_epi32(a, b), v->counter);
    __m512i c8 = _mm512_slli_epi32(c, 3);
    HIDE(c8);
    v->counter = _mm512_add_epi32(v->counter, _mm512_set1_epi32(1));
    v->a = _mm512_xor_si512(b, _mm512_srli_epi32(b, 9));
    v->b = _mm512_add_epi32(c, c8);
    v->c = _mm512_add_epi32(_mm512_rol_epi32(c, 21), t);
    return t;
}

AVX512 static lanes_avx512 load_avx512(const lanes *s)
{
    lanes_avx512 v = {_mm512_loadu_si512(s->a), _mm512_loadu_si512(s->b), _mm512_loadu_si512(s->c),
                      _mm512_loadu_si512(s->counter)};
    return v;
}

AVX512 static void store_avx512(lanes *s, const lanes_avx512 *v)
{
    _mm512_storeu_si512(s->a, v->a);
    _mm512_storeu_si512(s->b, v->b);
    _mm512_storeu_si512(s->c, v->c);
    _mm512_storeu_si512(s->counter, v->counter);
}

AVX512 static void skip_avx512(lanes *s, uint64_t steps)
{
    lanes_avx512 v = load_avx512(s);
    for (uint64_t i = 0; i < steps; i++)
        step_avx512(&v);
    store_avx512(s, &v);
}

AVX512 static uint64_t count_avx512(lanes *s, uint64_t steps, uint64_t n0, const pi_darts *d)
{
    const __m512i halves = _mm512_set1_epi32((int)LOW_MASK);
    const __m512i near_arc_v = _mm512_set1_epi32((int)NEAR_ARC);
    const __m512i arc_end = _mm512_set1_epi32((int)(NEAR_ARC + ARC_WIDTH));
    lanes_avx512 v = load_avx512(s);
    uint64_t inside = 0;
    for (uint64_t i = 0; i < steps; i++, n0 += PI_LANES) {
        __m512i words = step_avx512(&v);
        __m512i w = _mm512_and_si512(words, halves), sq = _mm512_madd_epi16(w, w);
        /* A bit per lane: sure to be inside; not outside. The lanes in the second and not
         * in the first are near the arc (ktest finds whether there are any). */
        __mmask16 in = _mm512_cmplt_epu32_mask(sq, near_arc_v);
        __mmask16 not_out = _mm512_cmplt_epu32_mask(sq, arc_end);
        inside += (unsigned)__builtin_popcount(_cvtmask16_u32(in));
        if (!_ktestc_mask16_u8(in, not_out)) {
            uint32_t w32[PI_LANES];
            _mm512_storeu_si512(w32, words);
            inside += near_arc(d, n0, w32, _cvtmask16_u32(not_out & ~in));
        }
    }
    store_avx512(s, &v);
    return inside;
}
#endif

/* --- choosing a version ------------------------------------------------------------------- */

typedef struct {
    const char *name;
    void (*skip)(lanes *s, uint64_t steps);
    uint64_t (*count)(lanes *s, uint64_t steps, uint64_t n0, const pi_darts *d);
} kernel;

static const kernel kernels[] = {
#ifdef PI_HAVE_X86
    {"avx512", skip_avx512, count_avx512},
    {"avx2", skip_avx2, count_avx2},
#endif
    {"portable", skip_portable, count_portable},
};
enum { KERNELS = sizeof kernels / sizeof kernels[0] };

static bool cpu_has(const kernel *k)
{
#ifdef PI_HAVE_X86
    __builtin_cpu_init();
    if (strcmp(k->name, "avx512") == 0)
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("popcnt");
    if (strcmp(k->name, "avx2") == 0)
        return __builtin_cpu_supports("avx2");
#endif
    return strcmp(k->name, "portable") == 0;
}

static const kernel *chosen;

static const kernel *current(void)
{
    for (int i = 0; !chosen && i < KERNELS; i++)
        if (cpu_has(&kernels[i]))
            chosen = &kernels[i];
    return chosen;
}

const char *pi_kernel_name(void) { return current()->name; }

bool pi_kernel_use(const char *name)
{
    for (int i = 0; i < KERNELS; i++)
        if (strcmp(kernels[i].name, name) == 0 && cpu_has(&kernels[i])) {
            chosen = &kernels[i];
            return true;
        }
    return false;
}

/* --- the darts ---------------------------------------------------------------------------- */

void pi_darts_init(pi_darts *darts, uint64_t seed)
{
    darts->lane_key = rng_key(seed, 0);
    darts->fine_key = rng_key(seed, 1);
}

/* The lanes of `block`, ready to give the number of step `step`. */
static void lanes_at(lanes *s, const kernel *k, const pi_darts *d, uint64_t block, uint64_t step)
{
    lanes_seed(s, d, block);
    k->skip(s, PI_WARMUP + step);
}

uint64_t pi_count_inside(const pi_darts *darts, uint64_t first, uint64_t count)
{
    const kernel *k = current();
    uint64_t inside = 0;
    while (count > 0) {
        uint64_t block = first / PI_BLOCK, offset = first % PI_BLOCK;
        uint64_t todo = count < PI_BLOCK - offset ? count : PI_BLOCK - offset;
        first += todo, count -= todo;
        lanes s;
        lanes_at(&s, k, darts, block, offset / PI_LANES);
        uint64_t n0 = block * PI_BLOCK + offset / PI_LANES * PI_LANES;
        uint32_t words[PI_LANES];
        /* A step the range starts in the middle of, or ends in: dart by dart. */
        unsigned lane = offset % PI_LANES;
        if (lane != 0) {
            lanes_step(&s, words);
            for (; lane < PI_LANES && todo > 0; lane++, todo--)
                inside += word_inside(darts, n0 + lane, words[lane]);
            n0 += PI_LANES;
        }
        uint64_t steps = todo / PI_LANES;
        inside += k->count(&s, steps, n0, darts);
        n0 += steps * PI_LANES, todo -= steps * PI_LANES;
        if (todo > 0) {
            lanes_step(&s, words);
            for (lane = 0; lane < todo; lane++)
                inside += word_inside(darts, n0 + lane, words[lane]);
        }
    }
    return inside;
}

void pi_dart_words(const pi_darts *darts, uint64_t first, uint32_t *words, uint64_t count)
{
    while (count > 0) {
        uint64_t block = first / PI_BLOCK, offset = first % PI_BLOCK;
        lanes s;
        lanes_seed(&s, darts, block);
        skip_portable(&s, PI_WARMUP + offset / PI_LANES);
        for (unsigned lane = offset % PI_LANES; offset < PI_BLOCK && count > 0; lane = 0) {
            uint32_t step[PI_LANES];
            lanes_step(&s, step);
            for (; lane < PI_LANES && count > 0; lane++, offset++, first++, count--)
                *words++ = step[lane];
        }
    }
}

bool pi_dart_inside(const pi_darts *darts, uint64_t n)
{
    uint32_t w;
    pi_dart_words(darts, n, &w, 1);
    return exact_inside(darts, n, w);
}
