/* train.c - data-parallel training, the Horovod pattern, in plain C and MPI.
 *
 *   mpiexec -n 2 ./train                       (UCI digits, 20 epochs, under a second)
 *   mpiexec -n 4 ./train --epochs 10 --batch 64 --lr 0.3 --allreduce ring --curve c.csv
 *
 * The model: 64 pixels -> one hidden layer (ReLU) -> 10 outputs (softmax), trained with
 * mini-batch SGD on the UCI handwritten digits (data/digits.csv.gz), 80% train, 20% test.
 *
 * Protocol. Every rank holds a full copy (a replica) of the network.
 *  1. Rank 0 draws the initial weights and broadcasts them: all replicas start equal.
 *  2. Every epoch all ranks shuffle the training set with the same seed, so they agree on
 *     the global batches. Each rank takes its slice of the batch (B/size samples) and adds
 *     up the gradients of the loss over its slice.
 *  3. One MPI_Allreduce sums the gradients of all ranks (Horovod's step); everybody divides
 *     by B and applies the same update, so the replicas stay equal without ever sending
 *     weights again. --allreduce ring does step 3 with the hand-written ring allreduce
 *     (common/ring_allreduce.h) instead of MPI's.
 * A global batch is the same set of samples whatever the rank count: runs at -n 1 and -n 4
 * differ only in the order the gradient sums are added, i.e. in the last bits.
 *
 *   epoch 20: loss 0.0629, train accuracy 0.9875, test accuracy 0.9666
 *   rank 1: weights checksum 05810c1630976eb2
 *   train: OK, test accuracy 0.9666 >= 0.95, all 2 ranks hold identical weights
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csv.h"
#include "mpit.h"
#include "ring_allreduce.h"
#include "rng.h"
#include "stopwatch.h"

#ifndef MPIT_DATA_DIR
#define MPIT_DATA_DIR "data"
#endif
enum { PIXELS = 64, CLASSES = 10 };

typedef struct { /* views into one flat vector, so one call can reduce all of it */
    int hidden;
    double *w1, *b1, *w2, *b2; /* hidden x PIXELS, hidden, CLASSES x hidden, CLASSES */
} net;

static int net_size(int hidden) { return hidden * PIXELS + hidden + CLASSES * hidden + CLASSES; }

static net net_view(double *v, int hidden)
{
    net m = {hidden, v, v + hidden * PIXELS, v + hidden * (PIXELS + 1), NULL};
    m.b2 = m.w2 + CLASSES * hidden;
    return m;
}

/* One sample forward; with g, also backward (gradients ADDED to g). Returns the loss
 * -log p(label) and sets *right if the most likely class is the label. */
static double sample(const net *m, net *g, const double *x, int label, double *h, bool *right)
{
    double z[CLASSES], top = -INFINITY, sum = 0;
    for (int i = 0; i < m->hidden; i++) {
        double a = m->b1[i];
        for (int j = 0; j < PIXELS; j++)
            a += m->w1[i * PIXELS + j] * x[j];
        h[i] = a > 0 ? a : 0;
    }
    int best = 0;
    for (int o = 0; o < CLASSES; o++) {
        z[o] = m->b2[o];
        for (int i = 0; i < m->hidden; i++)
            z[o] += m->w2[o * m->hidden + i] * h[i];
        if (z[o] > top) {
            top = z[o];
            best = o;
        }
    }
    for (int o = 0; o < CLASSES; o++)
        sum += (z[o] = exp(z[o] - top)); /* softmax, shifted so exp cannot overflow */
    *right = best == label;
    double loss = -log(z[label] / sum);
    if (!g)
        return loss;
    for (int o = 0; o < CLASSES; o++) { /* d loss / d z = p - onehot(label) */
        double dz = z[o] / sum - (o == label);
        g->b2[o] += dz;
        for (int i = 0; i < m->hidden; i++)
            g->w2[o * m->hidden + i] += dz * h[i];
    }
    for (int i = 0; i < m->hidden; i++) {
        if (h[i] <= 0)
            continue; /* ReLU passes no gradient where it was off */
        double dh = 0;
        for (int o = 0; o < CLASSES; o++)
            dh += (z[o] / sum - (o == label)) * m->w2[o * m->hidden + i];
        g->b1[i] += dh;
        for (int j = 0; j < PIXELS; j++)
            g->w1[i * PIXELS + j] += dh * x[j];
    }
    return loss;
}

/* Rank 0 reads the CSV (64 pixels 0..16, then the digit) and broadcasts it. */
static csv_table load_digits(const char *path, int world_rank)
{
    csv_table t = {0};
    char err[512] = "";
    bool ok = world_rank != 0 || csv_read_file(path, 0, &t, err, sizeof err);
    if (ok && world_rank == 0 && t.cols != PIXELS + 1) {
        snprintf(err, sizeof err, "%s: %zu columns, expected %d (64 pixels and the digit)", path,
                 t.cols, PIXELS + 1);
        ok = false;
    }
    for (size_t r = 0; ok && r < t.rows; r++) {
        double digit = t.values[r * t.cols + PIXELS];
        if (digit != floor(digit) || digit < 0 || digit >= CLASSES) {
            snprintf(err, sizeof err, "%s: record %zu: label %g is not a digit 0..9", path, r + 1,
                     digit);
            ok = false;
        }
    }
    mpit_agree(ok, "%s", err);
    uint64_t rows = t.rows;
    /* The size first, so the others can make room; then the numbers themselves. */
    MPIT_CHECK(MPI_Bcast(&rows, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
    if (world_rank != 0)
        t = (csv_table){mpit_xmalloc(rows * (PIXELS + 1) * sizeof(double)), rows, PIXELS + 1};
    MPIT_CHECK(MPI_Bcast(t.values, (int)(rows * (PIXELS + 1)), MPI_DOUBLE, 0, MPI_COMM_WORLD));
    for (size_t i = 0; i < rows * (PIXELS + 1); i++)
        if (i % (PIXELS + 1) != PIXELS)
            t.values[i] /= 16.0; /* pixels to 0..1 */
    return t;
}

/* FNV-1a over the bytes of the weights: equal checksums, (almost surely) equal weights. */
static uint64_t checksum(const double *v, int n)
{
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    const unsigned char *byte = (const unsigned char *)v;
    for (size_t i = 0; i < (size_t)n * sizeof *v; i++)
        hash = (hash ^ byte[i]) * UINT64_C(0x100000001b3);
    return hash;
}

static void shuffle(int *a, int n, uint64_t seed, uint64_t stream)
{
    rng_stream r;
    rng_init(&r, seed, stream);
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_range(&r, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* Loss and right answers summed over the samples idx[lo..hi), forward only. */
static void evaluate(const net *m, const csv_table *t, const int *idx, int lo, int hi, double *h,
                     double sums[2])
{
    sums[0] = sums[1] = 0;
    for (int s = lo; s < hi; s++) {
        bool right;
        const double *row = t->values + (size_t)idx[s] * t->cols;
        sums[0] += sample(m, NULL, row, (int)row[PIXELS], h, &right);
        sums[1] += right;
    }
}

int main(int argc, char **argv)
{
    int epochs = 20, batch = 32, hidden = 32;
    double lr = 0.2, target = 0.95;
    int64_t seed = 1;
    const char *data = MPIT_DATA_DIR "/digits.csv.gz", *allreduce = "mpi", *curve = NULL;
    /* clang-format off */
    cli_option options[] = {
        {.name = "epochs", .metavar = "E", .type = CLI_INT, .value = &epochs, .env = "EPOCHS",
         .min = 1, .max = 10000, .help = "passes over the training set"},
        {.name = "batch", .metavar = "B", .type = CLI_INT, .value = &batch, .env = "BATCH",
         .min = 1, .max = 100000,
         .help = "global batch: samples per update, split across the ranks"},
        {.name = "lr", .metavar = "L", .type = CLI_DOUBLE, .value = &lr, .env = "LR", .min = 1e-6,
         .max = 10, .help = "learning rate"},
        {.name = "hidden", .metavar = "H", .type = CLI_INT, .value = &hidden, .min = 1, .max = 4096,
         .help = "units in the hidden layer"},
        {.name = "seed", .metavar = "S", .type = CLI_INT64, .value = &seed, .min = 0, .max = 1e18,
         .help = "seed for the split, the weights and the shuffles"},
        {.name = "data", .type = CLI_STRING, .value = &data, .metavar = "FILE",
         .help = "digits CSV, plain or .gz: 64 pixels then the label"},
        {.name = "allreduce", .metavar = "ALGO", .type = CLI_CHOICE, .value = &allreduce,
         .choices = "mpi|ring", .help = "MPI_Allreduce or the hand-written ring"},
        {.name = "curve", .type = CLI_STRING, .value = &curve, .metavar = "FILE",
         .help = "write epoch,loss,train_accuracy,test_accuracy as CSV"},
        {.name = "target", .metavar = "A", .type = CLI_DOUBLE, .value = &target, .min = 0, .max = 1,
         .help = "test accuracy the verdict requires"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "train",
                     .purpose = "data-parallel SGD of a small network (the Horovod pattern)",
                     .usage = "mpiexec -n N ./train [--epochs E --batch B --lr L]",
                     .options = options};
    /* Join the job: every rank trains the same network on its share of the samples. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    char err[512] = "";
    mpit_agree(!curve || world_rank != 0 || afile_can_create(curve, err, sizeof err), "%s", err);
    csv_table t = load_digits(data, world_rank);
    int n = (int)t.rows, n_test = n / 5, n_train = n - n_test;
    mpit_agree(n_test > 0, "%s: %d records, need at least 5 (a fifth is kept for testing)", data,
               n);
    int *order = mpit_xmalloc((size_t)n * sizeof *order), *test = order, *train = order + n_test;
    for (int i = 0; i < n; i++)
        order[i] = i;
    shuffle(order, n, (uint64_t)seed, 0); /* the same split on every rank */

    int len = net_size(hidden);
    double *params = mpit_xcalloc((size_t)len, sizeof *params),
           *grad = mpit_xcalloc((size_t)len + 2, sizeof *grad);
    double *h = mpit_xmalloc((size_t)hidden * sizeof *h);
    net m = net_view(params, hidden), g = net_view(grad, hidden);
    if (world_rank == 0) { /* He initialisation: N(0, 2 / inputs) */
        rng_stream r;
        rng_init(&r, (uint64_t)seed, 1);
        for (int i = 0; i < hidden * PIXELS; i++)
            m.w1[i] = rng_normal(&r) * sqrt(2.0 / PIXELS);
        for (int i = 0; i < CLASSES * hidden; i++)
            m.w2[i] = rng_normal(&r) * sqrt(2.0 / hidden);
    }
    /* Horovod's broadcast_parameters: the other replicas take rank 0's starting point. */
    MPIT_CHECK(MPI_Bcast(params, len, MPI_DOUBLE, 0, MPI_COMM_WORLD));
    atomic_file f = {0};
    bool ok = world_rank != 0 || !curve || afile_open(&f, curve, err, sizeof err);
    mpit_agree(ok, "%s", err);
    if (f.fp)
        fprintf(f.fp, "epoch,loss,train_accuracy,test_accuracy\n");
    if (world_rank == 0)
        printf("train: %d training and %d test digits, network 64-%d-10 (%d weights), %d ranks, "
               "global batch %d, %s allreduce\n",
               n_train, n_test, hidden, len, world_size, batch, allreduce);

    double test_sums[2] = {0, 0};
    char timer[64];
    snprintf(timer, sizeof timer, "train np=%d %s", world_size, allreduce);
    sw_start(timer);
    for (int epoch = 1; epoch <= epochs; epoch++) {
        shuffle(train, n_train, (uint64_t)seed, (uint64_t)epoch + 1); /* same order everywhere */
        double loss = 0, right = 0;
        for (int start = 0; start < n_train; start += batch) {
            int b = n_train - start < batch ? n_train - start : batch;
            int lo = start + b * world_rank / world_size,
                hi = start + b * (world_rank + 1) / world_size;
            memset(grad, 0, ((size_t)len + 2) * sizeof *grad);
            for (int s = lo; s < hi; s++) {
                bool hit;
                const double *row = t.values + (size_t)train[s] * t.cols;
                grad[len] += sample(&m, &g, row, (int)row[PIXELS], h, &hit);
                grad[len + 1] += hit;
            }
            /* The Horovod step: add up every rank's gradient sums (and, riding along in the
             * last two slots, its loss and right answers) so all ranks see the batch's total. */
            if (strcmp(allreduce, "ring") == 0)
                MPIT_CHECK(ring_allreduce_sum(grad, len + 2, MPI_COMM_WORLD));
            else
                MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, grad, len + 2, MPI_DOUBLE, MPI_SUM,
                                         MPI_COMM_WORLD));
            for (int i = 0; i < len; i++)
                params[i] -= lr * grad[i] / b; /* the mean gradient over the global batch */
            loss += grad[len];
            right += grad[len + 1];
        }
        /* Held-out test set: each rank scores its block, one reduction adds the scores. */
        evaluate(&m, &t, test, n_test * world_rank / world_size,
                 n_test * (world_rank + 1) / world_size, h, test_sums);
        MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, test_sums, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
        if (world_rank == 0)
            printf("epoch %2d: loss %.4f, train accuracy %.4f, test accuracy %.4f\n", epoch,
                   loss / n_train, right / n_train, test_sums[1] / n_test);
        if (f.fp)
            fprintf(f.fp, "%d,%.17g,%.17g,%.17g\n", epoch, loss / n_train, right / n_train,
                    test_sums[1] / n_test);
    }
    sw_stop(timer);
    ok = world_rank != 0 || !curve || afile_commit(&f, err, sizeof err);
    mpit_agree(ok, "%s", err);

    /* Every replica applied the same updates: their weights must be bit-identical. */
    uint64_t mine = checksum(params, len), low, high;
    MPIT_CHECK(MPI_Allreduce(&mine, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Allreduce(&mine, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD));
    printf("rank %d: weights checksum %016llx\n", world_rank, (unsigned long long)mine);
    fflush(stdout);
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD)); /* the checksums before the summary */
    double accuracy = test_sums[1] / n_test;
    if (world_rank == 0) {
        /* The speed goes into the "# csv" line's msg column, where bench/train.bench reads it. */
        char speed[64];
        snprintf(speed, sizeof speed, "%.0f samples/s", (double)epochs * n_train / sw_get(timer));
        sw_message(timer, speed);
        printf("trained %lld samples in %.3f s\n", (long long)epochs * n_train, sw_get(timer));
        sw_benchmark(stdout, "");
    }
    free(order);
    free(params);
    free(grad);
    free(h);
    csv_free(&t);
    int status = mpit_verdict(low == high && accuracy >= target,
                              "test accuracy %.4f %s %.2f, all %d ranks hold %s weights", accuracy,
                              accuracy >= target ? ">=" : "<", target, world_size,
                              low == high ? "identical" : "DIFFERENT");
    MPI_Finalize();
    return status;
}
