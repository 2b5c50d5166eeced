/* connectivity.c - can every process reach every other one? Run it first on a new cluster.
 *
 *   mpiexec -n 4 --hostfile hosts ./connectivity [--timeout 5]
 *
 * Protocol, in two rounds, both with a deadline so that a dead link costs --timeout seconds
 * instead of a hang (Open MPI's connectivity_c uses blocking calls: one silent pair and it
 * waits forever, which is exactly the symptom we want to explain):
 *   1. Every rank sends its host name to every other rank and posts a receive from each of
 *      them, all non-blocking, then polls with MPI_Testsome until all messages are in or the
 *      deadline passes. A pair (i, j) is connected when both directions arrived.
 *   2. Every rank sends rank 0 a report: whom it heard, and their host names. Rank 0 waits
 *      for the reports until half a timeout after round 1, then prints one line per broken
 *      pair and the verdict. No collective call anywhere, not even at start-up: a
 *      collective over a broken link hangs. MPI_Finalize gets 2 s, then the rank leaves.
 *
 *   connectivity: OK, all 6 pairs of 4 processes on 2 hosts exchanged a message
 *   rank 0 (red01) <-> rank 2 (red03): no answer within 3 s
 *   connectivity: FAILED, 2 of 6 pairs of 4 processes on 3 hosts had no answer within 3 s
 * --silent-rank R makes rank R ignore round 1: the failure report, testable on one machine.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep, alarm */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mpit.h"

enum { NAME_LEN = 64, TAG_PING = 1, TAG_REPORT = 2 };
/* A report is one record per rank: a status letter ('y' heard, 'n' not heard, 's' self)
 * followed by that rank's host name as far as the reporter knows it. */
enum { REC_LEN = 1 + NAME_LEN };

/* Poll `count` requests until all are done or `deadline` (MPI_Wtime) passes. done[i] is set
 * for each completed one; those still pending are cancelled (receives) or released (sends).
 */
static void wait_until(int count, MPI_Request *reqs, const bool *is_recv, bool *done,
                       double deadline)
{
    int finished = 0, *indices = mpit_xcalloc((size_t)count + 1, sizeof *indices);
    /* Real statuses, not MPI_STATUSES_IGNORE: MPICH's header annotates the array's size. */
    MPI_Status *statuses = mpit_xcalloc((size_t)count + 1, sizeof *statuses);
    while (finished < count && MPI_Wtime() < deadline) {
        int outcount = 0;
        /* Testsome never blocks: it only asks which of the requests have completed. */
        MPIT_CHECK(MPI_Testsome(count, reqs, &outcount, indices, statuses));
        if (outcount == MPI_UNDEFINED)
            break;
        for (int k = 0; k < outcount; k++)
            done[indices[k]] = true;
        finished += outcount;
        if (outcount == 0)
            nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL); /* yield the core */
    }
    for (int i = 0; i < count; i++) {
        if (reqs[i] == MPI_REQUEST_NULL)
            continue;
        /* A receive that will never match is withdrawn; a send cannot be taken back safely,
         * so it is let go (its buffer stays allocated until exit). */
        if (is_recv[i]) {
            MPI_Status status;
            int cancelled = 0;
            MPI_Cancel(&reqs[i]);
            MPI_Wait(&reqs[i], &status);
            MPI_Test_cancelled(&status, &cancelled);
            done[i] = !cancelled; /* it may have arrived just before the cancel */
        } else {
            MPI_Request_free(&reqs[i]);
        }
    }
    free(indices), free(statuses);
}

/* Round 1: my host name to everybody, theirs from everybody; table[j] becomes j's record. */
static void exchange_names(int me, int size, double deadline, bool silent, char *table)
{
    int n = 2 * (size - 1), k = 0;
    MPI_Request *reqs = mpit_xcalloc((size_t)n, sizeof *reqs);
    bool *is_recv = mpit_xcalloc((size_t)n, sizeof *is_recv), *done = mpit_xcalloc((size_t)n, 1);
    int *peer = mpit_xcalloc((size_t)n, sizeof *peer);
    for (int j = 0; j < size && !silent; j++) {
        if (j == me)
            continue;
        /* Receive first so a fast peer's message has a place to land. */
        MPIT_CHECK(MPI_Irecv(table + j * REC_LEN + 1, NAME_LEN, MPI_CHAR, j, TAG_PING,
                             MPI_COMM_WORLD, &reqs[k]));
        is_recv[k] = true, peer[k++] = j;
        MPIT_CHECK(MPI_Isend(table + me * REC_LEN + 1, NAME_LEN, MPI_CHAR, j, TAG_PING,
                             MPI_COMM_WORLD, &reqs[k]));
        peer[k++] = j;
    }
    wait_until(k, reqs, is_recv, done, deadline);
    for (int i = 0; i < k; i++)
        if (is_recv[i])
            table[peer[i] * REC_LEN] = done[i] ? 'y' : 'n';
    free(reqs), free(is_recv), free(done), free(peer);
}

/* Round 2 on rank 0: collect everybody's table; got[r] says whether r's report arrived. */
static void collect_reports(int size, double deadline, char *reports, bool *got)
{
    MPI_Request *reqs = mpit_xcalloc((size_t)size, sizeof *reqs);
    bool *is_recv = mpit_xcalloc((size_t)size, sizeof *is_recv);
    for (int r = 1; r < size; r++) {
        MPIT_CHECK(MPI_Irecv(reports + (size_t)r * size * REC_LEN, size * REC_LEN, MPI_CHAR, r,
                             TAG_REPORT, MPI_COMM_WORLD, &reqs[r - 1]));
        is_recv[r - 1] = true;
    }
    wait_until(size - 1, reqs, is_recv, got + 1, deadline);
    got[0] = true;
    free(reqs), free(is_recv);
}

/* The host name of rank r as anybody who reported has seen it. */
static const char *host_of(int r, int size, const char *reports, const bool *got)
{
    for (int k = 0; k < size; k++) {
        const char *rec = reports + ((size_t)k * size + r) * REC_LEN;
        if (got[k] && (rec[0] == 'y' || rec[0] == 's') && rec[1])
            return rec + 1;
    }
    return "?";
}

/* Rank 0: one line per broken pair, then the verdict. Returns the exit status. */
static int judge(int size, double timeout, const char *reports, const bool *got)
{
    int pairs = size * (size - 1) / 2, broken = 0, hosts = 0;
    for (int i = 0; i < size; i++) {
        const char *name = host_of(i, size, reports, got);
        bool seen = strcmp(name, "?") == 0; /* a host nobody heard from is not counted */
        for (int k = 0; k < i && !seen; k++)
            seen = strcmp(name, host_of(k, size, reports, got)) == 0;
        hosts += !seen;
    }
    for (int i = 0; i < size; i++)
        for (int j = i + 1; j < size; j++) {
            /* i heard j?  'y' yes, 'n' no, '?' nobody knows: i's report never came. */
            char ij = got[i] ? reports[((size_t)i * size + j) * REC_LEN] : '?';
            char ji = got[j] ? reports[((size_t)j * size + i) * REC_LEN] : '?';
            if (ij == 'y' && ji == 'y')
                continue;
            broken++;
            printf("rank %d (%s) <-> rank %d (%s): no answer within %g s%s\n", i,
                   host_of(i, size, reports, got), j, host_of(j, size, reports, got), timeout,
                   ij == 'n' && ji == 'n'   ? ""
                   : ij == '?' || ji == '?' ? " (a report never reached rank 0)"
                                            : " (one direction only)");
        }
    if (broken == 0)
        printf("connectivity: OK, all %d pairs of %d processes on %d host%s exchanged a message\n",
               pairs, size, hosts, hosts == 1 ? "" : "s");
    else
        printf("connectivity: FAILED, %d of %d pairs of %d processes on %d host%s had no answer "
               "within %g s\n",
               broken, pairs, size, hosts, hosts == 1 ? "" : "s", timeout);
    fflush(stdout);
    return broken ? MPIT_EXIT_FAILED : 0;
}

/* Last resort: MPI_Finalize may wait for a peer that is gone (or, seen with MPICH over UCX,
 * for a disconnect that never completes). The verdict is out by then; leave with it. */
static volatile sig_atomic_t final_status;
static char finalize_note[256];
static void finalize_timed_out(int sig)
{
    (void)sig;
    ssize_t ignored = write(STDERR_FILENO, finalize_note, strlen(finalize_note));
    (void)ignored;
    _exit(final_status);
}

/* Rank 0 says why, every rank leaves with `status`. */
static _Noreturn void leave(int rank, int status, const char *line)
{
    if (rank == 0 && line[0])
        fprintf(stderr, "%s\n", line);
    mpit_exit(status);
}

int main(int argc, char **argv)
{
    double timeout = 5;
    int silent_rank = -1;
    /* clang-format off */
    cli_option options[] = {
        {.name = "timeout", .short_name = 't', .type = CLI_DOUBLE, .value = &timeout, .min = 0.1,
         .max = 3600, .metavar = "S",
         .help = "seconds to wait for each round before naming the pairs that did not answer"},
        {.name = "silent-rank", .type = CLI_INT, .value = &silent_rank, .min = -1, .max = 1e6,
         .metavar = "R", .help = "for testing: rank R neither sends nor receives in round 1"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "connectivity",
                     .purpose = "every pair of processes exchanges a message, with a deadline",
                     .usage = "mpiexec -n N --hostfile HOSTS ./connectivity [--timeout S]",
                     .options = options};
    /* Join the job. The options are read with mpit_parse_local, not mpit_parse: mpit_parse
     * agrees on them with a collective call, and a collective over a broken link hangs before
     * this program could name the link. Every rank parses the same argv, so each reaches the
     * same decision on its own. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse_local(argc, argv, &spec);
    mpit_require_ranks(2, 0);
    if (silent_rank >= world_size) {
        char err[128];
        snprintf(err, sizeof err,
                 "connectivity: --silent-rank %d is not a rank of this job "
                 "(0..%d)",
                 silent_rank, world_size - 1);
        leave(world_rank, MPIT_EXIT_USAGE, err);
    }

    /* My own table: everybody unheard so far, my own record holds my host name. */
    char *table = mpit_xcalloc((size_t)world_size, REC_LEN);
    for (int j = 0; j < world_size; j++)
        table[j * REC_LEN] = 'n';
    char name[MPI_MAX_PROCESSOR_NAME];
    int len = 0;
    MPIT_CHECK(MPI_Get_processor_name(name, &len));
    table[world_rank * REC_LEN] = 's';
    memcpy(table + world_rank * REC_LEN + 1, name, (size_t)(len < NAME_LEN ? len : NAME_LEN - 1));

    /* One clock for both rounds: round 1 ends at start + timeout on every rank, so the
     * reports, sent by then, reach rank 0 before round 2 ends half a timeout later. */
    double start = MPI_Wtime(), end = start + 1.5 * timeout;
    exchange_names(world_rank, world_size, start + timeout, world_rank == silent_rank, table);

    int status = 0;
    if (world_rank == 0) {
        char *reports = mpit_xcalloc((size_t)world_size * world_size, REC_LEN);
        bool *got = mpit_xcalloc((size_t)world_size, sizeof *got);
        memcpy(reports, table, (size_t)world_size * REC_LEN);
        collect_reports(world_size, end, reports, got);
        status = judge(world_size, timeout, reports, got);
        free(reports), free(got);
    } else {
        MPI_Request req;
        bool is_recv = false, done = false;
        /* Round 2: my table to rank 0, with the same deadline (rank 0 may be out of reach). */
        MPIT_CHECK(
            MPI_Isend(table, world_size * REC_LEN, MPI_CHAR, 0, TAG_REPORT, MPI_COMM_WORLD, &req));
        wait_until(1, &req, &is_recv, &done, end);
        for (int j = 0; j < world_size; j++)
            status = table[j * REC_LEN] == 'n' || !done ? MPIT_EXIT_FAILED : status;
    }
    final_status = status;
    snprintf(finalize_note, sizeof finalize_note,
             "connectivity: rank %d (%.64s): MPI_Finalize "
             "did not return within 2 s; leaving without it\n",
             world_rank, name);
    signal(SIGALRM, finalize_timed_out);
    alarm(2);
    MPI_Finalize();
    free(table); /* only now: it may be the buffer of a send we let go, which MPI_Finalize ends */
    return status;
}
