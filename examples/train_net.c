/* train_net.c - the network's forward and backward passes over a mini-batch; see train_net.h.
 *
 * Layout. Samples are rows (x: count x PIXELS, h: count x hidden), and both weight matrices
 * are stored input-major (w1: PIXELS x hidden, w2: hidden x CLASSES), so every product is a
 * sum of rows: h[s] += x[s][j] * w1[j] for each pixel j. The innermost loop then runs along
 * a row of a weight matrix and a row of the batch, both contiguous, and it sums over
 * nothing, so the compiler vectorises it without reordering a single addition.
 *
 * Zeros are skipped: a pixel that is 0 (about half of every digit) or a hidden unit the ReLU
 * switched off adds nothing to a sum, so its row is not added at all. Adding x * 0 would
 * not change any number the network uses, so the results are the same as without the skip.
 */
#include "train_net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "mpit.h"
#include "rng.h"

int net_size(int hidden) { return PIXELS * hidden + hidden + hidden * CLASSES + CLASSES; }

net net_view(double *v, int hidden)
{
    net m = {.hidden = hidden, .w1 = v, .b1 = v + PIXELS * hidden};
    m.w2 = m.b1 + hidden;
    m.b2 = m.w2 + hidden * CLASSES;
    return m;
}

void net_init(net *m, uint64_t seed)
{
    int hidden = m->hidden;
    memset(m->w1, 0, (size_t)net_size(hidden) * sizeof *m->w1); /* the whole vector */
    rng_stream r;
    rng_init(&r, seed, 1);
    /* Unit by unit, its weight from every input (the order of the draws fixes the network). */
    for (int i = 0; i < hidden; i++)
        for (int j = 0; j < PIXELS; j++)
            m->w1[j * hidden + i] = rng_normal(&r) * sqrt(2.0 / PIXELS);
    for (int o = 0; o < CLASSES; o++)
        for (int i = 0; i < hidden; i++)
            m->w2[i * CLASSES + o] = rng_normal(&r) * sqrt(2.0 / hidden);
}

void net_batch_alloc(net_batch *b, int hidden, int capacity)
{
    size_t rows = capacity > 0 ? (size_t)capacity : 1;
    *b = (net_batch){.capacity = capacity};
    b->x = mpit_xmalloc(rows * PIXELS * sizeof *b->x);
    b->label = mpit_xmalloc(rows * sizeof *b->label);
    b->h = mpit_xmalloc(rows * (size_t)hidden * sizeof *b->h);
    b->p = mpit_xmalloc(rows * CLASSES * sizeof *b->p);
    b->dh = mpit_xmalloc(rows * (size_t)hidden * sizeof *b->dh);
    b->w2t = mpit_xmalloc((size_t)CLASSES * (size_t)hidden * sizeof *b->w2t);
    size_t most = rows > (size_t)hidden ? rows : (size_t)hidden; /* the longest sum */
    most = most > PIXELS ? most : PIXELS;
    b->term = mpit_xmalloc(most * sizeof *b->term);
    b->value = mpit_xmalloc(most * sizeof *b->value);
}

void net_batch_free(net_batch *b)
{
    free(b->x);
    free(b->label);
    free(b->h);
    free(b->p);
    free(b->dh);
    free(b->w2t);
    free(b->term);
    free(b->value);
}

/* Copy count (<= capacity) samples into the batch: sample s is row rows[s] of the table. */
static void load(net_batch *b, const double *table, const int *rows, int count)
{
    b->count = count;
    for (int s = 0; s < count; s++) {
        const double *row = table + (size_t)rows[s] * (PIXELS + 1);
        memcpy(b->x + (size_t)s * PIXELS, row, PIXELS * sizeof *row);
        b->label[s] = (int)row[PIXELS];
    }
}

/* x86-64 machines differ in their vector units (SSE2 everywhere, AVX2, AVX-512): build the
 * hot loops once for each, and let the program pick the widest the CPU has when it starts.
 * Elsewhere (ARM, other compilers) the plain build is the only one. The same numbers either
 * way: the loops never reorder a sum, and no multiply-add is fused (CMakeLists.txt). */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

/* out[c] += sum over k < count of coef[k * step] * rows[k * n + c], for every column c < n,
 * adding k in order: the one product every pass below is made of. The terms whose
 * coefficient is not 0 are listed first (without a branch, which the CPU could not predict);
 * then four rows at a time are added into out, left to right, in a loop over the columns
 * that the compiler turns into vector instructions. */
static inline void accumulate(double *restrict out, int n, const double *restrict coef, int step,
                              const double *restrict rows, int count, net_batch *b)
{
    int *term = b->term, used = 0;
    double *value = b->value;
    for (int k = 0; k < count; k++) {
        term[used] = k;
        value[used] = coef[(size_t)k * (size_t)step];
        used += value[used] != 0;
    }
    int u = 0;
    for (; u + 4 <= used; u += 4) {
        const double *r0 = rows + (size_t)term[u] * (size_t)n,
                     *r1 = rows + (size_t)term[u + 1] * (size_t)n,
                     *r2 = rows + (size_t)term[u + 2] * (size_t)n,
                     *r3 = rows + (size_t)term[u + 3] * (size_t)n;
        double a0 = value[u], a1 = value[u + 1], a2 = value[u + 2], a3 = value[u + 3];
        for (int i = 0; i < n; i++)
            out[i] = out[i] + a0 * r0[i] + a1 * r1[i] + a2 * r2[i] + a3 * r3[i];
    }
    for (; u < used; u++) {
        const double *r = rows + (size_t)term[u] * (size_t)n;
        for (int i = 0; i < n; i++)
            out[i] += value[u] * r[i];
    }
}

/* h = ReLU(x w1 + b1), then p = h w2 + b2 (the outputs before the softmax). */
VECTOR_CLONES static void forward(const net *m, net_batch *b)
{
    int hidden = m->hidden;
    for (int s = 0; s < b->count; s++) {
        const double *x = b->x + (size_t)s * PIXELS;
        double *h = b->h + (size_t)s * (size_t)hidden, *z = b->p + (size_t)s * CLASSES;
        memcpy(h, m->b1, (size_t)hidden * sizeof *h);
        accumulate(h, hidden, x, 1, m->w1, PIXELS, b);
        for (int i = 0; i < hidden; i++)
            h[i] = h[i] > 0 ? h[i] : 0;
        memcpy(z, m->b2, CLASSES * sizeof *z);
        accumulate(z, CLASSES, h, 1, m->w2, hidden, b);
    }
}

/* Softmax and loss of one sample's outputs z; z becomes d loss / d z = p - onehot(label)
 * when want_gradient. */
static void softmax(double *z, int label, bool want_gradient, double *loss, double *right)
{
    double top = -INFINITY, sum = 0;
    int best = 0;
    for (int o = 0; o < CLASSES; o++)
        if (z[o] > top) {
            top = z[o];
            best = o;
        }
    for (int o = 0; o < CLASSES; o++)
        sum += (z[o] = exp(z[o] - top)); /* shifted so that exp cannot overflow */
    *loss += -log(z[label] / sum);
    *right += best == label;
    for (int o = 0; want_gradient && o < CLASSES; o++)
        z[o] = z[o] / sum - (o == label);
}

/* The gradients of the batch's summed loss, added to g. p holds d loss / d z. Each gradient
 * is a sum over the samples, added in sample order. */
VECTOR_CLONES static void backward(const net *m, net *g, net_batch *b)
{
    int hidden = m->hidden, count = b->count;
    for (int i = 0; i < hidden; i++) /* w2 transposed: its rows are what dh sums */
        for (int o = 0; o < CLASSES; o++)
            b->w2t[o * hidden + i] = m->w2[i * CLASSES + o];
    for (int s = 0; s < count; s++) {
        const double *dz = b->p + (size_t)s * CLASSES, *h = b->h + (size_t)s * (size_t)hidden;
        double *dh = b->dh + (size_t)s * (size_t)hidden;
        memset(dh, 0, (size_t)hidden * sizeof *dh);
        accumulate(dh, hidden, dz, 1, b->w2t, CLASSES, b);
        for (int i = 0; i < hidden; i++)
            dh[i] = h[i] != 0 ? dh[i] : 0; /* no gradient through a unit the ReLU switched off */
        for (int o = 0; o < CLASSES; o++)
            g->b2[o] += dz[o];
        for (int i = 0; i < hidden; i++)
            g->b1[i] += dh[i];
    }
    for (int i = 0; i < hidden; i++) /* row i of w2: unit i's output times each sample's dz */
        accumulate(g->w2 + (size_t)i * CLASSES, CLASSES, b->h + i, hidden, b->p, count, b);
    for (int j = 0; j < PIXELS; j++) /* row j of w1: pixel j times each sample's dh */
        accumulate(g->w1 + (size_t)j * (size_t)hidden, hidden, b->x + j, PIXELS, b->dh, count, b);
}

static void pass(const net *m, net *g, net_batch *b, double *loss, double *right)
{
    forward(m, b);
    for (int s = 0; s < b->count; s++)
        softmax(b->p + (size_t)s * CLASSES, b->label[s], g != NULL, loss, right);
    if (g)
        backward(m, g, b);
}

void net_run(const net *m, net *g, net_batch *b, const double *table, const int *rows, int lo,
             int hi, double *loss, double *right)
{
    for (int s = lo; s < hi; s += b->capacity) {
        load(b, table, rows + s, hi - s < b->capacity ? hi - s : b->capacity);
        pass(m, g, b, loss, right);
    }
}

void net_shuffle(int *a, int n, uint64_t seed, uint64_t stream)
{
    rng_stream r;
    rng_init(&r, seed, stream);
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_range(&r, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

bool net_check_digits(const csv_table *t, const char *path, char *err, size_t err_len)
{
    if (t->cols != PIXELS + 1) {
        snprintf(err, err_len, "%s: %zu columns, expected %d (64 pixels and the digit)", path,
                 t->cols, PIXELS + 1);
        return false;
    }
    for (size_t r = 0; r < t->rows; r++) {
        double digit = t->values[r * t->cols + PIXELS];
        if (digit != floor(digit) || digit < 0 || digit >= CLASSES) {
            snprintf(err, err_len, "%s: record %zu: label %g is not a digit 0..9", path, r + 1,
                     digit);
            return false;
        }
    }
    return true;
}

void net_write_curve(const char *path, const epoch_result *curve, int epochs, int world_rank)
{
    char err[512] = "";
    atomic_file f;
    bool ok = world_rank != 0 || afile_open(&f, path, err, sizeof err);
    if (world_rank == 0 && ok) {
        fprintf(f.fp, "epoch,loss,train_accuracy,test_accuracy\n");
        for (int e = 0; e < epochs; e++)
            fprintf(f.fp, "%d,%.17g,%.17g,%.17g\n", e + 1, curve[e].loss, curve[e].train_accuracy,
                    curve[e].test_accuracy);
        ok = afile_commit(&f, err, sizeof err);
    }
    mpit_agree(ok, "%s", err);
}

uint64_t net_checksum(const double *v, int n)
{
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    const unsigned char *byte = (const unsigned char *)v;
    for (size_t i = 0; i < (size_t)n * sizeof *v; i++)
        hash = (hash ^ byte[i]) * UINT64_C(0x100000001b3);
    return hash;
}
