/* reduce_readings.c - see reduce_readings.h. */
#include "reduce_readings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixedsum.h"
#include "rng.h"
#include "mpit.h"

readings readings_make(uint64_t seed, int64_t n, int size)
{
    readings d = {.key = rng_key(seed, 0), .n = n, .size = size, .shift = 0};
    d.shift = readings_at(&d, 0);
    return d;
}

/* n <= 1e12 and rank < 2^31: the product fits an int64_t. */
static int64_t block_first(const readings *d, int rank) { return d->n * rank / d->size; }

block readings_block(const readings *d, int rank)
{
    int64_t first = block_first(d, rank);
    return (block){.first = first, .count = block_first(d, rank + 1) - first, .rank = rank};
}

/* Four uniform draws added up are close to a bell curve (variance 4/12): centred on 20,
 * spread 5. Only + - * /, so the same bits on every machine (a libm call may differ). */
double readings_at(const readings *d, int64_t i)
{
    double u = 0;
    for (uint64_t k = 0; k < 4; k++)
        u += rng_to_unit(rng_at(d->key, 4 * (uint64_t)i + k));
    return 20.0 + 5.0 * 1.7320508075688772 * (u - 2.0);
}

const char *readings_split(const readings *d, char *text, size_t len)
{
    int64_t least = d->n / d->size, most = least + (d->n % d->size != 0);
    if (d->size == 1)
        snprintf(text, len, "1 rank holds them all");
    else if (least == most)
        snprintf(text, len, "%d ranks hold %lld each", d->size, (long long)least);
    else
        snprintf(text, len, "%d ranks hold %lld or %lld each", d->size, (long long)least,
                 (long long)most);
    return text;
}

block_extent readings_extent(const readings *d, block b)
{
    block_extent e = {.lowest = {INFINITY, b.rank}, .highest = {-INFINITY, b.rank}};
    for (int64_t i = b.first; i < b.first + b.count; i++) {
        double x = readings_at(d, i);
        e.max_dist = fmax(e.max_dist, fabs(x - d->shift));
        e.plain_sum += x;
        if (x < e.lowest.value) {
            e.lowest.value = x;
            e.lowest_index = i;
        }
        if (x > e.highest.value) {
            e.highest.value = x;
            e.highest_index = i;
        }
    }
    return e;
}

moments readings_moments(const readings *d, block b, double max_dist)
{
    double scale = fixedsum_scale(max_dist, d->n);
    double scale_squares = fixedsum_scale(max_dist * max_dist, d->n);
    moments m = {0, 0};
    for (int64_t i = b.first; i < b.first + b.count; i++) {
        double dist = readings_at(d, i) - d->shift;
        m.sum += fixedsum_from_double(dist, scale);
        m.sum_squares += fixedsum_from_double(dist * dist, scale_squares);
    }
    return m;
}

statistics readings_statistics(const readings *d, const moments *all, double max_dist)
{
    double n = (double)d->n;
    double sum = fixedsum_to_double(all->sum, fixedsum_scale(max_dist, d->n));
    double squares =
        fixedsum_to_double(all->sum_squares, fixedsum_scale(max_dist * max_dist, d->n));
    double mean_dist = sum / n;
    double variance = squares / n - mean_dist * mean_dist; /* small: the shift removed the mean */
    return (statistics){.sum = d->shift * n + sum,
                        .mean = d->shift + mean_dist,
                        .deviation = sqrt(variance > 0 ? variance : 0)};
}

int64_t readings_outliers(const readings *d, block b, const statistics *s, double sigmas)
{
    int64_t count = 0;
    for (int64_t i = b.first; i < b.first + b.count; i++)
        count += fabs(readings_at(d, i) - s->mean) > sigmas * s->deviation;
    return count;
}

/* The rank whose block holds reading i. */
static int owner(const readings *d, int64_t i)
{
    int rank = 0;
    while (rank + 1 < d->size && block_first(d, rank + 1) <= i)
        rank++;
    return rank;
}

serial_result readings_serial(const readings *d, double sigmas)
{
    serial_result s = {.size = d->size};
    block all = {.first = 0, .count = d->n, .rank = 0};
    block_extent e = readings_extent(d, all);
    moments m = readings_moments(d, all, e.max_dist);
    s.stats = readings_statistics(d, &m, e.max_dist);
    s.plain_sum = e.plain_sum;
    s.lowest = (located){e.lowest.value, owner(d, e.lowest_index)};
    s.highest = (located){e.highest.value, owner(d, e.highest_index)};
    s.starts = mpit_xmalloc((size_t)d->size * sizeof *s.starts);
    int64_t start = 0;
    for (int r = 0; r < d->size; r++) {
        s.starts[r] = start;
        start += readings_outliers(d, readings_block(d, r), &s.stats, sigmas);
    }
    /* The textbook way, independent of the above: the mean first, then the deviations. */
    long double total = 0, squares = 0;
    for (int64_t i = 0; i < d->n; i++)
        total += readings_at(d, i);
    long double mean = total / d->n;
    for (int64_t i = 0; i < d->n; i++)
        squares += (readings_at(d, i) - mean) * (readings_at(d, i) - mean);
    s.two_pass_mean = (double)mean;
    s.two_pass_deviation = (double)sqrtl(squares / d->n);
    return s;
}

void readings_serial_free(serial_result *s)
{
    free(s->starts);
    s->starts = NULL;
}

static bool close_to(double a, double b) { return fabs(a - b) <= 1e-12 * fabs(b) + 1e-300; }

bool readings_agree(const serial_result *s, const statistics *stats, const block_extent *ext,
                    const int64_t *starts)
{
    bool ok = stats->mean == s->stats.mean && stats->deviation == s->stats.deviation &&
              stats->sum == s->stats.sum;
    ok = ok && ext->lowest.value == s->lowest.value && ext->lowest.rank == s->lowest.rank;
    ok = ok && ext->highest.value == s->highest.value && ext->highest.rank == s->highest.rank;
    for (int r = 0; r < s->size; r++)
        ok = ok && starts[r] == s->starts[r];
    return ok && close_to(stats->mean, s->two_pass_mean) &&
           close_to(stats->deviation, s->two_pass_deviation);
}
