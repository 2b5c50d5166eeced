/* train_net.h - the network train.c trains, a whole mini-batch at a time. No MPI in here.
 *
 * 64 pixels -> `hidden` units (ReLU) -> 10 outputs (softmax), cross-entropy loss. The
 * weights live in one flat vector of doubles (so one MPI_Allreduce can add all the
 * gradients at once); a net is a set of named views into such a vector.
 *
 * The batch is computed as matrix products, in loops whose innermost index walks memory
 * in order and is not the index being summed over: the compiler turns them into vector
 * instructions without reordering any sum. Each number is therefore added up in the same
 * order as in a sample-by-sample loop, and the results are the same bit for bit.
 */
#ifndef TRAIN_NET_H
#define TRAIN_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv.h"

enum { PIXELS = 64, CLASSES = 10 };

typedef struct {
    int hidden;
    double *w1; /* PIXELS x hidden: w1[j * hidden + i] weighs pixel j into unit i */
    double *b1; /* hidden */
    double *w2; /* hidden x CLASSES: w2[i * CLASSES + o] weighs unit i into output o */
    double *b2; /* CLASSES */
} net;

/* How many doubles a net with `hidden` units needs, and the views into such a vector. */
int net_size(int hidden);
net net_view(double *v, int hidden);

/* He initialisation (weights N(0, 2 / inputs), biases 0), from the seed's stream 1. */
void net_init(net *m, uint64_t seed);

/* Room for up to `capacity` samples, and the scratch space of the passes. */
typedef struct {
    int capacity, count;
    double *x;     /* count x PIXELS: the images */
    int *label;    /* count: their digits */
    double *h;     /* count x hidden: the hidden units' outputs */
    double *p;     /* count x CLASSES: the outputs, then d loss / d output */
    double *dh;    /* count x hidden: d loss / d hidden unit */
    double *w2t;   /* CLASSES x hidden: w2 transposed, for the backward pass */
    int *term;     /* scratch: the terms of a sum that are not 0, */
    double *value; /* and their coefficients */
} net_batch;

void net_batch_alloc(net_batch *b, int hidden, int capacity);
void net_batch_free(net_batch *b);

/* The samples rows[lo..hi) of table (PIXELS + 1 numbers a row: the pixels, then the digit)
 * through the network, b->capacity at a time: adds their loss, -log p(digit), to *loss and
 * the number whose most likely output is their digit to *right. With g, also the backward
 * pass: the gradient of the summed loss is ADDED to g. */
void net_run(const net *m, net *g, net_batch *b, const double *table, const int *rows, int lo,
             int hi, double *loss, double *right);

/* Shuffle a[0..n) with the seed's stream (the same order on every rank). */
void net_shuffle(int *a, int n, uint64_t seed, uint64_t stream);

/* Does a table read from a file have the digits' shape (PIXELS + 1 numbers a row, the last
 * a digit 0..9)? If not, one line naming path and the problem goes into err. */
bool net_check_digits(const csv_table *t, const char *path, char *err, size_t err_len);

/* One epoch's numbers, as train prints them and writes them with --curve. */
typedef struct {
    double loss, train_accuracy, test_accuracy;
} epoch_result;

/* Collective, sends messages: rank 0 writes the curve as CSV (epoch,loss,train_accuracy,
 * test_accuracy) at full precision, whole or not at all; if that fails, every rank exits 2
 * (mpit_agree). */
void net_write_curve(const char *path, const epoch_result *curve, int epochs, int world_rank);

/* FNV-1a over the bytes of n doubles: equal checksums, (almost surely) equal weights. */
uint64_t net_checksum(const double *v, int n);

#endif
