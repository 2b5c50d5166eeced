/* julia.c - a task farm: rank 0 hands out rows of a Julia set, the workers compute them.
 *
 *   $ mpiexec -n 3 ./julia
 *   julia: 640x480 pixels, c = 0+0.65i, 255 iterations, dynamic schedule, 2 workers
 *   ...
 *   computed 480 rows in 0.004 s, chunks of 16 rows
 *   julia: OK, every row computed once, 16 of 16 rows equal a recomputation, 35045 of 35045 pixels equal their exact mirror pixel, wrote julia.png
 *
 * Also --schedule static, --spawn W (with mpiexec -n 1), --zoom: docs/06-task-farm-julia.md.
 * The pixels are computed in julia_kernel.c; options, checks and report are in julia_farm.c.
 *
 * The farm (what mpi4py's MPIPoolExecutor.map does for the tutorial): the manager keeps two
 * tasks {first row, rows} at each worker and, whenever a task's rows come back, gives that
 * worker the next one. Fast workers come back sooner and get more tasks: the dynamic
 * schedule (--schedule static: one block of rows per worker). The communicator `farm` is
 * MPI_COMM_WORLD, or with --spawn W the intercommunicator to W spawned copies of this
 * program; the manager is rank 0 of it either way, so a worker's code is the same.
 */
#include <stdint.h>
#include <stdlib.h>

#include "julia_farm.h"
#include "julia_kernel.h"
#include "mpit.h"
#include "progress.h"
#include "stopwatch.h"

enum { TAG_TASK = 1, TAG_ROWS = 2, TAG_STOP = 3, TAG_STATS = 4 };

typedef struct {
    int first, count; /* rows first .. first+count-1; it travels as 2 MPI_INT */
} task;

/* Send worker w the next task, if rows are left, and post the receive for its pixels
 * straight into the image. */
static void give_task(MPI_Comm farm, int w, const julia_params *p, int chunk, int *next_row,
                      uint8_t *image, MPI_Request *request)
{
    task t = {*next_row, p->height - *next_row < chunk ? p->height - *next_row : chunk};
    *request = MPI_REQUEST_NULL;
    if (t.count == 0)
        return;
    MPIT_CHECK(MPI_Send(&t, 2, MPI_INT, w, TAG_TASK, farm));
    /* MPI matches messages from one sender in order, so this receive gets exactly the
     * rows of this task even with another task of w still under way. */
    MPIT_CHECK(MPI_Irecv(image + (size_t)t.first * (size_t)p->width, t.count * p->width,
                         MPI_UNSIGNED_CHAR, w, TAG_ROWS, farm, request));
    *next_row += t.count;
}

/* The manager: hand out tasks until every row is in (in_flight tasks per worker at a time),
 * then stop the workers (ranks first .. first+workers-1 of farm) and collect their totals. */
static void manager(MPI_Comm farm, int first, const julia_params *p, int chunk, int in_flight,
                    julia_run *run)
{
    int slots = run->workers * in_flight, next_row = 0, done;
    MPI_Request *pending = mpit_xmalloc((size_t)slots * sizeof *pending);
    for (int i = 0; i < slots; i++)
        give_task(farm, first + i / in_flight, p, chunk, &next_row, run->image, &pending[i]);
    /* Whichever result comes in first: that worker gets a new task in the freed slot.
     * mpit_waitany_sleeping is MPI_Waitany (MPI_UNDEFINED once no receive is left pending)
     * that naps between its questions: MPI_Waitany polls flat out, and with more processes
     * than cores the manager would take half of a worker's core to do nothing. */
    for (;;) {
        MPI_Status status;
        int bytes;
        MPIT_CHECK(mpit_waitany_sleeping(slots, pending, &done, &status));
        if (done == MPI_UNDEFINED)
            break;
        MPIT_CHECK(MPI_Get_count(&status, MPI_UNSIGNED_CHAR, &bytes)); /* the task's pixels */
        progress_add(&run->shown, bytes / p->width);
        give_task(farm, first + done / in_flight, p, chunk, &next_row, run->image, &pending[done]);
    }
    /* Every row is in, so no task is left in any worker's queue: stop them one by one, each
     * answering with its totals (a derived datatype carries the struct's named fields). */
    MPI_Datatype stats_type = worker_stats_datatype();
    for (int w = 0; w < run->workers; w++) {
        MPIT_CHECK(MPI_Send(NULL, 0, MPI_INT, first + w, TAG_STOP, farm));
        MPIT_CHECK(
            MPI_Recv(&run->stats[w], 1, stats_type, first + w, TAG_STATS, farm, MPI_STATUS_IGNORE));
    }
    MPI_Type_free(&stats_type);
    free(pending);
}

/* A worker: compute what the manager (rank 0 of farm) asks for until it says stop. */
static void worker(MPI_Comm farm, const julia_params *p)
{
    uint8_t *rows[2] = {NULL, NULL};
    size_t room[2] = {0, 0}, width = (size_t)p->width;
    MPI_Request sent[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    worker_stats stats = {0, 0, 0.0};
    for (int b = 0;; b = 1 - b) {
        task t;
        MPI_Status status;
        int flag;
        /* Blocking receive: an idle worker waits inside MPI, not in a loop of ours. */
        MPIT_CHECK(MPI_Recv(&t, 2, MPI_INT, 0, MPI_ANY_TAG, farm, &status));
        if (status.MPI_TAG == TAG_STOP)
            break;
        MPIT_CHECK(MPI_Wait(&sent[b], MPI_STATUS_IGNORE)); /* buffer b is free again */
        rows[b] = julia_room(rows[b], &room[b], (size_t)t.count * width); /* this task's size */
        double start = sw_cpu_now(); /* CPU time: not the time spent waiting for a core */
        for (int r = 0; r < t.count; r++) {
            julia_row(p, t.first + r, rows[b] + (size_t)r * width);
            MPIT_CHECK(MPI_Test(&sent[1 - b], &flag, MPI_STATUS_IGNORE));
        }
        stats.busy += sw_cpu_now() - start;
        stats.rows += t.count;
        stats.tasks++;
        /* Send without waiting, from two buffers in turn: the worker goes on with its next
         * task, and nudges this send along (MPI_Test above) after each of that task's rows,
         * since a large message moves in pieces only while its sender is inside MPI. */
        MPIT_CHECK(
            MPI_Isend(rows[b], t.count * p->width, MPI_UNSIGNED_CHAR, 0, TAG_ROWS, farm, &sent[b]));
    }
    /* The last rows are out. (One MPI_Wait each: MPICH's MPI_Waitall prototype makes GCC warn
     * about MPI_STATUSES_IGNORE.) */
    MPIT_CHECK(MPI_Wait(&sent[0], MPI_STATUS_IGNORE));
    MPIT_CHECK(MPI_Wait(&sent[1], MPI_STATUS_IGNORE));
    MPI_Datatype stats_type = worker_stats_datatype();
    MPIT_CHECK(MPI_Send(&stats, 1, stats_type, 0, TAG_STATS, farm)); /* the answer to stop */
    MPI_Type_free(&stats_type);
    free(rows[0]);
    free(rows[1]);
}

/* Every process takes the manager's picture (spawned workers know no command line). On the
 * intercommunicator to spawned workers, the manager passes MPI_ROOT as the root and the
 * workers name the manager's rank on the other side, 0. */
static void share_picture(MPI_Comm farm, int root, julia_params *p)
{
    MPI_Datatype picture_type = julia_params_datatype();
    MPIT_CHECK(MPI_Bcast(p, 1, picture_type, root, farm));
    MPI_Type_free(&picture_type);
}

int main(int argc, char **argv)
{
    julia_params p = {.width = 640, .height = 480, .iterations = 255, .c_im = 0.65, .zoom = 1};
    julia_options o = {
        .scale = 1, .chunk = 16, .schedule = "dynamic", .output = "julia.png", .palette = "colour"};
    /* clang-format off */
    cli_option options[] = {
        {.name = "scale", .short_name = 's', .type = CLI_INT, .value = &o.scale, .env = "SCALE",
         .min = 1, .max = 16, .metavar = "M", .help = "image size: M times width x height"},
        {.name = "width", .type = CLI_INT, .value = &p.width, .min = 1, .max = 16384,
         .metavar = "W", .help = "pixels across, before --scale"},
        {.name = "height", .type = CLI_INT, .value = &p.height, .min = 1, .max = 16384,
         .metavar = "H", .help = "pixels down, before --scale (at most 2^28 pixels in all)"},
        {.name = "c-re", .type = CLI_DOUBLE, .value = &p.c_re, .min = -2, .max = 2, .metavar = "X",
         .help = "real part of c"},
        {.name = "c-im", .type = CLI_DOUBLE, .value = &p.c_im, .min = -2, .max = 2, .metavar = "Y",
         .help = "imaginary part of c"},
        {.name = "iterations", .short_name = 'i', .type = CLI_INT, .value = &p.iterations,
         .min = 2, .max = 255, .metavar = "N", .help = "escape count to start from (brightest)"},
        {.name = "zoom", .type = CLI_DOUBLE, .value = &p.zoom, .min = 1, .max = 1e12,
         .metavar = "Z", .help = "magnify: show the plane -2..2 x -1.5..1.5 divided by Z"},
        {.name = "center-re", .type = CLI_DOUBLE, .value = &p.center_re, .min = -2, .max = 2,
         .metavar = "X", .help = "real part of the picture's centre"},
        {.name = "center-im", .type = CLI_DOUBLE, .value = &p.center_im, .min = -1.5, .max = 1.5,
         .metavar = "Y", .help = "imaginary part of the picture's centre"},
        {.name = "chunk", .type = CLI_INT, .value = &o.chunk, .min = 1, .max = 262144,
         .metavar = "ROWS", .help = "rows per task (dynamic); if not given, 16 x --scale"},
        {.name = "schedule", .type = CLI_CHOICE, .value = &o.schedule, .choices = "dynamic|static",
         .help = "tasks on demand, or one block of rows per worker"},
        {.name = "spawn", .type = CLI_INT, .value = &o.spawn, .min = 0, .max = 256, .metavar = "W",
         .help = "start W workers with MPI_Comm_spawn (run with mpiexec -n 1)"},
        {.name = "output", .short_name = 'o', .type = CLI_STRING, .value = &o.output,
         .metavar = "FILE", .help = "image file: .png or .pgm"},
        {.name = "palette", .type = CLI_CHOICE, .value = &o.palette, .choices = "colour|grey",
         .help = "PNG colours"},
        CLI_END};
    /* clang-format on */
    cli_spec spec = {.program = "julia",
                     .options = options,
                     .purpose = "a Julia set computed by a manager/worker task farm",
                     .usage = "mpiexec -n P ./julia [options]  or  mpiexec -n 1 ./julia --spawn W"};
    /* Join the job: rank 0 is the manager, the other ranks are its workers (or, with
     * --spawn, the manager starts its workers below). */
    MPI_Init(&argc, &argv);
    int world_rank, world_size;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    mpit_parse(argc, argv, &spec); /* options, --help; bad input: one line, exit 2 */

    /* Started by a julia manager's --spawn: work for it, then let go of it. */
    MPI_Comm parent;
    MPIT_CHECK(MPI_Comm_get_parent(&parent));
    if (parent != MPI_COMM_NULL) {
        share_picture(parent, 0, &p);
        worker(parent, &p);
        MPIT_CHECK(MPI_Comm_disconnect(&parent));
        MPI_Finalize();
        return 0;
    }

    julia_prepare(&spec, &p, &o, world_size); /* bad options: one line, exit 2 */
    sw_start("Overall time");
    /* --spawn W: the manager starts W copies of this program as its workers */
    MPI_Comm farm = o.spawn > 0 ? julia_spawn(o.spawn, argv[0]) : MPI_COMM_WORLD;
    int first = o.spawn > 0 ? 0 : 1, workers = o.spawn > 0 ? o.spawn : world_size - 1;
    share_picture(farm, o.spawn > 0 ? MPI_ROOT : 0, &p);
    julia_check check = {0};
    bool written = true;
    char err[640] = "";
    if (world_rank == 0) {
        julia_run run = julia_start(&p, &o, workers); /* the image, the stats, the timer */
        /* Dynamic schedule: two tasks per worker in flight, so while a worker computes one,
         * the next already waits in its queue. Static: one task (a whole block) per worker. */
        if (workers > 0)
            manager(farm, first, &p, o.chunk, o.dynamic ? 2 : 1, &run);
        else
            julia_alone(&p, &run); /* nobody to hand work to: rank 0 computes every row */
        written = julia_finish(&p, &o, &run, &check, err, sizeof err);
    } else {
        worker(farm, &p);
    }
    if (o.spawn > 0) /* let the spawned workers go before finalizing (see spawn_manager.c) */
        MPIT_CHECK(MPI_Comm_disconnect(&farm));

    mpit_agree(written, "%s", err);
    char text[256];
    int status = mpit_verdict(julia_check_passed(&check), "%s, wrote %s",
                              julia_check_text(&check, text, sizeof text), o.output);
    MPI_Finalize();
    return status;
}
