/* Unit tests for common/fixedsum.h: the same total in any order, close to the exact sum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "fixedsum.h"
#include "rng.h"

#define N 100000

/* Numbers of very different sizes: the plain double sum depends on the order. */
static void fill(double *x, int n)
{
    rng_stream r;
    rng_init(&r, 11, 0);
    for (int i = 0; i < n; i++)
        x[i] = (rng_uniform(&r) - 0.25) * ldexp(1.0, (int)(rng_next(&r) % 40) - 20);
}

static double max_abs_of(const double *x, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(x[i]));
    return m;
}

/* Added in blocks (as `parts` ranks would) and the blocks added last-first. */
static int64_t blocked_units(const double *x, int n, int parts, double scale)
{
    int64_t total = 0;
    for (int p = parts - 1; p >= 0; p--) {
        int64_t part = 0;
        for (int i = (int)((int64_t)n * p / parts); i < (int)((int64_t)n * (p + 1) / parts); i++)
            part += fixedsum_from_double(x[i], scale);
        total += part;
    }
    return total;
}

static double blocked_double(const double *x, int n, int parts)
{
    double total = 0;
    for (int p = parts - 1; p >= 0; p--) {
        double part = 0;
        for (int i = (int)((int64_t)n * p / parts); i < (int)((int64_t)n * (p + 1) / parts); i++)
            part += x[i];
        total += part;
    }
    return total;
}

static void any_order_same_bits(void **state)
{
    (void)state;
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    fill(x, N);
    double scale = fixedsum_scale(max_abs_of(x, N), N);
    assert_true(scale > 0);
    double one = fixedsum_to_double(blocked_units(x, N, 1, scale), scale);
    int plain_differs = 0;
    for (int parts = 2; parts <= 64; parts++) {
        assert_true(fixedsum_to_double(blocked_units(x, N, parts, scale), scale) == one);
        plain_differs += blocked_double(x, N, parts) != blocked_double(x, N, 1);
    }
    /* The point of it all: the plain double sums do change with the partition. */
    assert_true(plain_differs > 0);
    /* And the fixed-point total is close to the exact sum (long double, sorted by size). */
    long double exact = 0;
    for (int i = 0; i < N; i++)
        exact += x[i];
    long double limit = (long double)N / (2 * scale) + fabsl(exact) * 1e-15L;
    assert_true(fabsl((long double)one - exact) <= limit);
    free(x);
}

static void scale_bounds_every_partial_sum(void **state)
{
    (void)state;
    /* The worst case: every term at the bound, same sign; the sum must stay below 2^62 + N. */
    double scale = fixedsum_scale(37.5, N);
    int64_t sum = 0;
    for (int i = 0; i < N; i++)
        sum += fixedsum_from_double(37.5, scale);
    assert_true(sum > 0 && (uint64_t)sum < (UINT64_C(1) << 62) + N);
    /* A power of two, and not needlessly small: the bound uses more than 2^61 units. */
    int e = 0;
    assert_true(frexp(scale, &e) == 0.5);
    assert_true(37.5 * N * scale >= ldexp(1.0, 61));
    /* The largest counts: 2^62 terms of size 1 (the bound is not below 2^62, so 2^-1). */
    assert_true(fixedsum_scale(1.0, INT64_C(1) << 62) == 0.5);
}

static void edge_cases(void **state)
{
    (void)state;
    assert_true(fixedsum_scale(0.0, N) > 0); /* all zeros: any scale, but a usable one */
    assert_true(fixedsum_scale(5.0, 0) > 0); /* no terms */
    assert_true(isfinite(fixedsum_scale(1e-300, 1)));
    assert_true(fixedsum_scale(-1.0, N) == 0);
    assert_true(fixedsum_scale(NAN, N) == 0);
    assert_true(fixedsum_scale(INFINITY, N) == 0);
    assert_true(fixedsum_scale(1e308, INT64_C(1) << 40) == 0); /* the bound overflows */
    assert_true(fixedsum_scale(1.0, -1) == 0);
    /* Round trip of exactly representable values, negative ones too. */
    double scale = fixedsum_scale(100, 10);
    assert_true(fixedsum_to_double(fixedsum_from_double(-3.25, scale), scale) == -3.25);
    assert_true(fixedsum_from_double(0.0, scale) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(any_order_same_bits),
        cmocka_unit_test(scale_bounds_every_partial_sum),
        cmocka_unit_test(edge_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
