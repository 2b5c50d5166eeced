/* connectivity_util.c - the plumbing of connectivity.c; see connectivity_util.h. */
#define _POSIX_C_SOURCE 200809L /* nanosleep, alarm */
#include "connectivity_util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mpit.h"

void wait_until(int count, MPI_Request *requests, const bool *is_recv, bool *done, double deadline)
{
    int finished = 0;
    int *indices = mpit_xcalloc((size_t)count + 1, sizeof *indices);
    /* Real statuses, not MPI_STATUSES_IGNORE: MPICH's header annotates the array's size. */
    MPI_Status *statuses = mpit_xcalloc((size_t)count + 1, sizeof *statuses);
    while (finished < count && MPI_Wtime() < deadline) {
        int outcount = 0;
        /* Testsome never blocks: it only asks which of the requests have completed. */
        MPIT_CHECK(MPI_Testsome(count, requests, &outcount, indices, statuses));
        if (outcount == MPI_UNDEFINED)
            break;
        for (int k = 0; k < outcount; k++)
            done[indices[k]] = true;
        finished += outcount;
        if (outcount == 0)
            nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL); /* yield the core */
    }
    for (int i = 0; i < count; i++) {
        if (requests[i] == MPI_REQUEST_NULL)
            continue;
        /* A receive that will never match is withdrawn; a send cannot be taken back safely,
         * so it is let go. */
        if (is_recv[i]) {
            MPI_Status status;
            int cancelled = 0;
            MPI_Cancel(&requests[i]);
            MPI_Wait(&requests[i], &status);
            MPI_Test_cancelled(&status, &cancelled);
            done[i] = !cancelled; /* it may have arrived just before the cancel */
        } else {
            MPI_Request_free(&requests[i]);
        }
    }
    free(indices);
    free(statuses);
}

/* The host name of rank r as anybody who reported has seen it, or "?". */
static const char *host_of(int r, int size, const peer_record *reports, const bool *got)
{
    for (int k = 0; k < size; k++) {
        const peer_record *about_r = &reports[(size_t)k * size + r];
        if (got[k] && about_r->heard != PEER_UNHEARD && about_r->host[0])
            return about_r->host;
    }
    return "?";
}

/* Whether rank i heard rank j: PEER_HEARD, PEER_UNHEARD, or '?' when i's report is missing. */
static char heard(int i, int j, int size, const peer_record *reports, const bool *got)
{
    return got[i] ? reports[(size_t)i * size + j].heard : '?';
}

void drain_until(int tag, double deadline)
{
    char dropped[HOST_LEN];
    while (MPI_Wtime() < deadline) {
        int waiting = 0;
        MPI_Status status;
        /* Iprobe never blocks: is a message with this tag here, from anybody? */
        MPIT_CHECK(MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &waiting, &status));
        if (waiting)
            MPIT_CHECK(MPI_Recv(dropped, HOST_LEN, MPI_CHAR, status.MPI_SOURCE, tag, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
        else
            nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL); /* yield the core */
    }
}

int judge(int size, double timeout, const peer_record *reports, const bool *got)
{
    int pairs = size * (size - 1) / 2, broken = 0, hosts = 0;
    for (int i = 0; i < size; i++) {
        const char *name = host_of(i, size, reports, got);
        bool counted = strcmp(name, "?") == 0; /* a host nobody heard from is not counted */
        for (int k = 0; k < i && !counted; k++)
            counted = strcmp(name, host_of(k, size, reports, got)) == 0;
        if (!counted)
            hosts++;
    }
    for (int i = 0; i < size; i++) {
        for (int j = i + 1; j < size; j++) {
            char ij = heard(i, j, size, reports, got), ji = heard(j, i, size, reports, got);
            if (ij == PEER_HEARD && ji == PEER_HEARD)
                continue;
            broken++;
            const char *why = "";
            if (ij == '?' || ji == '?')
                why = " (a report never reached rank 0)";
            else if (ij == PEER_HEARD || ji == PEER_HEARD)
                why = " (one direction only)";
            printf("rank %d (%s) <-> rank %d (%s): no answer within %g s%s\n", i,
                   host_of(i, size, reports, got), j, host_of(j, size, reports, got), timeout, why);
        }
    }
    const char *plural = hosts == 1 ? "" : "s";
    if (broken == 0)
        printf("connectivity: OK, all %d pairs of %d processes on %d host%s exchanged a message\n",
               pairs, size, hosts, plural);
    else
        printf("connectivity: FAILED, %d of %d pairs of %d processes on %d host%s had no answer "
               "within %g s\n",
               broken, pairs, size, hosts, plural, timeout);
    fflush(stdout);
    return broken ? MPIT_EXIT_FAILED : 0;
}

static volatile sig_atomic_t final_status;
static char finalize_note[256];

static void finalize_timed_out(int sig)
{
    (void)sig;
    ssize_t ignored = write(STDERR_FILENO, finalize_note, strlen(finalize_note));
    (void)ignored;
    _exit(final_status);
}

void finalize_deadline(int rank, const char *host, int status, double deadline)
{
    double left = deadline - MPI_Wtime();
    unsigned seconds = left > 1 ? (unsigned)left + 1 : 1;
    final_status = status;
    snprintf(finalize_note, sizeof finalize_note,
             "connectivity: rank %d (%.64s): MPI_Finalize did not return within %u s; "
             "leaving without it\n",
             rank, host, seconds);
    signal(SIGALRM, finalize_timed_out);
    alarm(seconds);
}
