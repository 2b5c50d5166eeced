/* pingpong_util.c - buffers, message pattern and table of pingpong.c; see pingpong_util.h. */
#include "pingpong_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "mpit.h"

void pingpong_alloc(pingpong *p, size_t largest)
{
    uint64_t window_bytes = (uint64_t)p->window * (uint64_t)largest;
    size_t room = window_bytes < WINDOW_BYTES ? (size_t)window_bytes : WINDOW_BYTES;
    room = room > largest ? room : largest;
    p->send = mpit_xmalloc(room + 1);
    p->recv = mpit_xmalloc(room + 1);
    p->requests = mpit_xmalloc((size_t)p->window * sizeof *p->requests);
    p->statuses = mpit_xmalloc((size_t)p->window * sizeof *p->statuses);
}

void pingpong_free(pingpong *p)
{
    free(p->send);
    free(p->recv);
    free(p->requests);
    free(p->statuses);
}

static unsigned char byte_of(size_t k, unsigned salt)
{
    return (unsigned char)((k + 1) * 131 + salt);
}

void message_fill(unsigned char *m, size_t size, unsigned salt)
{
    for (size_t k = 0; k < size; k++)
        m[k] = byte_of(k, salt);
}

size_t message_wrong(const unsigned char *m, size_t size, unsigned salt)
{
    size_t wrong = 0;
    for (size_t k = 0; k < size; k++)
        wrong += m[k] != byte_of(k, salt);
    return wrong;
}

int64_t per_size(int64_t n, size_t size, int64_t least)
{
    return size <= LARGE_MESSAGE ? n : (n / 10 > least ? n / 10 : least);
}

void pingpong_header(int rank, const pingpong *p, const char *title, const char *unit)
{
    if (rank == 0)
        printf("# pingpong: %s\n%-10s%20s%*s\n", title, "# Size", unit, p->validate ? 20 : 0,
               p->validate ? "Validation" : "");
}

void pingpong_latency_header(int rank, const pingpong *p)
{
    enum { TAG_NAME = 4 }; /* apart from pingpong.c's tags */
    char host[MPI_MAX_PROCESSOR_NAME] = "", other[MPI_MAX_PROCESSOR_NAME] = "";
    int len = 0;
    MPI_Get_processor_name(host, &len);
    if (rank == 1)
        MPIT_CHECK(MPI_Send(host, (int)sizeof host, MPI_CHAR, 0, TAG_NAME, MPI_COMM_WORLD));
    else
        MPIT_CHECK(MPI_Recv(other, (int)sizeof other, MPI_CHAR, 1, TAG_NAME, MPI_COMM_WORLD,
                            MPI_STATUS_IGNORE));
    char title[3 * MPI_MAX_PROCESSOR_NAME];
    snprintf(title, sizeof title, "MPI latency, rank 0 on %s, rank 1 on %s", host, other);
    pingpong_header(rank, p, title, "Latency (us)");
}

void pingpong_row(int rank, pingpong *p, size_t size, double value)
{
    /* Rank 1 finds damage in the bandwidth test, rank 0 in the latency test: rank 0 prints
     * the row, so it must hear of both. */
    unsigned long long mine = p->wrong - p->reported, all = 0;
    MPIT_CHECK(MPI_Reduce(&mine, &all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD));
    p->reported = p->wrong;
    if (rank == 0)
        printf("%-10zu%20.2f%*s\n", size, value, p->validate ? 20 : 0,
               p->validate ? (all ? "Fail" : "Pass") : "");
}
