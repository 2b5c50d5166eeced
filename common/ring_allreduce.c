/* ring_allreduce.c - reduce-scatter + allgather round a ring; see ring_allreduce.h. */
#include "ring_allreduce.h"

#include <stdlib.h>

/* Chunk c of p covers [start(c), start(c+1)): sizes differ by at most one element. */
static int chunk_start(int c, int count, int p) { return (int)((long long)count * c / p); }

int ring_allreduce_sum(double *data, int count, MPI_Comm comm)
{
    int rank, p, rc;
    if ((rc = MPI_Comm_rank(comm, &rank)) != MPI_SUCCESS ||
        (rc = MPI_Comm_size(comm, &p)) != MPI_SUCCESS)
        return rc;
    if (p == 1 || count == 0)
        return MPI_SUCCESS;
    int right = (rank + 1) % p, left = (rank - 1 + p) % p;
    int largest = chunk_start(1, count, p) + 1; /* no chunk is longer than this */
    double *incoming = malloc((size_t)largest * sizeof *incoming);
    if (!incoming)
        return MPI_ERR_NO_MEM;

    /* Phase 1, reduce-scatter. In step s rank r sends chunk (r - s) and receives chunk
     * (r - s - 1), which its left neighbour has just added its part to; r adds its own. */
    for (int s = 0; s < p - 1 && rc == MPI_SUCCESS; s++) {
        int send_c = ((rank - s) % p + p) % p, recv_c = ((rank - s - 1) % p + p) % p;
        int send_at = chunk_start(send_c, count, p), recv_at = chunk_start(recv_c, count, p);
        int send_n = chunk_start(send_c + 1, count, p) - send_at;
        int recv_n = chunk_start(recv_c + 1, count, p) - recv_at;
        /* Sendrecv, not Send then Recv: every rank sends at the same time, and a ring of
         * blocking sends would deadlock once messages are too big to be buffered. */
        rc = MPI_Sendrecv(data + send_at, send_n, MPI_DOUBLE, right, 0, incoming, recv_n,
                          MPI_DOUBLE, left, 0, comm, MPI_STATUS_IGNORE);
        for (int i = 0; i < recv_n && rc == MPI_SUCCESS; i++)
            data[recv_at + i] += incoming[i];
    }
    /* Now rank r holds the complete sum of chunk (r + 1). Phase 2, allgather: in step s
     * send chunk (r + 1 - s), which is complete, and receive chunk (r - s) into place. */
    for (int s = 0; s < p - 1 && rc == MPI_SUCCESS; s++) {
        int send_c = ((rank + 1 - s) % p + p) % p, recv_c = ((rank - s) % p + p) % p;
        int send_at = chunk_start(send_c, count, p), recv_at = chunk_start(recv_c, count, p);
        /* Received straight into place: this chunk is final, nothing to add. */
        rc = MPI_Sendrecv(data + send_at, chunk_start(send_c + 1, count, p) - send_at, MPI_DOUBLE,
                          right, 1, data + recv_at, chunk_start(recv_c + 1, count, p) - recv_at,
                          MPI_DOUBLE, left, 1, comm, MPI_STATUS_IGNORE);
    }
    free(incoming);
    return rc;
}
