/* julia_kernel.c - the escape loop, in one version per instruction set; see julia_kernel.h. */
#include "julia_kernel.h"

#include <stddef.h>
#include <string.h>

/* Every version must round exactly as the plain loop does, so the compiler may not fuse a
 * multiplication and an addition into one instruction on its own (GCC does in its default
 * GNU mode, on ARM and wherever FMA is enabled). The one fused multiply-add we want, 2t + c,
 * is written out where it is used. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

void julia_setup(julia_params *p)
{
    p->x0 = p->center_re - 2.0 / p->zoom;
    p->y1 = p->center_im + 1.5 / p->zoom;
    p->dx = 4.0 / p->zoom / p->width;
    p->dy = 3.0 / p->zoom / p->height;
}

/* The definition: one pixel, one step at a time (the tutorial's loop). */
static uint8_t pixel(const julia_params *p, int j, int k)
{
    double zr = p->x0 + j * p->dx, zi = p->y1 - k * p->dy;
    int n = p->iterations;
    while (zr * zr + zi * zi < 9.0 && n > 1) {
        double rr = zr * zr, ii = zi * zi;
        zi = zr * zi * 2.0 + p->c_im;
        zr = rr - ii + p->c_re;
        n--;
    }
    return (uint8_t)n;
}

/* --- portable: plain C, four pixels in flight ----------------------------------------- */

/* Each pixel is one long chain of dependent multiplications. A CPU can run several chains at
 * once if it is given several, so this keeps 4 pixels in flight, taking one step of each in
 * turn; a pixel that is done stores its count and its lane takes the next pixel of the row. */
enum { PORTABLE_LANES = 4 };

static void row_portable(const julia_params *p, int k, uint8_t *row)
{
    const double y = p->y1 - k * p->dy, cr = p->c_re, ci = p->c_im;
    double zr[PORTABLE_LANES], zi[PORTABLE_LANES];
    int n[PORTABLE_LANES], column[PORTABLE_LANES], next = 0, in_flight = 0;
    for (int l = 0; l < PORTABLE_LANES; l++) {
        column[l] = next < p->width ? next++ : -1; /* -1: lane unused */
        in_flight += column[l] >= 0;
        zr[l] = column[l] >= 0 ? p->x0 + column[l] * p->dx : 9.0;
        zi[l] = y;
        n[l] = p->iterations;
    }
    while (in_flight > 0) {
        for (int l = 0; l < PORTABLE_LANES; l++) {
            double rr = zr[l] * zr[l], ii = zi[l] * zi[l];
            if (rr + ii < 9.0 && n[l] > 1) { /* |z| < 3: one more step of z -> z^2 + c */
                zi[l] = zr[l] * zi[l] * 2.0 + ci;
                zr[l] = rr - ii + cr;
                n[l]--;
            } else if (column[l] >= 0) { /* done: store it, start the next pixel */
                row[column[l]] = (uint8_t)n[l];
                column[l] = next < p->width ? next++ : -1;
                in_flight -= column[l] < 0;
                zr[l] = column[l] >= 0 ? p->x0 + column[l] * p->dx : 9.0;
                zi[l] = y;
                n[l] = p->iterations;
            }
        }
    }
}

/* --- x86-64: AVX-512, AVX2, SSE2 ------------------------------------------------------ */
#if defined(__x86_64__) && defined(__GNUC__)
#define JULIA_X86 1
#include <immintrin.h>

#define LANES  4
#define SUFFIX avx2
#define TARGET __attribute__((target("avx2,fma")))
#define ANY(m) (!_mm256_testz_si256((__m256i)(m), (__m256i)(m)))
#define TWICE_PLUS(t, c)                                                                           \
    ((V(vdouble))_mm256_fmadd_pd((__m256d)(t), _mm256_set1_pd(2.0), (__m256d)(c)))
#include "julia_vector.h"
#undef LANES
#undef SUFFIX
#undef TARGET
#undef ANY
#undef TWICE_PLUS

#define LANES  2
#define SUFFIX sse2
#define TARGET
#define ANY(m)           (_mm_movemask_pd((__m128d)(m)) != 0)
#define TWICE_PLUS(t, c) ((t) + (t) + (c))
#include "julia_vector.h"
#undef LANES
#undef SUFFIX
#undef TARGET
#undef ANY
#undef TWICE_PLUS

/* AVX-512 in intrinsics: the same loop as julia_vector.h, 8 pixels per vector, but the
 * comparison gives a bit mask (one bit per lane) that counts the steps and ends a group in
 * one instruction each, where the vector extensions would first widen it to a vector. */
#define AVX512 __attribute__((target("avx512f")))

typedef struct {
    __m512d zr, zi;
    __m512i steps; /* the steps each lane has taken while |z| < 3 */
    int first;     /* the column of lane 0; -1: nothing left to do */
    int left;      /* steps the group may still take */
} group512;

static inline __attribute__((always_inline)) AVX512 void start512(const julia_params *p, double y,
                                                                  group512 *g, int *next)
{
    __m512d column =
        _mm512_add_pd(_mm512_set1_pd((double)*next), _mm512_set_pd(7, 6, 5, 4, 3, 2, 1, 0));
    __m512d x = _mm512_add_pd(_mm512_set1_pd(p->x0), _mm512_mul_pd(column, _mm512_set1_pd(p->dx)));
    __mmask8 past = _mm512_cmp_pd_mask(column, _mm512_set1_pd(p->width), _CMP_GE_OQ);
    g->zr = _mm512_mask_mov_pd(x, past, _mm512_set1_pd(9.0)); /* past the end: escapes */
    g->zi = _mm512_set1_pd(y);
    g->steps = _mm512_setzero_si512();
    g->first = *next < p->width ? *next : -1;
    g->left = p->iterations - 1;
    *next += 8;
}

static inline __attribute__((always_inline)) AVX512 void step512(const julia_params *p, double y,
                                                                 group512 *g, int *next,
                                                                 uint8_t *row, __m512d cr,
                                                                 __m512d ci)
{
    __m512d rr = _mm512_mul_pd(g->zr, g->zr), ii = _mm512_mul_pd(g->zi, g->zi);
    __m512d t = _mm512_mul_pd(g->zr, g->zi);
    __mmask8 inside = _mm512_cmp_pd_mask(_mm512_add_pd(rr, ii), _mm512_set1_pd(9.0), _CMP_LT_OQ);
    g->zi = _mm512_fmadd_pd(t, _mm512_set1_pd(2.0), ci);
    g->zr = _mm512_add_pd(_mm512_sub_pd(rr, ii), cr);
    g->steps = _mm512_mask_add_epi64(g->steps, inside, g->steps, _mm512_set1_epi64(1));
    if (g->first >= 0 && (inside == 0 || --g->left == 0)) {
        int64_t steps[8];
        _mm512_storeu_si512(steps, g->steps);
        for (int l = 0; l < 8 && g->first + l < p->width; l++)
            row[g->first + l] = (uint8_t)(p->iterations - steps[l]);
        start512(p, y, g, next);
    }
}

AVX512 static void row_avx512(const julia_params *p, int k, uint8_t *row)
{
    const double y = p->y1 - k * p->dy;
    const __m512d cr = _mm512_set1_pd(p->c_re), ci = _mm512_set1_pd(p->c_im);
    int next = 0;
    group512 g0, g1, g2, g3;
    start512(p, y, &g0, &next);
    start512(p, y, &g1, &next);
    start512(p, y, &g2, &next);
    start512(p, y, &g3, &next);
    while (g0.first >= 0 || g1.first >= 0 || g2.first >= 0 || g3.first >= 0) {
        step512(p, y, &g0, &next, row, cr, ci);
        step512(p, y, &g1, &next, row, cr, ci);
        step512(p, y, &g2, &next, row, cr, ci);
        step512(p, y, &g3, &next, row, cr, ci);
    }
}

static bool has_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

static bool has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

/* --- 64-bit ARM: NEON ---------------------------------------------------------------- */
#if defined(__aarch64__) && defined(__GNUC__)
#define JULIA_NEON 1
#include <arm_neon.h>

#define LANES  2
#define SUFFIX neon
#define TARGET
#define ANY(m) (((m)[0] | (m)[1]) != 0)
#define TWICE_PLUS(t, c)                                                                           \
    ((V(vdouble))vfmaq_f64((float64x2_t)(c), (float64x2_t)(t), vdupq_n_f64(2.0)))
#include "julia_vector.h"
#undef LANES
#undef SUFFIX
#undef TARGET
#undef ANY
#undef TWICE_PLUS
#endif

/* --- choosing a version --------------------------------------------------------------- */

typedef struct {
    const char *name;
    void (*row)(const julia_params *p, int k, uint8_t *row);
    bool (*available)(void);
} version;

static bool always(void) { return true; }

/* The fastest first. */
static const version versions[] = {
#ifdef JULIA_X86
    {"avx512", row_avx512, has_avx512}, {"avx2", row_avx2, has_avx2}, {"sse2", row_sse2, always},
#endif
#ifdef JULIA_NEON
    {"neon", row_neon, always},
#endif
    {"portable", row_portable, always},
};

static const version *chosen;

static const version *best(void)
{
    if (!chosen) {
        chosen = &versions[0];
        while (!chosen->available())
            chosen++; /* the last one, portable, is always there */
    }
    return chosen;
}

const char *julia_kernel_name(void) { return best()->name; }

bool julia_kernel_use(const char *name)
{
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (strcmp(versions[i].name, name) == 0 && versions[i].available()) {
            chosen = &versions[i];
            return true;
        }
    return false;
}

void julia_row(const julia_params *p, int k, uint8_t *row)
{
    /* The vector versions take at least one step; with fewer than 2 iterations there is none. */
    if (p->iterations < 2)
        row_portable(p, k, row);
    else
        best()->row(p, k, row);
}

/* --- checking an image ---------------------------------------------------------------- */

julia_check julia_check_image(const julia_params *p, const uint8_t *image)
{
    julia_check c = {0};
    const size_t width = (size_t)p->width;
    for (size_t i = 0; i < width * (size_t)p->height; i++)
        c.missing += image[i] == 0;
    for (int k = 1; k < p->height; k++) {
        /* Coordinates in named doubles, as julia_row holds them: where C computes with more
         * precision than double (32-bit x86's x87 unit), only an assignment rounds a value
         * to a double, and unrounded values are almost never exact negatives. */
        double y = p->y1 - k * p->dy, y_mirror = p->y1 - (p->height - k) * p->dy;
        if (y != -y_mirror)
            continue;
        for (int j = 1; j < p->width; j++) {
            double x = p->x0 + j * p->dx, x_mirror = p->x0 + (p->width - j) * p->dx;
            if (x != -x_mirror)
                continue;
            c.mirror_pixels++;
            c.mirror_differ += image[(size_t)k * width + (size_t)j] !=
                               image[(size_t)(p->height - k) * width + (width - (size_t)j)];
        }
    }
    /* Rows 0 and height-1 and up to 14 between them, evenly spread. */
    int rows = p->height < 16 ? p->height : 16;
    for (int i = 0; i < rows; i++) {
        int k = rows == 1 ? 0 : (int)((int64_t)i * (p->height - 1) / (rows - 1));
        bool same = true;
        for (int j = 0; j < p->width; j++)
            same = same && image[(size_t)k * width + (size_t)j] == pixel(p, j, k);
        c.rows_redone++;
        c.rows_differ += !same;
    }
    return c;
}

bool julia_check_passed(const julia_check *check)
{
    return check->missing == 0 && check->rows_differ == 0 && check->mirror_differ == 0;
}
