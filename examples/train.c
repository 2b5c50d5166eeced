/* train.c - data-parallel training, the Horovod pattern, in plain C and MPI.
 *
 * The model: 64 pixels -> one hidden layer (ReLU) -> 10 outputs (softmax), trained with
 * mini-batch SGD on the UCI handwritten digits (data/digits.csv.gz), 80% train, 20% test.
 * The network's passes are in train_net.c; this file is the parallel training around them.
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
 * differ only in the order the gradient sums are added, i.e. in the last bits. The ranks'
 * weights checksums (left out below) agree in every run, but not between machines: the
 * last bits of the maths library and of the compiled sums differ (x86-64 and 32-bit x86
 * print different ones; docs/12).
 *
 *   $ mpiexec -n 2 ./train --epochs 3 --target 0.9
 *   epoch  1: loss 1.4987, train accuracy 0.5925, test accuracy 0.8802
 *   epoch  2: loss 0.5641, train accuracy 0.8811, test accuracy 0.9359
 *   epoch  3: loss 0.3363, train accuracy 0.9207, test accuracy 0.9359
 *   ...
 *   train: OK, test accuracy 0.9359 >= 0.90, all 2 ranks hold identical weights
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csv.h"
#include "mpit.h"
#include "ring_allreduce.h"
#include "stopwatch.h"
#include "train_net.h"

#ifndef MPIT_DATA_DIR
#define MPIT_DATA_DIR "data"
#endif

/* Rank 0 reads the CSV (64 pixels 0..16, then the digit) and broadcasts it. */
static csv_table load_digits(const char *path, int world_rank)
{
    csv_table t = {0};
    char err[512] = "";
    bool ok = world_rank != 0 || (csv_read_file(path, 0, &t, err, sizeof err) &&
                                  net_check_digits(&t, path, err, sizeof err));
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

int main(int argc, char **argv)
{
    int epochs = 20, batch = 32, hidden = 32;
    double lr = 0.2, target = 0.95;
    int64_t seed = 1;
    const char *data = MPIT_DATA_DIR "/digits.csv.gz", *allreduce = "mpi", *curve = NULL;
    /* clang-format off */
    cli_option options[] = {
        {.name = "epochs", .metavar = "E", .type = CLI_INT, .value = &epochs, .env = "EPOCHS",
         .min = 1, .max = 10000, .help = "passes over the training set (a line each)"},
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
    net_shuffle(order, n, (uint64_t)seed, 0); /* the same split on every rank */

    /* One vector for the one allreduce per batch: the gradient sums, then the batch's loss
     * and its number of right answers, which ride along in two named slots. */
    int len = net_size(hidden);
    double *params = mpit_xmalloc((size_t)len * sizeof *params),
           *sums = mpit_xmalloc(((size_t)len + 2) * sizeof *sums);
    double *batch_loss = sums + len, *batch_right = sums + len + 1;
    net m = net_view(params, hidden), grad = net_view(sums, hidden);
    if (world_rank == 0)
        net_init(&m, (uint64_t)seed);
    /* Horovod's broadcast_parameters: the other replicas take rank 0's starting point. */
    MPIT_CHECK(MPI_Bcast(params, len, MPI_DOUBLE, 0, MPI_COMM_WORLD));
    int slice = (batch < n_train ? batch : n_train) / world_size + 1; /* my largest slice */
    net_batch work;
    net_batch_alloc(&work, hidden, slice);
    epoch_result *history = mpit_xmalloc((size_t)epochs * sizeof *history);
    if (world_rank == 0)
        printf("train: %d training and %d test digits, network 64-%d-10 (%d weights), %d ranks, "
               "global batch %d, %s allreduce\n",
               n_train, n_test, hidden, len, world_size, batch, allreduce);

    struct {
        double loss, right;
    } score = {0, 0}; /* the test set's, summed over the ranks */
    char timer[64];
    snprintf(timer, sizeof timer, "train np=%d %s", world_size, allreduce);
    sw_start(timer);
    for (int epoch = 1; epoch <= epochs; epoch++) {
        /* The same order on every rank, so that all agree on the global batches. */
        net_shuffle(train, n_train, (uint64_t)seed, (uint64_t)epoch + 1);
        double loss = 0, right = 0;
        for (int start = 0; start < n_train; start += batch) {
            int b = n_train - start < batch ? n_train - start : batch;
            memset(sums, 0, ((size_t)len + 2) * sizeof *sums);
            net_run(&m, &grad, &work, t.values, train, start + b * world_rank / world_size,
                    start + b * (world_rank + 1) / world_size, batch_loss, batch_right);
            /* The Horovod step: add up every rank's gradient sums (and the loss and right
             * answers riding along) so that all ranks see the batch's totals. */
            if (strcmp(allreduce, "ring") == 0)
                MPIT_CHECK(ring_allreduce_sum(sums, len + 2, MPI_COMM_WORLD));
            else
                MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, sums, len + 2, MPI_DOUBLE, MPI_SUM,
                                         MPI_COMM_WORLD));
            for (int i = 0; i < len; i++)
                params[i] -= lr * sums[i] / b; /* the mean gradient over the global batch */
            loss += *batch_loss;
            right += *batch_right;
        }
        /* Held-out test set: each rank scores its block, one reduction adds the scores. */
        score.loss = score.right = 0;
        net_run(&m, NULL, &work, t.values, test, n_test * world_rank / world_size,
                n_test * (world_rank + 1) / world_size, &score.loss, &score.right);
        MPIT_CHECK(MPI_Allreduce(MPI_IN_PLACE, &score, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
        epoch_result *e = &history[epoch - 1];
        *e = (epoch_result){loss / n_train, right / n_train, score.right / n_test};
        if (world_rank == 0)
            printf("epoch %2d: loss %.4f, train accuracy %.4f, test accuracy %.4f\n", epoch,
                   e->loss, e->train_accuracy, e->test_accuracy);
    }
    sw_stop(timer);
    if (curve) /* written now, not while training: an interrupted run leaves nothing behind */
        net_write_curve(curve, history, epochs, world_rank);

    /* Every replica applied the same updates: their weights must be bit-identical. Rank 0
     * collects the checksums and prints them in rank order (lines printed by several ranks
     * reach the terminal in no guaranteed order). */
    uint64_t mine = net_checksum(params, len);
    uint64_t *all = world_rank == 0 ? mpit_xmalloc((size_t)world_size * sizeof *all) : NULL;
    MPIT_CHECK(MPI_Gather(&mine, 1, MPI_UINT64_T, all, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
    bool identical = true;
    for (int r = 0; world_rank == 0 && r < world_size; r++) {
        printf("rank %d: weights checksum %016llx\n", r, (unsigned long long)all[r]);
        identical = identical && all[r] == all[0];
    }
    double accuracy = score.right / n_test;
    if (world_rank == 0) {
        /* The speed goes into the "# csv" line's msg column, where bench/train.bench reads it. */
        char speed[64];
        snprintf(speed, sizeof speed, "%.0f samples/s", (double)epochs * n_train / sw_get(timer));
        sw_message(timer, speed);
        printf("trained %lld samples in %.3f s\n", (long long)epochs * n_train, sw_get(timer));
        sw_benchmark(stdout, "train");
    }
    free(all);
    free(history);
    free(order);
    free(params);
    free(sums);
    net_batch_free(&work);
    csv_free(&t);
    int status = mpit_verdict(identical && accuracy >= target,
                              "test accuracy %.4f %s %.2f, all %d ranks hold %s weights", accuracy,
                              accuracy >= target ? ">=" : "<", target, world_size,
                              identical ? "identical" : "DIFFERENT");
    MPI_Finalize();
    return status;
}
