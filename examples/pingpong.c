/* pingpong.c - how long a message takes between two ranks, and how many bytes per second
 * get through, for message sizes from 0 bytes to 4 MiB (the OSU micro-benchmarks' shape).
 *
 *   mpiexec -n 2 ./pingpong [--max-size 4194304] [--iterations 1000] [--validate]
 *
 * Protocol, for each size (0 and the powers of two up to --max-size):
 *   latency:   rank 0 sends a message to rank 1, which sends the same bytes back; rank 0
 *              times --iterations round trips and prints half the mean time: one way.
 *   bandwidth: rank 0 starts a window of 64 messages at once (MPI_Isend), rank 1 receives
 *              them into 64 slots (MPI_Irecv) and sends one empty reply when all are in;
 *              rank 0 times a tenth of --iterations such windows: bytes sent / time (MB is
 *              10^6 bytes).
 * The first --warmup iterations of each size are not timed (the first messages pay for
 * setting up connections and buffers). Above 8 KiB a tenth of the iterations and warm-up
 * are used: those messages take longer.
 * The check: each message carries a pattern that depends on its size and slot, and the
 * receive buffers start out different in every byte. Rank 0 compares the last echo with
 * what it sent, rank 1 every slot of the last window. --validate stamps every message anew
 * and checks each one (slower: do not compare its times with a run without it).
 *
 *   $ mpiexec -n 2 ./pingpong --iterations 100
 *   # pingpong: MPI latency, rank 0 on myhost, rank 1 on myhost
 *   # Size            Latency (us)
 *   ...
 *   # pingpong: MPI bandwidth, windows of 64 messages (at most 16 MiB)
 *   # Size        Bandwidth (MB/s)
 *   pingpong: latency 0.44 us for 0 B, 2751.92 us for 4194304 B (one way)
 *   pingpong: bandwidth 394.1 MB/s for 4194304 B messages
 *   pingpong: OK, 24 sizes from 0 to 4194304 bytes echoed intact, 23 streamed intact (the last round of each size checked)
 */
#include <inttypes.h>
#include <stdio.h>

#include "mpit.h"
#include "pingpong_util.h"

enum { TAG_PING = 1, TAG_PONG = 2, TAG_ACK = 3 };

/* One size of the latency test: rank 0's one-way time in us (rank 0 checks the echoes). */
static double latency(int rank, size_t size, pingpong *p)
{
    int64_t iterations = per_size(p->iterations, size, 1);
    int64_t warmup = per_size(p->warmup, size, 0);
    unsigned stamp = 0;
    message_fill(p->send, size, SALT(size, 0, 0));
    message_fill(p->recv, size, SALT(size, 0, 128)); /* differs in every byte */
    double start = 0;
    /* Both ranks begin each size together, so nobody's set-up is timed. */
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    for (int64_t i = 0; i < warmup + iterations; i++) {
        if (i == warmup)
            start = MPI_Wtime();
        if (rank == 0) {
            if (p->validate)
                message_fill(p->send, size, SALT(size, 0, stamp += 3));
            /* Send, then receive; rank 1 does the opposite, so they never both wait. */
            MPIT_CHECK(MPI_Send(p->send, (int)size, MPI_BYTE, 1, TAG_PING, MPI_COMM_WORLD));
            MPIT_CHECK(MPI_Recv(p->recv, (int)size, MPI_BYTE, 1, TAG_PONG, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
            if (p->validate)
                p->wrong += message_wrong(p->recv, size, SALT(size, 0, stamp));
        } else {
            /* The echo: the same bytes go back, so rank 0 can check the whole trip. */
            MPIT_CHECK(MPI_Recv(p->recv, (int)size, MPI_BYTE, 0, TAG_PING, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
            MPIT_CHECK(MPI_Send(p->recv, (int)size, MPI_BYTE, 0, TAG_PONG, MPI_COMM_WORLD));
        }
    }
    double seconds = MPI_Wtime() - start;
    if (rank == 0 && !p->validate)
        p->wrong += message_wrong(p->recv, size, SALT(size, 0, 0));
    return seconds * 1e6 / (2.0 * (double)iterations);
}

/* One size of the bandwidth test: MB/s as rank 0 measured it; rank 1 counts bad bytes. */
static double bandwidth(int rank, size_t size, pingpong *p)
{
    /* A tenth as many rounds as the latency test: each round is a whole window. */
    int64_t iterations = per_size(p->iterations, size, 1) / 10;
    iterations = iterations > 0 ? iterations : 1;
    int64_t warmup = per_size(p->warmup, size, 0) / 10;
    size_t fit = WINDOW_BYTES / size;
    int window = fit >= (size_t)p->window ? p->window : fit > 0 ? (int)fit : 1;
    unsigned char *slots = rank == 0 ? p->send : p->recv;
    for (int j = 0; j < window; j++)
        message_fill(slots + (size_t)j * size, size, SALT(size, j, rank == 0 ? 0 : 128));
    double start = 0;
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    for (int64_t i = 0; i < warmup + iterations; i++) {
        unsigned stamp = p->validate ? 3 * (unsigned)i + 3 : 0;
        if (i == warmup)
            start = MPI_Wtime();
        for (int j = 0; j < window && rank == 0 && p->validate; j++)
            message_fill(slots + (size_t)j * size, size, SALT(size, j, stamp));
        /* Non-blocking: the whole window is on its way at once, so the link never idles
         * while one message waits for its reply. */
        for (int j = 0; j < window; j++) {
            if (rank == 0)
                MPIT_CHECK(MPI_Isend(slots + (size_t)j * size, (int)size, MPI_BYTE, 1, TAG_PING,
                                     MPI_COMM_WORLD, &p->requests[j]));
            else
                MPIT_CHECK(MPI_Irecv(slots + (size_t)j * size, (int)size, MPI_BYTE, 0, TAG_PING,
                                     MPI_COMM_WORLD, &p->requests[j]));
        }
        /* Done when every request is: only then may the slots be reused. */
        MPIT_CHECK(MPI_Waitall(window, p->requests, p->statuses));
        bool last = i + 1 == warmup + iterations;
        for (int j = 0; j < window && rank == 1 && (p->validate || last); j++)
            p->wrong += message_wrong(slots + (size_t)j * size, size, SALT(size, j, stamp));
        /* The empty reply: rank 0 stops the clock only once rank 1 has everything. */
        if (rank == 0)
            MPIT_CHECK(MPI_Recv(NULL, 0, MPI_BYTE, 1, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
        else
            MPIT_CHECK(MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_ACK, MPI_COMM_WORLD));
    }
    double seconds = MPI_Wtime() - start;
    return (double)size * (double)window * (double)iterations / seconds / 1e6;
}

static bool power_of_two_or_zero(int64_t n) { return (n & (n - 1)) == 0; }

int main(int argc, char **argv)
{
    int64_t max_size = 4 << 20, min_size = 0, iterations = 1000, warmup = 100;
    int window = 64;
    bool validate = false;
    /* clang-format off */
    cli_option options[] = {
        {.name = "max-size", .short_name = 'm', .type = CLI_INT64, .value = &max_size, .min = 0,
         .max = 1 << 28, .metavar = "B", .help = "largest message in bytes (0 or a power of 2)"},
        {.name = "min-size", .type = CLI_INT64, .value = &min_size, .min = 0, .max = 1 << 28,
         .metavar = "B", .help = "smallest message in bytes (0 or a power of 2)"},
        {.name = "iterations", .short_name = 'i', .type = CLI_INT64, .value = &iterations,
         .min = 1, .max = 1e9, .metavar = "N", .help = "timed iterations (a tenth above 8 KiB)"},
        {.name = "warmup", .short_name = 'x', .type = CLI_INT64, .value = &warmup, .min = 0,
         .max = 1e9, .metavar = "N", .help = "untimed iterations first (a tenth above 8 KiB)"},
        {.name = "window", .short_name = 'w', .type = CLI_INT, .value = &window, .min = 1,
         .max = 1024, .metavar = "W", .help = "messages in flight for bandwidth (<= 16 MiB)"},
        {.name = "validate", .short_name = 'c', .type = CLI_FLAG, .value = &validate,
         .help = "stamp and check every message (slower)"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "pingpong",
                     .purpose = "latency and bandwidth between two ranks, OSU style",
                     .usage = "mpiexec -n 2 ./pingpong [--max-size B] [--iterations N] [-c]",
                     .options = options};
    /* MPI_Init first: every rank parses the options and agrees on bad input. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec);
    mpit_require_ranks(2, 2);
    if (!power_of_two_or_zero(max_size) || !power_of_two_or_zero(min_size) || min_size > max_size)
        mpit_usage_error("--min-size %" PRId64 " and --max-size %" PRId64 " must be 0 or powers"
                         " of 2, the first not larger; e.g. --min-size 8 --max-size 1048576",
                         min_size, max_size);

    pingpong p = {
        .iterations = iterations, .warmup = warmup, .window = window, .validate = validate};
    size_t largest = (size_t)max_size;
    pingpong_alloc(&p, largest);

    pingpong_latency_header(world_rank, &p);
    size_t sizes = 0, streamed = 0;
    double first_us = 0, last_us = 0, last_mbs = 0;
    for (size_t size = (size_t)min_size; size <= largest; size = size ? 2 * size : 1, sizes++) {
        last_us = latency(world_rank, size, &p);
        first_us = sizes == 0 ? last_us : first_us;
        pingpong_row(world_rank, &p, size, last_us);
    }
    char title[100];
    snprintf(title, sizeof title, "MPI bandwidth, windows of %d messages (at most 16 MiB)", window);
    pingpong_header(world_rank, &p, title, "Bandwidth (MB/s)");
    for (size_t size = min_size ? (size_t)min_size : 1; size <= largest; size *= 2, streamed++) {
        last_mbs = bandwidth(world_rank, size, &p);
        pingpong_row(world_rank, &p, size, last_mbs);
    }
    if (world_rank == 0) {
        printf("pingpong: latency %.2f us for %" PRId64 " B, %.2f us for %zu B (one way)\n",
               first_us, min_size, last_us, largest);
        if (streamed > 0)
            printf("pingpong: bandwidth %.1f MB/s for %zu B messages\n", last_mbs, largest);
    }
    pingpong_free(&p);
    int status = mpit_verdict(p.wrong == 0,
                              "%zu size%s from %" PRId64 " to %zu bytes echoed "
                              "intact, %zu streamed intact (%s checked)",
                              sizes, sizes == 1 ? "" : "s", min_size, largest, streamed,
                              validate ? "every message" : "the last round of each size");
    MPI_Finalize();
    return status;
}
