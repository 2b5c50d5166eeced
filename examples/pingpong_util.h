/* pingpong_util.h - the plumbing of pingpong.c (as OSU's osu_util is for its benchmarks):
 * its buffers, the message pattern that proves a message arrived intact, the iteration
 * counts per size, and the OSU-style table. The measurement loops stay in pingpong.c.
 */
#ifndef PINGPONG_UTIL_H
#define PINGPONG_UTIL_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LARGE_MESSAGE 8192               /* above this, a tenth of the iterations */
#define WINDOW_BYTES  ((size_t)16 << 20) /* at most this much in flight at once */

typedef struct {
    int64_t iterations, warmup; /* as given: for sizes up to LARGE_MESSAGE */
    int window;                 /* messages in flight in the bandwidth test */
    bool validate;              /* stamp and check every message */
    unsigned char *send, *recv; /* rank 0 sends from send; both receive into recv */
    MPI_Request *requests;      /* one per message of a window */
    MPI_Status *statuses;       /* and its status (gcc 12 misreads MPICH's
                                  * MPI_STATUSES_IGNORE as an empty array) */
    size_t wrong, reported;     /* bad bytes this rank found; how many the rows showed */
} pingpong;

/* Buffers for messages up to largest bytes and windows of p->window of them (at most
 * WINDOW_BYTES in all; a 64-bit product, so 1024 x 256 MiB cannot wrap a 32-bit size_t). */
void pingpong_alloc(pingpong *p, size_t largest);
void pingpong_free(pingpong *p);

/* The salt of a message: its size, its slot in a window and a stamp (0 unless --validate
 * stamps every message anew). Salt + 128 differs from salt's pattern in every byte. */
#define SALT(size, slot, stamp) ((unsigned)(size)*7u + (unsigned)(slot)*11u + (unsigned)(stamp))

/* Fill m[0..size) with the pattern of salt; count the bytes that differ from it. */
void message_fill(unsigned char *m, size_t size, unsigned salt);
size_t message_wrong(const unsigned char *m, size_t size, unsigned salt);

/* Iterations for a message of size bytes: n up to LARGE_MESSAGE, then n/10 (>= least). */
int64_t per_size(int64_t n, size_t size, int64_t least);

/* The table, OSU's shape: "# pingpong: <title>", "# Size  <unit>", then one row per
 * size; with --validate a Validation column says Pass or Fail. pingpong_row is collective
 * (the bad bytes of this size may have been found by either rank; rank 0 prints). */
void pingpong_header(int rank, const pingpong *p, const char *title, const char *unit);

/* The latency table's header, which names the hosts of both ranks: on one host messages go
 * through shared memory, else a network. Sends a message (rank 1's host name to rank 0). */
void pingpong_latency_header(int rank, const pingpong *p);
void pingpong_row(int rank, pingpong *p, size_t size, double value);

#endif
