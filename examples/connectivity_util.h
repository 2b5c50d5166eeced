/* connectivity_util.h - the plumbing of connectivity.c: what one rank knows about the
 * others, waiting for requests with a deadline instead of for ever, rank 0's verdict, and a
 * last-resort deadline for MPI_Finalize. The two rounds of messages stay in connectivity.c.
 */
#ifndef CONNECTIVITY_UTIL_H
#define CONNECTIVITY_UTIL_H

#include <mpi.h>
#include <stdbool.h>

enum { HOST_LEN = 64 };

/* What one rank knows about another; a rank's table holds one per rank of the job. Only
 * chars: a table travels as MPI_CHAR, size * sizeof(peer_record) of them. */
typedef struct {
    char heard;          /* PEER_HEARD, PEER_UNHEARD, or PEER_SELF (the table's owner) */
    char host[HOST_LEN]; /* its host name, as far as the owner knows it ("" if unheard) */
} peer_record;
enum { PEER_HEARD = 'y', PEER_UNHEARD = 'n', PEER_SELF = 's' };

/* Poll the count requests until all are done or MPI_Wtime() passes deadline; done[i] says
 * which completed. Receives still pending are cancelled, sends still pending let go (their
 * buffers must stay allocated until MPI_Finalize). Never blocks in MPI. */
void wait_until(int count, MPI_Request *requests, const bool *is_recv, bool *done, double deadline);

/* Until `deadline`, receive and drop every message with `tag` sent to this rank. A rank that
 * played silent takes the messages the others sent it this way, once its round is over: some
 * MPIs (MPICH over UCX) print a warning at MPI_Finalize for each message never received. */
void drain_until(int tag, double deadline);

/* Rank 0, given every rank's table (reports: size tables of size records, rank r's at
 * reports + r * size; got[r]: whether it arrived): prints one line per pair that did not
 * exchange a message, then the verdict. Returns the exit status (0 or MPIT_EXIT_FAILED). */
int judge(int size, double timeout, const peer_record *reports, const bool *got);

/* Call right before MPI_Finalize: if it has not returned when MPI_Wtime() passes deadline
 * (it may wait for a peer that is gone), this rank prints "connectivity: rank R (host):
 * MPI_Finalize did not return ..." on stderr and exits with status: the verdict is out by
 * then. */
void finalize_deadline(int rank, const char *host, int status, double deadline);

#endif
