/* julia.c - a task farm: rank 0 hands out rows of a Julia set, the workers compute them.
 *
 *   mpiexec -n 3 ./julia [--scale 2] [--chunk 32] [--schedule static] [--output julia.png]
 *   mpiexec -n 1 ./julia --spawn 2        (the manager starts its own workers)
 *
 *   julia: 640x480 pixels, c = 0+0.65i, 255 iterations, dynamic schedule, 2 workers
 *   worker 1: 248 rows in 16 chunks, busy 0.004 s
 *   ...
 *   julia: OK, every row computed once, 35045 of 35045 pixels equal their exact mirror pixel, wrote julia.png
 *
 * The image is the tutorial's: the plane -2..2 x -1.5..1.5 on a 640x480 grid (times
 * --scale), pixel (j, k) at x = -2 + j*dx, y = 1.5 - k*dy; its value is the tutorial's escape
 * count: n starts at 255 and drops by one per step of z -> z^2 + c while |z| < 3 and n > 1.
 *
 * Protocol (what mpi4py's MPIPoolExecutor.map does for the tutorial): the manager is rank 0
 * of the communicator `farm`; the workers are ranks first..first+W-1 of it.
 *   - the manager sends each worker two tasks {first row, number of rows} (TAG_TASK), and
 *     posts a receive for each task's rows right into the image;
 *   - a worker computes its tasks in order and sends each one's pixels back (TAG_ROWS);
 *   - when a task's rows are in, its worker gets the next task. When all rows are in, the
 *     manager sends every worker TAG_STOP, and each replies with its totals (TAG_STATS).
 * Fast workers come back sooner and get more tasks: the dynamic schedule. --schedule static
 * gives each worker one block of H/W rows instead; rows through the middle of the set take
 * longer, so some workers finish long before others.
 * With mpiexec -n P, farm is MPI_COMM_WORLD and the workers are ranks 1..P-1 (with P = 1
 * rank 0 works alone). With --spawn W, farm is the intercommunicator to W spawned copies of
 * this program: the manager addresses them as remote ranks 0..W-1, and they see the manager
 * as remote rank 0 - so a worker's code is the same either way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "image.h"
#include "julia_kernel.h"
#include "mpit.h"
#include "spawn.h"
#include "stopwatch.h"

enum { TAG_TASK = 1, TAG_ROWS = 2, TAG_STOP = 3, TAG_STATS = 4 };

/* Send worker w (a rank in farm) the next task if rows are left, and post the receive
 * for its result straight into the image; the request goes to *request. */
static void give_task(MPI_Comm farm, int w, int *next, int chunk, const julia_params *p,
                      uint8_t *image, MPI_Request *request)
{
    int task[2] = {*next, *next + chunk < p->height ? chunk : p->height - *next};
    *request = MPI_REQUEST_NULL;
    if (task[1] <= 0)
        return;
    MPIT_CHECK(MPI_Send(task, 2, MPI_INT, w, TAG_TASK, farm));
    /* MPI matches messages from one sender in order, so this receive gets exactly the
     * rows of this task even with another task of w still under way. */
    MPIT_CHECK(MPI_Irecv(image + (size_t)task[0] * (size_t)p->width, task[1] * p->width,
                         MPI_UNSIGNED_CHAR, w, TAG_ROWS, farm, request));
    *next += task[1];
}

/* The manager: hand out tasks until every row is in, stop the workers, print their
 * totals. Returns how many rows the workers say they computed. */
static int manage(MPI_Comm farm, int first_worker, int workers, int in_flight,
                  const julia_params *p, int chunk, uint8_t *image)
{
    int next = 0, done, total = 0, n = workers * in_flight;
    MPI_Request *pending = mpit_xmalloc((size_t)n * sizeof *pending);
    for (int i = 0; i < n; i++)
        give_task(farm, first_worker + i / in_flight, &next, chunk, p, image, &pending[i]);
    /* Whichever result comes in first: that worker gets a new task in the freed slot.
     * MPI_Waitany says MPI_UNDEFINED once no receive is left pending. */
    for (;;) {
        MPIT_CHECK(MPI_Waitany(n, pending, &done, MPI_STATUS_IGNORE));
        if (done == MPI_UNDEFINED)
            break;
        give_task(farm, first_worker + done / in_flight, &next, chunk, p, image, &pending[done]);
    }
    for (int w = first_worker; w < first_worker + workers; w++) {
        double stats[3]; /* rows, tasks, seconds busy */
        MPIT_CHECK(MPI_Send(NULL, 0, MPI_INT, w, TAG_STOP, farm));
        MPIT_CHECK(MPI_Recv(stats, 3, MPI_DOUBLE, w, TAG_STATS, farm, MPI_STATUS_IGNORE));
        printf("worker %d: %.0f rows in %.0f chunk%s, busy %.3f s\n", w - first_worker + 1,
               stats[0], stats[1], stats[1] == 1 ? "" : "s", stats[2]);
        total += (int)stats[0];
    }
    free(pending);
    return total;
}

/* A worker: compute what the manager (rank 0 of farm) asks for until it says stop.
 * Results go out with MPI_Isend from two buffers in turn, and the worker nudges the
 * previous send along (MPI_Test) after each row of the next task: a large message moves
 * in pieces, and only while the sender is inside MPI, so this way the rows flow to the
 * manager while the worker computes instead of the worker waiting for the manager. */
static void work(MPI_Comm farm, const julia_params *p, int chunk)
{
    size_t size = (size_t)chunk * (size_t)p->width;
    uint8_t *rows[2] = {mpit_xmalloc(size), mpit_xmalloc(size)};
    MPI_Request sent[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    double stats[3] = {0, 0, 0};
    for (int b = 0;; b = 1 - b) {
        int task[2], flag;
        MPI_Status status;
        /* Blocking receive: an idle worker waits inside MPI, not in a loop of ours. */
        MPIT_CHECK(MPI_Recv(task, 2, MPI_INT, 0, MPI_ANY_TAG, farm, &status));
        if (status.MPI_TAG == TAG_STOP)
            break;
        MPIT_CHECK(MPI_Wait(&sent[b], MPI_STATUS_IGNORE)); /* buffer b is free again */
        double start = sw_now();
        for (int r = 0; r < task[1]; r++) {
            julia_row(p, task[0] + r, rows[b] + (size_t)r * (size_t)p->width);
            MPIT_CHECK(MPI_Test(&sent[1 - b], &flag, MPI_STATUS_IGNORE));
        }
        stats[0] += task[1], stats[1] += 1, stats[2] += sw_now() - start;
        MPIT_CHECK(
            MPI_Isend(rows[b], task[1] * p->width, MPI_UNSIGNED_CHAR, 0, TAG_ROWS, farm, &sent[b]));
    }
    MPIT_CHECK(MPI_Wait(&sent[0], MPI_STATUS_IGNORE));
    MPIT_CHECK(MPI_Wait(&sent[1], MPI_STATUS_IGNORE));
    MPIT_CHECK(MPI_Send(stats, 3, MPI_DOUBLE, 0, TAG_STATS, farm));
    free(rows[0]);
    free(rows[1]);
}

/* Run by every process of the farm; the manager gets the image back (and in *rows_done
 * how many rows were computed), workers NULL. */
static uint8_t *run_farm(MPI_Comm farm, bool is_manager, julia_params *p, int *chunk, int is_static,
                         int *rows_done)
{
    int inter = 0, size = 1;
    MPI_Comm_test_inter(farm, &inter);
    if (inter)
        MPI_Comm_remote_size(farm, &size);
    else
        MPI_Comm_size(farm, &size);
    int first_worker = inter ? 0 : 1, workers = inter ? size : size - 1;
    /* Spawned workers know nothing yet: everybody takes the manager's parameters. On an
     * intercommunicator the root says MPI_ROOT, the other side names it (rank 0). */
    int root = inter && is_manager ? MPI_ROOT : 0;
    double c[2] = {p->c_re, p->c_im};
    int ints[5] = {p->width, p->height, p->iterations, *chunk, is_static};
    MPIT_CHECK(MPI_Bcast(c, 2, MPI_DOUBLE, root, farm));
    MPIT_CHECK(MPI_Bcast(ints, 5, MPI_INT, root, farm));
    julia_setup(p, ints[0], ints[1], c[0], c[1], ints[2]);
    if (ints[4] && workers > 0)
        ints[3] = (p->height + workers - 1) / workers; /* static: one block per worker */
    *chunk = ints[3];
    if (!is_manager) {
        work(farm, p, *chunk);
        return NULL;
    }
    /* 0 is no escape count (they run from 1 to 255): a row never delivered shows. */
    uint8_t *image = mpit_xcalloc((size_t)p->width * (size_t)p->height, 1);
    sw_start("julia");
    /* Dynamic schedule: two tasks per worker are in flight, so while a worker computes
     * one, the next already waits in its queue and it never idles until the manager gets
     * round to it. Static schedule: one task (its whole block) per worker. */
    int in_flight = ints[4] ? 1 : 2;
    *rows_done =
        workers > 0 ? manage(farm, first_worker, workers, in_flight, p, *chunk, image) : p->height;
    for (int k = 0; workers == 0 && k < p->height; k++)
        julia_row(p, k, image + (size_t)k * (size_t)p->width);
    sw_stop("julia");
    if (workers == 0)
        printf("worker 0: %d rows in 1 chunk, busy %.3f s\n", p->height, sw_get("julia"));
    return image;
}

int main(int argc, char **argv)
{
    int scale = 1, width = 640, height = 480, iterations = 255, chunk = 16, spawn = 0;
    double c_re = 0.0, c_im = 0.65;
    const char *schedule = "dynamic", *output = "julia.png", *palette = "colour";
    /* clang-format off */
    cli_option options[] = {
        {.name = "scale", .short_name = 's', .type = CLI_INT, .value = &scale, .env = "SCALE",
         .min = 1, .max = 16, .metavar = "M", .help = "image size: M times width x height"},
        {.name = "width", .type = CLI_INT, .value = &width, .min = 2, .max = 16384, .metavar = "W",
         .help = "pixels across, before --scale"},
        {.name = "height", .type = CLI_INT, .value = &height, .min = 2, .max = 16384,
         .metavar = "H", .help = "pixels down, before --scale"},
        {.name = "c-re", .type = CLI_DOUBLE, .value = &c_re, .min = -2, .max = 2, .metavar = "X",
         .help = "real part of c"},
        {.name = "c-im", .type = CLI_DOUBLE, .value = &c_im, .min = -2, .max = 2, .metavar = "Y",
         .help = "imaginary part of c"},
        {.name = "iterations", .short_name = 'i', .type = CLI_INT, .value = &iterations, .min = 2,
         .max = 255, .metavar = "N", .help = "escape count to start from (the brightest level)"},
        {.name = "chunk", .type = CLI_INT, .value = &chunk, .min = 1, .max = 65536,
         .metavar = "ROWS", .help = "rows per task (dynamic); if not given, 16 x --scale"},
        {.name = "schedule", .type = CLI_CHOICE, .value = &schedule, .choices = "dynamic|static",
         .help = "tasks on demand, or one block of rows per worker"},
        {.name = "spawn", .type = CLI_INT, .value = &spawn, .min = 0, .max = 256, .metavar = "W",
         .help = "start W workers with MPI_Comm_spawn (run with mpiexec -n 1)"},
        {.name = "output", .short_name = 'o', .type = CLI_STRING, .value = &output,
         .metavar = "FILE", .help = "image file: .png or .pgm"},
        {.name = "palette", .type = CLI_CHOICE, .value = &palette, .choices = "colour|grey",
         .help = "PNG colours"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "julia",
                     .purpose = "a Julia set computed by a manager/worker task farm",
                     .usage =
                         "mpiexec -n P ./julia [options]   or   mpiexec -n 1 ./julia --spawn W",
                     .options = options};
    /* Join the job: rank 0 is the manager, the other ranks are its workers (or, with
     * --spawn, the manager starts its workers below). */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */
    julia_params p;
    julia_setup(&p, width * scale, height * scale, c_re, c_im, iterations);
    if (!cli_given(&spec, "chunk"))
        chunk *= scale; /* the same number of tasks for every size */

    /* Started by a julia manager's --spawn: work for it, then let go of it. */
    MPI_Comm parent, farm = MPI_COMM_WORLD;
    MPIT_CHECK(MPI_Comm_get_parent(&parent));
    if (parent != MPI_COMM_NULL) {
        run_farm(parent, false, &p, &chunk, 0, NULL);
        MPIT_CHECK(MPI_Comm_disconnect(&parent));
        MPI_Finalize();
        return 0;
    }

    /* Everything the user can get wrong is found before any work starts. */
    if (spawn > 0 && world_size > 1)
        mpit_usage_error("--spawn starts its own workers: run it as one process: "
                         "mpiexec -n 1 ./julia --spawn %d",
                         spawn);
    if ((int64_t)p.width * p.height > ((int64_t)1 << 28))
        mpit_usage_error("%dx%d pixels is too large (at most 2^28); use a smaller --scale", p.width,
                         p.height);
    char err[640] = "";
    bool writable = image_format_known(output) ||
                    !snprintf(err, sizeof err,
                              "cannot write '%s': name a .png or .pgm file with --output", output);
    writable = writable && (world_rank != 0 || afile_can_create(output, err, sizeof err));
    mpit_agree(writable, "%s", err);
    if (spawn > 0) {
        char self[4096];
        spawn_locate("julia", argv[0], self, sizeof self);
        bool started = spawn_start(self, MPI_ARGV_NULL, spawn, &farm, err, sizeof err);
        mpit_agree(started, "%s", err);
    }
    if (world_rank == 0)
        printf("julia: %dx%d pixels, c = %g%+gi, %d iterations, %s schedule, %s%d workers\n",
               p.width, p.height, c_re, c_im, iterations, schedule, spawn ? "spawned " : "",
               spawn ? spawn : world_size - 1);
    int rows_done = 0;
    uint8_t *image =
        run_farm(farm, world_rank == 0, &p, &chunk, strcmp(schedule, "static") == 0, &rows_done);
    if (spawn > 0) /* let the spawned workers go before finalizing (see spawn_manager.c) */
        MPIT_CHECK(MPI_Comm_disconnect(&farm));

    /* Rank 0 checks the image it assembled and writes it. */
    bool ok = true, written = true;
    long pairs = 0, mismatches = 0, missing = 0;
    if (world_rank == 0) {
        double seconds = sw_get("julia");
        printf("computed %d rows in %.3f s, chunks of %d rows\n", p.height, seconds, chunk);
        for (size_t i = 0; i < (size_t)p.width * (size_t)p.height; i++)
            missing += image[i] == 0;
        mismatches = julia_mirror_mismatches(&p, image, &pairs);
        /* No pixel left at 0 and no row computed twice: each row came exactly once. */
        ok = missing == 0 && rows_done == p.height && mismatches == 0 && pairs > 0;
        written =
            image_write(output, image, p.width, p.height,
                        strcmp(palette, "grey") == 0 ? IMAGE_GREY : IMAGE_COLOUR, err, sizeof err);
        free(image);
    }
    mpit_agree(written, "%s", err);
    int status = mpit_verdict(ok,
                              "every row computed once, %ld of %ld pixels equal their exact "
                              "mirror pixel, wrote %s",
                              pairs - mismatches, pairs, output);
    MPI_Finalize();
    return status;
}
