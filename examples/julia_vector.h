/* julia_vector.h - the escape loop on vectors of neighbouring pixels, written once with
 * GCC/Clang vector extensions. julia_kernel.c includes it once per instruction set, with
 *
 *   LANES             pixels per vector (a vector of LANES doubles)
 *   SUFFIX            appended to every name defined here (avx2, sse2, neon)
 *   TARGET            the function attribute that enables the instruction set, or nothing
 *   ANY(m)            whether any lane of m (a comparison's result) is set
 *   TWICE_PLUS(t, c)  2t + c: t + t + c, or one fused multiply-add where the CPU has it
 *                     (2t is exact, so both round once, alike)
 *
 * and gets the function row_SUFFIX(p, k, row), which computes the pixels of julia_row.
 * No include guard: it is meant to be included more than once.
 *
 * The loop. A group is LANES neighbouring pixels of the row, in flight together: every step
 * squares all of them at once and counts, per lane, the steps taken while |z| < 3. Lanes
 * that have escaped keep being squared (|z| only grows from there, so they never count
 * again), which costs nothing: the vector does every lane's step in one instruction. When no
 * lane is left, or the group has taken iterations - 1 steps (n = 1 for the lanes still
 * inside), its pixels are stored and it takes the next LANES pixels of the row. GROUPS groups
 * are in flight at once: each step is a chain of dependent multiplications, and the CPU
 * works on the other groups' chains while one waits for its result.
 */
#define JULIA_GLUE_(a, b) a##_##b
#define JULIA_GLUE(a, b)  JULIA_GLUE_(a, b)
#define V(name)           JULIA_GLUE(name, SUFFIX)

typedef double V(vdouble) __attribute__((vector_size(LANES * sizeof(double))));
typedef int64_t V(vmask) __attribute__((vector_size(LANES * sizeof(int64_t))));

typedef struct {
    V(vdouble) zr, zi; /* each lane's z */
    V(vmask) steps;    /* minus the steps each lane has taken while |z| < 3 */
    int first;         /* the column of lane 0; -1: the group has nothing left to do */
    int left;          /* steps the group may still take */
} V(group);

static inline __attribute__((always_inline)) TARGET V(vdouble) V(splat)(double x)
{
    double lanes[LANES];
    V(vdouble) v;
    for (int l = 0; l < LANES; l++)
        lanes[l] = x;
    memcpy(&v, lanes, sizeof v);
    return v;
}

/* Put the next LANES pixels of the row (from *next on) into g. */
static inline __attribute__((always_inline)) TARGET void V(start)(const julia_params *p, double y,
                                                                  V(group) * g, int *next)
{
    double lanes[LANES];
    V(vdouble) column, zr;
    for (int l = 0; l < LANES; l++)
        lanes[l] = (double)(*next + l);
    memcpy(&column, lanes, sizeof column);
    zr = V(splat)(p->x0) + column * V(splat)(p->dx);
    if (*next + LANES > p->width) { /* past the end of the row: escapes at once, not stored */
        memcpy(lanes, &zr, sizeof zr);
        for (int l = 0; l < LANES; l++)
            if (*next + l >= p->width)
                lanes[l] = 9.0;
        memcpy(&zr, lanes, sizeof zr);
    }
    g->zr = zr;
    g->zi = V(splat)(y);
    g->steps = (V(vmask)){0};
    g->first = *next < p->width ? *next : -1;
    g->left = p->iterations - 1;
    *next += LANES;
}

/* One step of every lane of g; a group that is done stores its pixels and starts again. */
static inline __attribute__((always_inline)) TARGET void V(step)(const julia_params *p, double y,
                                                                 V(group) * g, int *next,
                                                                 uint8_t *row, V(vdouble) cr,
                                                                 V(vdouble) ci)
{
    V(vdouble) rr = g->zr * g->zr, ii = g->zi * g->zi, t = g->zr * g->zi;
    V(vmask) inside = rr + ii < V(splat)(9.0);
    g->zi = TWICE_PLUS(t, ci);
    g->zr = rr - ii + cr;
    g->steps += inside; /* a comparison gives -1 where true */
    if (g->first >= 0 && (!ANY(inside) || --g->left == 0)) {
        V(vmask) steps = g->steps;
        for (int l = 0; l < LANES && g->first + l < p->width; l++)
            row[g->first + l] = (uint8_t)(p->iterations + steps[l]);
        V(start)(p, y, g, next);
    }
}

TARGET static void V(row)(const julia_params *p, int k, uint8_t *row)
{
    const double y = p->y1 - k * p->dy;
    const V(vdouble) cr = V(splat)(p->c_re), ci = V(splat)(p->c_im);
    int next = 0;
    V(group) g0, g1, g2, g3; /* GROUPS = 4, as separate variables: they live in registers */
    V(start)(p, y, &g0, &next);
    V(start)(p, y, &g1, &next);
    V(start)(p, y, &g2, &next);
    V(start)(p, y, &g3, &next);
    while (g0.first >= 0 || g1.first >= 0 || g2.first >= 0 || g3.first >= 0) {
        V(step)(p, y, &g0, &next, row, cr, ci);
        V(step)(p, y, &g1, &next, row, cr, ci);
        V(step)(p, y, &g2, &next, row, cr, ci);
        V(step)(p, y, &g3, &next, row, cr, ci);
    }
}

#undef V
