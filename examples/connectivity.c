/* connectivity.c - can every process reach every other one? A tool for a new cluster, not a
 * lesson: run it first, before any program that needs the whole cluster (scripts/cluster-check
 * runs it as its last layer).
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
 *      collective over a broken link hangs. MPI_Finalize gets until 2 s after the end of
 *      round 2, then the rank leaves without it.
 *
 *   $ mpiexec -n 4 ./connectivity
 *   connectivity: OK, all 6 pairs of 4 processes on 1 host exchanged a message
 *
 * --silent-rank R makes rank R ignore round 1: the failure report, testable on one machine.
 * Its exit status is 1, as for any broken pair:
 *
 *   $ mpiexec -n 4 ./connectivity --timeout 3 --silent-rank 2 || echo "exit status $?"
 *   rank 0 (myhost) <-> rank 2 (myhost): no answer within 3 s
 *   rank 1 (myhost) <-> rank 2 (myhost): no answer within 3 s
 *   rank 2 (myhost) <-> rank 3 (myhost): no answer within 3 s
 *   connectivity: FAILED, 3 of 6 pairs of 4 processes on 1 host had no answer within 3 s
 *   exit status 1
 */
#include <stdlib.h>
#include <string.h>

#include "connectivity_util.h"
#include "mpit.h"

enum { TAG_PING = 1, TAG_REPORT = 2 };

/* Round 1: my host name to everybody, theirs from everybody, into table[j].host; table[j]
 * is marked heard when j's name arrived. A silent rank posts nothing. */
static void exchange_names(int me, int size, double deadline, bool silent, peer_record *table)
{
    int most = 2 * (size - 1), count = 0;
    MPI_Request *requests = mpit_xcalloc((size_t)most, sizeof *requests);
    bool *is_recv = mpit_xcalloc((size_t)most, sizeof *is_recv);
    bool *done = mpit_xcalloc((size_t)most, sizeof *done);
    int *peer = mpit_xcalloc((size_t)most, sizeof *peer);
    for (int j = 0; j < size && !silent; j++) {
        if (j == me)
            continue;
        /* Receive first so a fast peer's message has a place to land. */
        MPIT_CHECK(MPI_Irecv(table[j].host, HOST_LEN, MPI_CHAR, j, TAG_PING, MPI_COMM_WORLD,
                             &requests[count]));
        is_recv[count] = true;
        peer[count] = j;
        count++;
        MPIT_CHECK(MPI_Isend(table[me].host, HOST_LEN, MPI_CHAR, j, TAG_PING, MPI_COMM_WORLD,
                             &requests[count]));
        peer[count] = j;
        count++;
    }
    wait_until(count, requests, is_recv, done, deadline);
    for (int i = 0; i < count; i++)
        if (is_recv[i])
            table[peer[i]].heard = done[i] ? PEER_HEARD : PEER_UNHEARD;
    free(requests);
    free(is_recv);
    free(done);
    free(peer);
}

/* Round 2 on rank 0: everybody's table into reports (rank r's at reports + r * size);
 * got[r] says whether it arrived. */
static void collect_reports(int size, double deadline, peer_record *reports, bool *got)
{
    int table_chars = size * (int)sizeof(peer_record);
    MPI_Request *requests = mpit_xcalloc((size_t)size, sizeof *requests);
    bool *is_recv = mpit_xcalloc((size_t)size, sizeof *is_recv);
    for (int r = 1; r < size; r++) {
        MPIT_CHECK(MPI_Irecv(reports + (size_t)r * size, table_chars, MPI_CHAR, r, TAG_REPORT,
                             MPI_COMM_WORLD, &requests[r - 1]));
        is_recv[r - 1] = true;
    }
    wait_until(size - 1, requests, is_recv, got + 1, deadline);
    got[0] = true;
    free(requests);
    free(is_recv);
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
    mpit_require_rank_option("--silent-rank", silent_rank);

    /* My own table: everybody unheard so far, my own record holds my host name. */
    peer_record *table = mpit_xcalloc((size_t)world_size, sizeof *table);
    for (int j = 0; j < world_size; j++)
        table[j].heard = PEER_UNHEARD;
    char name[MPI_MAX_PROCESSOR_NAME];
    int len = 0;
    MPIT_CHECK(MPI_Get_processor_name(name, &len));
    table[world_rank].heard = PEER_SELF;
    memcpy(table[world_rank].host, name, (size_t)(len < HOST_LEN ? len : HOST_LEN - 1));

    /* One clock for both rounds: round 1 ends at start + timeout on every rank, so the
     * reports, sent by then, reach rank 0 before round 2 ends half a timeout later. */
    double start = MPI_Wtime(), end = start + 1.5 * timeout;
    exchange_names(world_rank, world_size, start + timeout, world_rank == silent_rank, table);

    int status = 0;
    if (world_rank == 0) {
        peer_record *reports = mpit_xcalloc((size_t)world_size * world_size, sizeof *reports);
        bool *got = mpit_xcalloc((size_t)world_size, sizeof *got);
        memcpy(reports, table, (size_t)world_size * sizeof *table);
        collect_reports(world_size, end, reports, got);
        status = judge(world_size, timeout, reports, got);
        free(reports);
        free(got);
    } else {
        MPI_Request request;
        bool is_recv = false, done = false;
        /* Round 2: my table to rank 0, with the same deadline (rank 0 may be out of reach). */
        MPIT_CHECK(MPI_Isend(table, world_size * (int)sizeof *table, MPI_CHAR, 0, TAG_REPORT,
                             MPI_COMM_WORLD, &request));
        wait_until(1, &request, &is_recv, &done, end);
        for (int j = 0; j < world_size; j++)
            if (table[j].heard == PEER_UNHEARD || !done)
                status = MPIT_EXIT_FAILED;
    }
    /* The silent rank takes the names the others sent it, now that the rounds are over. */
    if (world_rank == silent_rank)
        drain_until(TAG_PING, end);
    /* MPI_Finalize waits for every rank, and the others may be in their rounds until end (a
     * silent rank gets here long before them): a rank leaves without it only 2 s later. */
    finalize_deadline(world_rank, name, status, end + 2);
    MPI_Finalize();
    free(table); /* only now: it may be the buffer of a send we let go, which MPI_Finalize ends */
    return status;
}
