/* where.c - where did each rank land? Host, node rank and the cores it may run on.
 *
 *   mpiexec -n 4 ./where
 *   mpiexec --hostfile ../../hostfiles/pi-cluster.openmpi -n 9 ./where
 *   mpiexec --rankfile ../../hostfiles/pi-cluster.rankfile -n 5 ./where
 *
 * On one computer every rank is on the same host (the cores, cut off here, depend on the
 * machine; chapter 2 shows a cluster's output):
 *
 *   $ mpiexec -n 4 ./where | cut -d, -f1,2
 *   rank 0: host myhost, node-rank 0 of 4
 *   rank 1: host myhost, node-rank 1 of 4
 *   rank 2: host myhost, node-rank 2 of 4
 *   rank 3: host myhost, node-rank 3 of 4
 *   where: OK, 4 ranks on 1 host
 *
 * Use it to see what a hostfile, a rankfile or a --map-by/--bind-to flag really did.
 * Every rank describes itself; rank 0 gathers the descriptions and prints them in rank
 * order, so the output is the same from run to run and can be compared with a file.
 *
 *   host       MPI_Get_processor_name: the machine's host name
 *   node-rank  the rank inside the group of ranks that share that machine's memory
 *              (MPI_Comm_split_type with MPI_COMM_TYPE_SHARED), "of" that group's size
 *   cores      the CPUs the operating system lets this process run on (its affinity).
 *              All of the machine's cores when nothing bound it; one core under a
 *              rankfile "slot=1" or --bind-to core.
 *
 * The check: the ranks that share a host name must be exactly the ranks that MPI puts in
 * one shared-memory group, numbered 0..M-1 there. Two machines that answer with the same
 * host name (a cloned SD card that kept its name) fail it.
 */
#define _GNU_SOURCE /* sched_getaffinity and CPU_ISSET on Linux */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpit.h"

#define CORES_LEN 128

/* The CPUs this process may run on, as ranges: "0-3", "1", "0,2". */
static void describe_cores(char *text, size_t len)
{
    snprintf(text, len, "unknown");
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return;
    size_t used = 0;
    text[0] = '\0';
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set) || (cpu > 0 && CPU_ISSET(cpu - 1, &set)))
            continue; /* not ours, or inside a range already written */
        int last = cpu;
        while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set))
            last++;
        int n = last == cpu
                    ? snprintf(text + used, len - used, "%s%d", used ? "," : "", cpu)
                    : snprintf(text + used, len - used, "%s%d-%d", used ? "," : "", cpu, last);
        if (n < 0 || (size_t)n >= len - used)
            break; /* a very long list is cut, never overrun */
        used += (size_t)n;
    }
#endif
}

int main(int argc, char **argv)
{
    cli_option options[] = {CLI_END};
    cli_spec spec = {.program = "where",
                     .purpose = "show the host, node rank and cores of every rank",
                     .usage = "mpiexec [--hostfile F | --rankfile F] -n N ./where",
                     .options = options};
    /* Join the job: every rank reports the host and cores it runs on. */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    char host[MPI_MAX_PROCESSOR_NAME] = {0};
    int host_len;
    MPIT_CHECK(MPI_Get_processor_name(host, &host_len));

    /* Ranks that can share memory are on one machine: split the world by that, and our
     * rank in the piece is our node rank (the number a program uses to pick a GPU, say). */
    MPI_Comm node_comm;
    MPIT_CHECK(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, world_rank, MPI_INFO_NULL,
                                   &node_comm));
    int node[2]; /* node rank, node size */
    MPIT_CHECK(MPI_Comm_rank(node_comm, &node[0]));
    MPIT_CHECK(MPI_Comm_size(node_comm, &node[1]));
    MPIT_CHECK(MPI_Comm_free(&node_comm));

    char cores[CORES_LEN];
    describe_cores(cores, sizeof cores);

    /* Rank 0 collects everything so that it alone prints, in rank order. Fixed-size
     * records keep this a plain MPI_Gather (no lengths to exchange first). */
    int *nodes = NULL;
    char *hosts = NULL, *all_cores = NULL;
    if (world_rank == 0) {
        nodes = mpit_xmalloc((size_t)world_size * sizeof node);
        hosts = mpit_xmalloc((size_t)world_size * MPI_MAX_PROCESSOR_NAME);
        all_cores = mpit_xmalloc((size_t)world_size * CORES_LEN);
    }
    MPIT_CHECK(MPI_Gather(node, 2, MPI_INT, nodes, 2, MPI_INT, 0, MPI_COMM_WORLD));
    MPIT_CHECK(MPI_Gather(host, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, hosts, MPI_MAX_PROCESSOR_NAME,
                          MPI_CHAR, 0, MPI_COMM_WORLD));
    MPIT_CHECK(
        MPI_Gather(cores, CORES_LEN, MPI_CHAR, all_cores, CORES_LEN, MPI_CHAR, 0, MPI_COMM_WORLD));

    bool ok = true;
    int host_count = 0;
    if (world_rank == 0) {
        for (int r = 0; r < world_size; r++) {
            const char *h = hosts + (size_t)r * MPI_MAX_PROCESSOR_NAME;
            int node_rank = nodes[2 * r], node_size = nodes[2 * r + 1];
            printf("rank %d: host %s, node-rank %d of %d, cores %s\n", r, h, node_rank, node_size,
                   all_cores + (size_t)r * CORES_LEN);
            /* Count the ranks named like this host, and those with our node rank. */
            int same_host = 0, same_slot = 0, first = r;
            for (int s = 0; s < world_size; s++) {
                if (strcmp(h, hosts + (size_t)s * MPI_MAX_PROCESSOR_NAME) != 0)
                    continue;
                same_host++;
                same_slot += nodes[2 * s] == node_rank;
                if (s < first)
                    first = s;
            }
            host_count += first == r; /* count each host at its lowest rank */
            if (same_host != node_size || same_slot != 1 || node_rank >= node_size)
                ok = false;
        }
        fflush(stdout);
    }
    free(nodes);
    free(hosts);
    free(all_cores);
    int status = mpit_verdict(ok, "%d rank%s on %d host%s, node ranks %s host names", world_size,
                              world_size == 1 ? "" : "s", host_count, host_count == 1 ? "" : "s",
                              ok ? "agree with" : "DISAGREE with");
    MPI_Finalize();
    return status;
}
