/* ring.c - pass a token round a ring of processes, many times, and time each hop.
 *
 *   mpiexec -n 4 ./ring --count 1000 [--debug] [--bytes B] [--start S]
 *
 * Protocol. The processes form a ring: rank r sends to rank r+1, and the last rank sends
 * back to rank 0. Rank 0 holds the token first (value --start, default 0). On every hop the
 * sender adds 1 to the token, then sends it to its right-hand neighbour:
 *   - rank 0 adds 1 and sends, then waits for the token to come back from the last rank;
 *   - every other rank waits for the token from its left, adds 1 and sends it on.
 * That is one lap: N hops, N increments. After --count laps the token has made count*N hops,
 * so rank 0 must hold start + count*N. Every rank also checks each value it receives: on lap
 * l, rank r must receive start + l*N + r (rank 0: the value after the whole lap).
 *
 * With --bytes B the message is B bytes (the token rides in its first 8), to measure
 * bandwidth as well as latency; the rest of the payload must come back unchanged.
 *
 *   $ mpiexec -n 4 ./ring --count 1000
 *   Communicator group with 4 processes, token starts at 0
 *   Final token at process 0: 4000 (expected 0 + 1000 laps x 4 hops = 4000)
 *   ring: 4000 hops of 8 bytes, 1.234 us per hop
 *   ...
 *   ring: OK, the token went round 4 processes 1000 times and came back as 4000
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpit.h"
#include "stopwatch.h"

enum { TAG_TOKEN = 1 };

/* The token lives in the first 8 bytes of the message; the rest is a known pattern. */
static int64_t get_token(const unsigned char *message)
{
    int64_t token;
    memcpy(&token, message, sizeof token);
    return token;
}

static void put_token(unsigned char *message, int64_t token)
{
    memcpy(message, &token, sizeof token);
}

int main(int argc, char **argv)
{
    int64_t count = 1, start = 0, bytes = 8;
    bool debug = false;
    /* clang-format off */
    cli_option options[] = {
        {.name = "count", .short_name = 'c', .type = CLI_INT64, .value = &count, .env = "COUNT",
         .min = 1, .max = 1e9, .metavar = "N", .help = "laps the token makes round the ring"},
        {.name = "debug", .short_name = 'd', .type = CLI_FLAG, .value = &debug,
         .help = "print every hop (one line per hop: keep --count small)"},
        {.name = "bytes", .short_name = 'b', .type = CLI_INT64, .value = &bytes, .min = 8,
         .max = 1 << 28, .metavar = "B", .help = "message size in bytes (token + payload)"},
        {.name = "start", .type = CLI_INT64, .value = &start, .min = -1e12, .max = 1e12,
         .metavar = "S", .help = "the token's value before the first hop"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "ring",
                     .purpose = "pass a token round a ring of processes and time each hop",
                     .usage = "mpiexec -n N ./ring [--count N] [--debug] [--bytes B]",
                     .options = options};
    /* Join the job: the rank and the size place this process in the ring. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    int right = (world_rank + 1) % world_size;             /* where the token goes */
    int left = (world_rank + world_size - 1) % world_size; /* where it comes from */
    unsigned char *message = mpit_xmalloc((size_t)bytes);
    for (int64_t i = 0; i < bytes; i++)
        message[i] = (unsigned char)(i * 7 + 1);
    put_token(message, start);
    int64_t n = world_size;
    bool ok = true;
    char timer[64];
    snprintf(timer, sizeof timer, "ring %d %" PRId64, world_size, count);

    if (world_rank == 0)
        printf("Communicator group with %d process%s, token starts at %" PRId64 "\n", world_size,
               world_size == 1 ? "" : "es", start);
    /* Start the clock when everybody is ready, so rank 0 does not time the others' start-up. */
    MPIT_CHECK(MPI_Barrier(MPI_COMM_WORLD));
    sw_start(timer);
    for (int64_t lap = 0; lap < count; lap++) {
        int64_t token;
        if (world_size == 1) {
            /* One process is its own neighbour. A plain MPI_Send to itself followed by
             * MPI_Recv works only if MPI buffers the message (small ones, usually); the
             * standard allows MPI_Send to wait for the matching receive, which would never
             * be posted: deadlock. MPI_Sendrecv posts both halves at once, so it is safe. */
            put_token(message, get_token(message) + 1);
            MPIT_CHECK(MPI_Sendrecv_replace(message, (int)bytes, MPI_BYTE, 0, TAG_TOKEN, 0,
                                            TAG_TOKEN, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
        } else if (world_rank == 0) {
            /* Rank 0 sends first and then receives: if every rank received first, nobody
             * would ever send (deadlock). */
            put_token(message, get_token(message) + 1);
            MPIT_CHECK(MPI_Send(message, (int)bytes, MPI_BYTE, right, TAG_TOKEN, MPI_COMM_WORLD));
            MPIT_CHECK(MPI_Recv(message, (int)bytes, MPI_BYTE, left, TAG_TOKEN, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
        } else {
            /* Everybody else waits for the token from the left, then passes it on. */
            MPIT_CHECK(MPI_Recv(message, (int)bytes, MPI_BYTE, left, TAG_TOKEN, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
            token = get_token(message);
            ok = ok && token == start + lap * n + world_rank;
            put_token(message, token + 1);
            MPIT_CHECK(MPI_Send(message, (int)bytes, MPI_BYTE, right, TAG_TOKEN, MPI_COMM_WORLD));
        }
        token = get_token(message);
        if (world_rank == 0)
            ok = ok && token == start + (lap + 1) * n;
        if (debug)
            printf("process %d: lap %" PRId64 ", sent %" PRId64 " to process %d\n", world_rank,
                   lap + 1, world_rank == 0 ? start + lap * n + 1 : token, right);
    }
    sw_stop(timer);

    /* The payload behind the token must have come back unchanged. */
    for (int64_t i = (int64_t)sizeof(int64_t); i < bytes; i++)
        ok = ok && message[i] == (unsigned char)(i * 7 + 1);

    int64_t final_token = get_token(message), expected = start + count * n;
    if (world_rank == 0) {
        /* The tutorial asserts data == count * size. That is wrong twice: it ignores the value
         * the user typed in, and its rank 0 adds 1 only once before the loop while the other
         * size-1 ranks add 1 per lap, so it ends at input + 1 + count*(size-1). Here every hop
         * adds 1, rank 0's included, so the token ends at start + count*size. */
        ok = ok && final_token == expected;
        printf("Final token at process 0: %" PRId64 " (expected %" PRId64 " + %" PRId64
               " laps x %d hops = %" PRId64 ")\n",
               final_token, start, count, world_size, expected);
        double seconds = sw_get(timer), hops = (double)(count * n);
        printf("ring: %.0f hops of %" PRId64 " bytes, %.3f us per hop", hops, bytes,
               1e6 * seconds / hops);
        if (bytes > 8)
            printf(", %.1f MB/s", hops * (double)bytes / seconds / 1e6);
        printf("\n");
        sw_status(timer, ok);
        sw_benchmark(stdout, "ring");
    }
    free(message);
    int status = mpit_verdict(
        ok, "the token went round %d process%s %" PRId64 " times and came back as %" PRId64,
        world_size, world_size == 1 ? "" : "es", count, final_token);
    MPI_Finalize();
    return status;
}
