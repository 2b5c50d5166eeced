/* fixedsum.c - see fixedsum.h. */
#include "fixedsum.h"

#include <math.h>

double fixedsum_scale(double max_abs, int64_t terms)
{
    if (!(max_abs >= 0) || isinf(max_abs) || terms < 0)
        return 0; /* NaN, negative or infinite bound, negative count */
    double bound = max_abs * (double)terms;
    if (isinf(bound))
        return 0;
    int e = 0;
    frexp(bound > 0 ? bound : 1, &e); /* bound < 2^e */
    /* Very small bounds would ask for a scale beyond the double range; 2^960 is plenty. */
    if (e < -898)
        e = -898;
    return ldexp(1.0, 62 - e); /* bound * scale < 2^62 */
}

int64_t fixedsum_from_double(double x, double scale) { return (int64_t)llround(x * scale); }

double fixedsum_to_double(int64_t units, double scale) { return (double)units / scale; }
