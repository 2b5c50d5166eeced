/* probe.c - receiving what you cannot size in advance: MPI_Probe, MPI_Get_count,
 * MPI_ANY_SOURCE, MPI_ANY_TAG and MPI_Status, in a manager that hands out tasks on request.
 *
 *   mpiexec -n 4 ./probe [--first 20] [--count 10] [--trace]
 *
 * Task t is the Collatz sequence of first + t: halve an even number, turn an odd n into
 * 3n + 1, until 1. Nobody knows its length before computing it (27 takes 111 steps, 28
 * takes 18), so the manager cannot post a receive of the right size in advance.
 *
 * Protocol (the pull model: workers ask, the manager answers):
 *   worker (ranks 1..N-1): send an empty TAG_READY message; then, until TAG_STOP arrives,
 *     receive a number (TAG_TASK), compute its sequence and send it back whole (TAG_RESULT,
 *     as many numbers as it has).
 *   manager (rank 0): until every worker has been stopped, MPI_Probe(MPI_ANY_SOURCE,
 *     MPI_ANY_TAG) waits for the next message of whichever worker is first and fills an
 *     MPI_Status: the sender (status.MPI_SOURCE), the tag (status.MPI_TAG), and, through
 *     MPI_Get_count, how many numbers the message holds. The manager allocates exactly that,
 *     receives that very message, and answers that worker with the next task, or TAG_STOP.
 * A fast worker comes back sooner and gets more tasks: the load balances itself.
 * Check: every task answered exactly once, and every sequence recomputed by the manager.
 * --trace prints each message as it arrives (the order changes from run to run).
 *
 *   $ mpiexec -n 4 ./probe
 *   probe: 10 tasks (the Collatz sequences of 20..29) for 3 workers
 *   27: 111 steps, highest 9232
 *   ...
 *   longest: 27 (111 steps)
 *   probe: OK, 10 sequences of 8 to 112 numbers from 3 workers, each checked
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpit.h"

enum { TAG_READY = 1, TAG_TASK = 2, TAG_RESULT = 3, TAG_STOP = 4 };
#define PRINT_LIMIT 100 /* more tasks than this: only the summary is printed */

typedef struct {
    int steps;        /* -1 until the result has arrived */
    uint64_t highest; /* the largest number on the way */
} summary;

/* The sequence of `start`, malloc'd, its length in *length. */
static uint64_t *collatz(uint64_t start, int *length)
{
    int capacity = 64, n = 0;
    uint64_t *seq = mpit_xmalloc((size_t)capacity * sizeof *seq);
    for (uint64_t x = start;; x = x % 2 ? 3 * x + 1 : x / 2) {
        if (n == capacity) { /* longer than we guessed: twice the room */
            uint64_t *bigger = mpit_xmalloc(2 * (size_t)capacity * sizeof *seq);
            memcpy(bigger, seq, (size_t)n * sizeof *seq);
            free(seq);
            seq = bigger;
            capacity *= 2;
        }
        seq[n++] = x;
        /* Stop at 1; and never overflow (the starts --first allows stay below 2^61). */
        if (x == 1 || x > (UINT64_MAX - 1) / 3)
            break;
    }
    *length = n;
    return seq;
}

static void work(void)
{
    /* Say "ready" with an empty message: the manager answers it like a finished task. */
    MPIT_CHECK(MPI_Send(NULL, 0, MPI_UINT64_T, 0, TAG_READY, MPI_COMM_WORLD));
    for (;;) {
        uint64_t start;
        MPI_Status status;
        /* From the manager, a task or the stop: the tag says which. */
        MPIT_CHECK(MPI_Recv(&start, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status));
        if (status.MPI_TAG == TAG_STOP)
            return;
        int length;
        uint64_t *seq = collatz(start, &length);
        /* As long as it is: the manager finds out the length from the message itself. */
        MPIT_CHECK(MPI_Send(seq, length, MPI_UINT64_T, 0, TAG_RESULT, MPI_COMM_WORLD));
        free(seq);
    }
}

/* Is seq the sequence of a task not seen before? Then note its summary. */
static bool accept(const uint64_t *seq, int length, uint64_t first, int64_t count, summary *s)
{
    if (seq[0] < first || seq[0] - first >= (uint64_t)count || s[seq[0] - first].steps >= 0)
        return false; /* not one of our tasks, or one answered before */
    int known;
    uint64_t *expected = collatz(seq[0], &known);
    bool ok = length == known;
    for (int i = 0; ok && i < length; i++)
        ok = seq[i] == expected[i];
    free(expected);
    if (ok) {
        summary *mine = &s[seq[0] - first];
        mine->steps = length - 1;
        mine->highest = 0;
        for (int i = 0; i < length; i++)
            mine->highest = seq[i] > mine->highest ? seq[i] : mine->highest;
    }
    return ok;
}

int main(int argc, char **argv)
{
    int64_t first = 20, count = 10;
    bool trace = false;
    /* clang-format off */
    cli_option options[] = {
        {.name = "first", .type = CLI_INT64, .value = &first, .min = 1, .max = 1e9,
         .metavar = "N", .help = "the first number whose sequence is a task"},
        {.name = "count", .type = CLI_INT64, .value = &count, .min = 1, .max = 1e7,
         .metavar = "N", .help = "tasks: the numbers first .. first + N - 1"},
        {.name = "trace", .type = CLI_FLAG, .value = &trace,
         .help = "print every message as it arrives (in a different order every run)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "probe",
                     .purpose = "a manager receives results of unknown length with MPI_Probe",
                     .usage = "mpiexec -n N ./probe [--first N] [--count N] [--trace]",
                     .options = options};
    /* Join the job: rank 0 will manage, every other rank will work. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    mpit_require_ranks(2, 0);      /* a manager and at least one worker */

    bool ok = true;
    int shortest = 0, longest = 0;
    if (world_rank != 0) {
        work();
    } else {
        printf("probe: %" PRId64 " tasks (the Collatz sequences of %" PRId64 "..%" PRId64
               ") for %d worker%s\n",
               count, first, first + count - 1, world_size - 1, world_size == 2 ? "" : "s");
        summary *results = mpit_xmalloc((size_t)count * sizeof *results);
        for (int64_t t = 0; t < count; t++)
            results[t].steps = -1;
        int64_t next = 0, received = 0;
        for (int working = world_size - 1; working > 0;) {
            MPI_Status status;
            /* Wait for the next message from anybody, about anything, without receiving it
             * yet: the status says who sent it, with which tag, and how long it is. */
            MPIT_CHECK(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status));
            int length;
            MPIT_CHECK(MPI_Get_count(&status, MPI_UINT64_T, &length));
            uint64_t *seq = mpit_xmalloc(((size_t)length + 1) * sizeof *seq);
            /* Receive exactly the probed message: same source, same tag, now sized. */
            MPIT_CHECK(MPI_Recv(seq, length, MPI_UINT64_T, status.MPI_SOURCE, status.MPI_TAG,
                                MPI_COMM_WORLD, MPI_STATUS_IGNORE));
            if (status.MPI_TAG == TAG_RESULT) {
                ok = ok && length > 0 && accept(seq, length, (uint64_t)first, count, results);
                received++;
            }
            if (trace && status.MPI_TAG == TAG_READY)
                printf("from rank %d: ready (an empty message)\n", status.MPI_SOURCE);
            else if (trace)
                printf("from rank %d: the sequence of %" PRIu64 ", %d number%s\n",
                       status.MPI_SOURCE, length > 0 ? seq[0] : 0, length, length == 1 ? "" : "s");
            free(seq);
            /* Answer that worker: the next number, or stop (the tag tells it which). */
            uint64_t task = (uint64_t)(first + next);
            int tag = next < count ? TAG_TASK : TAG_STOP;
            MPIT_CHECK(MPI_Send(&task, 1, MPI_UINT64_T, status.MPI_SOURCE, tag, MPI_COMM_WORLD));
            next += tag == TAG_TASK;
            working -= tag == TAG_STOP;
        }
        int64_t longest_at = 0, shortest_at = 0;
        for (int64_t t = 0; t < count; t++) {
            if (count <= PRINT_LIMIT)
                printf("%" PRId64 ": %d steps, highest %" PRIu64 "\n", first + t, results[t].steps,
                       results[t].highest);
            if (results[t].steps > results[longest_at].steps)
                longest_at = t;
            if (results[t].steps < results[shortest_at].steps)
                shortest_at = t;
        }
        longest = results[longest_at].steps;
        shortest = results[shortest_at].steps;
        printf("longest: %" PRId64 " (%d steps)\n", first + longest_at, longest);
        ok = ok && received == count;
        free(results);
    }
    int status =
        mpit_verdict(ok,
                     "%" PRId64 " sequences of %d to %d numbers from %d worker%s, "
                     "each checked",
                     count, shortest + 1, longest + 1, world_size - 1, world_size == 2 ? "" : "s");
    MPI_Finalize();
    return status;
}
