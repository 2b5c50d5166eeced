/* ring_allreduce.c - a pipelined ring, recursive doubling for short vectors, recursive
 * halving for long ones on 4, 8, 16, ... ranks; see ring_allreduce.h. */
#include "ring_allreduce.h"

#include <stdbool.h>
#include <stdlib.h>

enum { WINDOW = 4 }; /* segments the ring receives ahead of the one being added */

/* Chunk c of p covers [start(c), start(c+1)): sizes differ by at most one element. */
static int chunk_start(int c, int count, int p) { return (int)((long long)count * c / p); }

static void add_into(double *data, const double *incoming, int n)
{
    for (int i = 0; i < n; i++)
        data[i] += incoming[i];
}

/* --- the ring, pipelined -------------------------------------------------------------------
 * The 2 (p-1) steps each move one chunk, as `segments` messages: message m is segment
 * m % segments of step m / segments, so every rank sends and receives messages 0, 1, 2, ...
 * in the same order (one tag is enough: MPI keeps messages between two ranks in order).
 * What arrives in step s is what leaves in step s+1, so message m + segments is sent as soon
 * as message m has arrived (and, in the reduce-scatter, been added). */
typedef struct {
    double *data;
    int count, rank, p, left, right;
    MPI_Comm comm;
    int segments;        /* messages per chunk */
    int reduce_messages; /* (p-1) * segments: the reduce-scatter's; the allgather's follow */
    int window;          /* receives posted ahead of the one being waited for */
    int longest;         /* doubles in the longest segment */
    double *incoming;    /* window buffers of `longest` doubles: reduce-scatter arrivals */
    MPI_Request *sends, *receives; /* one per message */
} ring;

static int modulo(int a, int p) { return ((a % p) + p) % p; }

/* Where segment m % segments of chunk c lies: n doubles from data + at. */
static void segment_of(const ring *r, int c, int m, int *at, int *n)
{
    int j = m % r->segments;
    int start = chunk_start(c, r->count, r->p), len = chunk_start(c + 1, r->count, r->p) - start;
    int from = (int)((long long)len * j / r->segments);
    *at = start + from;
    *n = (int)((long long)len * (j + 1) / r->segments) - from;
}

/* The chunks of message m: the one this rank sends, and the one it receives. */
static int sent_chunk(const ring *r, int m)
{
    int step = m / r->segments, p = r->p;
    return step < p - 1 ? modulo(r->rank - step, p) : modulo(r->rank + 1 - (step - (p - 1)), p);
}

static int received_chunk(const ring *r, int m)
{
    int step = m / r->segments, p = r->p;
    return step < p - 1 ? modulo(r->rank - step - 1, p) : modulo(r->rank - (step - (p - 1)), p);
}

static double *spare_buffer(const ring *r, int m)
{
    return r->incoming + (size_t)(m % r->window) * (size_t)r->longest;
}

static int post_send(ring *r, int m)
{
    int at, n;
    segment_of(r, sent_chunk(r, m), m, &at, &n);
    return MPI_Isend(r->data + at, n, MPI_DOUBLE, r->right, RING_TAG, r->comm, &r->sends[m]);
}

/* Reduce-scatter arrivals go to a spare buffer, to be added; allgather arrivals straight to
 * their place, once the reduce-scatter send that read that place has completed. */
static int post_receive(ring *r, int m)
{
    int at, n, rc = MPI_SUCCESS;
    segment_of(r, received_chunk(r, m), m, &at, &n);
    double *into = spare_buffer(r, m);
    if (m >= r->reduce_messages) {
        into = r->data + at;
        rc = MPI_Wait(&r->sends[m - r->reduce_messages], MPI_STATUS_IGNORE);
    }
    if (rc == MPI_SUCCESS)
        rc = MPI_Irecv(into, n, MPI_DOUBLE, r->left, RING_TAG, r->comm, &r->receives[m]);
    return rc;
}

static int run_ring(ring *r)
{
    int rc = MPI_SUCCESS, messages = 2 * r->reduce_messages;
    for (int m = 0; m < r->segments && rc == MPI_SUCCESS; m++)
        rc = post_send(r, m); /* step 0: this rank's own chunk */
    for (int m = 0; m < r->window && rc == MPI_SUCCESS; m++)
        rc = post_receive(r, m);
    for (int m = 0; m < messages && rc == MPI_SUCCESS; m++) {
        rc = MPI_Wait(&r->receives[m], MPI_STATUS_IGNORE);
        if (rc == MPI_SUCCESS && m < r->reduce_messages) {
            int at, n;
            segment_of(r, received_chunk(r, m), m, &at, &n);
            add_into(r->data + at, spare_buffer(r, m), n);
        }
        if (rc == MPI_SUCCESS && m + r->segments < messages)
            rc = post_send(r, m + r->segments); /* what just arrived goes on round the ring */
        if (rc == MPI_SUCCESS && m + r->window < messages)
            rc = post_receive(r, m + r->window);
    }
    /* (One MPI_Wait each: MPICH's MPI_Waitall prototype makes GCC warn about
     * MPI_STATUSES_IGNORE.) */
    for (int m = 0; m < messages && rc == MPI_SUCCESS; m++)
        rc = MPI_Wait(&r->sends[m], MPI_STATUS_IGNORE);
    return rc;
}

int ring_allreduce_sum_ring(double *data, int count, MPI_Comm comm)
{
    ring r = {.data = data, .count = count, .comm = comm};
    int rc;
    if ((rc = MPI_Comm_rank(comm, &r.rank)) != MPI_SUCCESS ||
        (rc = MPI_Comm_size(comm, &r.p)) != MPI_SUCCESS)
        return rc;
    if (r.p == 1 || count == 0)
        return MPI_SUCCESS;
    r.right = (r.rank + 1) % r.p, r.left = (r.rank - 1 + r.p) % r.p;
    int largest = chunk_start(1, count, r.p) + 1; /* no chunk is longer than this */
    r.segments = (largest + RING_SEGMENT - 1) / RING_SEGMENT;
    r.reduce_messages = (r.p - 1) * r.segments;
    r.longest = (largest + r.segments - 1) / r.segments;
    /* An allgather receive may be posted only once the reduce-scatter send that read its
     * place has completed (post_receive waits for it). A window within the reduce-scatter's
     * (p-1) * segments messages never waits before the first message has arrived: waiting
     * earlier cost 7% at 4 ranks. */
    r.window = WINDOW < r.reduce_messages ? WINDOW : r.reduce_messages;
    size_t messages = 2 * (size_t)r.reduce_messages;
    r.sends = malloc(messages * sizeof *r.sends);
    r.receives = malloc(messages * sizeof *r.receives);
    r.incoming = malloc((size_t)r.window * (size_t)r.longest * sizeof *r.incoming);
    if (r.sends && r.receives && r.incoming) {
        for (size_t m = 0; m < messages; m++)
            r.sends[m] = r.receives[m] = MPI_REQUEST_NULL;
        rc = run_ring(&r);
    } else {
        rc = MPI_ERR_NO_MEM;
    }
    free(r.sends), free(r.receives), free(r.incoming);
    return rc;
}

/* --- recursive doubling, for short vectors ------------------------------------------------- */

/* Recursive doubling and halving pair ranks up among the largest power of two p2 <= p ranks.
 * Ranks p2 .. p-1 hand their vector to rank - p2 before and take the result back after. */
static int largest_power_of_two(int p)
{
    int p2 = 1;
    while (p2 <= p / 2)
        p2 *= 2;
    return p2;
}

/* Who this rank is among the paired ranks: its rank, p2, and extra = p - p2. *done is set
 * when nothing is left for it to do: one rank, an empty vector, or a rank beyond p2, which
 * has handed its vector over and received the sum. */
static int pair_up(double *data, int count, MPI_Comm comm, int *rank, int *p2, int *extra,
                   bool *done)
{
    int p, rc;
    *done = true;
    if ((rc = MPI_Comm_rank(comm, rank)) != MPI_SUCCESS ||
        (rc = MPI_Comm_size(comm, &p)) != MPI_SUCCESS || p == 1 || count == 0)
        return rc;
    *p2 = largest_power_of_two(p), *extra = p - *p2;
    if (*rank >= *p2) {
        rc = MPI_Send(data, count, MPI_DOUBLE, *rank - *p2, RING_TAG, comm);
        if (rc == MPI_SUCCESS)
            rc = MPI_Recv(data, count, MPI_DOUBLE, *rank - *p2, RING_TAG, comm, MPI_STATUS_IGNORE);
        return rc;
    }
    *done = false;
    return MPI_SUCCESS;
}

/* For a rank below extra: add the vector of rank + p2 into its own before, and send it the
 * sum after. */
static int take_over(double *data, double *incoming, int count, int rank, int p2, MPI_Comm comm)
{
    int rc = MPI_Recv(incoming, count, MPI_DOUBLE, rank + p2, RING_TAG, comm, MPI_STATUS_IGNORE);
    if (rc == MPI_SUCCESS)
        add_into(data, incoming, count);
    return rc;
}

static int hand_back(double *data, int count, int rank, int p2, MPI_Comm comm)
{
    return MPI_Send(data, count, MPI_DOUBLE, rank + p2, RING_TAG, comm);
}

int ring_allreduce_sum_doubling(double *data, int count, MPI_Comm comm)
{
    int rank, p2, extra;
    bool done;
    int rc = pair_up(data, count, comm, &rank, &p2, &extra, &done);
    if (rc != MPI_SUCCESS || done)
        return rc;
    double small[256], *incoming = count <= 256 ? small : malloc((size_t)count * sizeof *incoming);
    if (!incoming)
        return MPI_ERR_NO_MEM;
    if (rank < extra)
        rc = take_over(data, incoming, count, rank, p2, comm);
    /* Exchange with rank XOR 1, 2, 4, ...: after the step with XOR k, each rank holds the sum
     * over a group of 2k ranks; both partners add the same two vectors. */
    for (int k = 1; k < p2 && rc == MPI_SUCCESS; k *= 2) {
        rc = MPI_Sendrecv(data, count, MPI_DOUBLE, rank ^ k, RING_TAG, incoming, count, MPI_DOUBLE,
                          rank ^ k, RING_TAG, comm, MPI_STATUS_IGNORE);
        if (rc == MPI_SUCCESS)
            add_into(data, incoming, count);
    }
    if (rc == MPI_SUCCESS && rank < extra)
        rc = hand_back(data, count, rank, p2, comm);
    if (incoming != small)
        free(incoming);
    return rc;
}

/* --- recursive halving, then doubling (Rabenseifner) ---------------------------------------
 * Among the largest power of two p2 <= p ranks (the others fold in as in recursive doubling):
 * in the reduce-scatter, each step halves the part a rank is responsible for, exchanging
 * the other half with rank XOR p2/2, p2/4, ..., 1 and adding what arrives; then each rank
 * holds 1/p2 of the sum, which the allgather doubles back in reverse order. Each rank sends
 * 2 (p2-1)/p2 of the vector, as in the ring, in 2 log2(p2) steps instead of 2 (p-1). */
enum { MAX_LEVELS = 31 };

int ring_allreduce_sum_halving(double *data, int count, MPI_Comm comm)
{
    int rank, p2, extra;
    bool done;
    int rc = pair_up(data, count, comm, &rank, &p2, &extra, &done);
    if (rc != MPI_SUCCESS || done)
        return rc;
    double *incoming = malloc(((size_t)count + 1) * sizeof *incoming);
    if (!incoming)
        return MPI_ERR_NO_MEM;
    if (rank < extra)
        rc = take_over(data, incoming, count, rank, p2, comm);
    /* lo[l], hi[l]: the part this rank is responsible for before step l; the lower rank of
     * each pair keeps the lower half, so rank r ends with part r of p2, in order. */
    int lo[MAX_LEVELS + 1], hi[MAX_LEVELS + 1], levels = 0;
    lo[0] = 0, hi[0] = count;
    for (int mask = p2 / 2; mask >= 1 && rc == MPI_SUCCESS; mask /= 2, levels++) {
        int mid = lo[levels] + (hi[levels] - lo[levels]) / 2;
        bool lower = (rank & mask) == 0;
        int keep_at = lower ? lo[levels] : mid,
            keep_n = lower ? mid - lo[levels] : hi[levels] - mid;
        int give_at = lower ? mid : lo[levels], give_n = hi[levels] - lo[levels] - keep_n;
        rc = MPI_Sendrecv(data + give_at, give_n, MPI_DOUBLE, rank ^ mask, RING_TAG, incoming,
                          keep_n, MPI_DOUBLE, rank ^ mask, RING_TAG, comm, MPI_STATUS_IGNORE);
        if (rc == MPI_SUCCESS)
            add_into(data + keep_at, incoming, keep_n);
        lo[levels + 1] = keep_at, hi[levels + 1] = keep_at + keep_n;
    }
    /* The allgather: the same pairs in reverse order; each sends the part it holds and
     * receives its partner's, the other half of the part one level up, in place. */
    for (int l = levels - 1, mask = 1; l >= 0 && rc == MPI_SUCCESS; l--, mask *= 2) {
        int mine_at = lo[l + 1], mine_n = hi[l + 1] - lo[l + 1];
        int theirs_at = mine_at == lo[l] ? hi[l + 1] : lo[l];
        int theirs_n = hi[l] - lo[l] - mine_n;
        rc = MPI_Sendrecv(data + mine_at, mine_n, MPI_DOUBLE, rank ^ mask, RING_TAG,
                          data + theirs_at, theirs_n, MPI_DOUBLE, rank ^ mask, RING_TAG, comm,
                          MPI_STATUS_IGNORE);
    }
    if (rc == MPI_SUCCESS && rank < extra)
        rc = hand_back(data, count, rank, p2, comm);
    free(incoming);
    return rc;
}

long long ring_allreduce_short_limit(int ranks)
{
    int log2p = 0;
    while (log2p < 30 && 2 << log2p <= ranks)
        log2p++;
    return (long long)RING_SHORT * ranks / (log2p > 0 ? log2p : 1);
}

int ring_allreduce_sum(double *data, int count, MPI_Comm comm)
{
    int p, rc = MPI_Comm_size(comm, &p);
    if (rc != MPI_SUCCESS)
        return rc;
    /* Every rank takes the same path: all pass the same count. */
    if (count < ring_allreduce_short_limit(p))
        return ring_allreduce_sum_doubling(data, count, comm);
    if (p >= 4 && (p & (p - 1)) == 0)
        return ring_allreduce_sum_halving(data, count, comm);
    return ring_allreduce_sum_ring(data, count, comm);
}
