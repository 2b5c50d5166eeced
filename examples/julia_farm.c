/* julia_farm.c - julia.c's options, datatypes, checks and report; see julia_farm.h. */
#include "julia_farm.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "image.h"
#include "mpit.h"
#include "spawn.h"
#include "stopwatch.h"

/* A struct made of runs of ints and doubles: each run is one block of the datatype. */
static MPI_Datatype struct_type(int blocks, const int *lengths, const MPI_Aint *offsets,
                                const MPI_Datatype *types)
{
    MPI_Datatype type;
    MPIT_CHECK(MPI_Type_create_struct(blocks, lengths, offsets, types, &type));
    MPIT_CHECK(MPI_Type_commit(&type));
    return type;
}

MPI_Datatype julia_params_datatype(void)
{
    /* width, height, iterations; then the nine doubles from c_re to dy */
    int lengths[2] = {3, 9};
    MPI_Aint offsets[2] = {offsetof(julia_params, width), offsetof(julia_params, c_re)};
    MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};
    _Static_assert(offsetof(julia_params, dy) - offsetof(julia_params, c_re) == 8 * sizeof(double),
                   "julia_params: the doubles from c_re to dy are nine in a row");
    _Static_assert(offsetof(julia_params, iterations) - offsetof(julia_params, width) ==
                       2 * sizeof(int),
                   "julia_params: width, height, iterations are three ints in a row");
    return struct_type(2, lengths, offsets, types);
}

MPI_Datatype worker_stats_datatype(void)
{
    int lengths[2] = {2, 1};
    MPI_Aint offsets[2] = {offsetof(worker_stats, rows), offsetof(worker_stats, busy)};
    MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};
    _Static_assert(offsetof(worker_stats, tasks) - offsetof(worker_stats, rows) == sizeof(int),
                   "worker_stats: rows and tasks are two ints in a row");
    return struct_type(2, lengths, offsets, types);
}

void julia_prepare(const cli_spec *spec, julia_params *p, julia_options *o, int world_size)
{
    p->width *= o->scale;
    p->height *= o->scale;
    if (!cli_given(spec, "chunk"))
        o->chunk *= o->scale; /* the same number of tasks for every size */
    o->dynamic = strcmp(o->schedule, "dynamic") == 0;
    julia_setup(p);
    if (o->spawn > 0 && world_size > 1)
        mpit_usage_error("--spawn starts its own workers: run it as one process: "
                         "mpiexec -n 1 ./julia --spawn %d",
                         o->spawn);
    if ((int64_t)p->width * p->height > ((int64_t)1 << 28))
        mpit_usage_error("%dx%d pixels is too large (at most 2^28); use a smaller --scale",
                         p->width, p->height);
    char err[640] = "";
    int world_rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    bool writable = image_format_known(o->output);
    if (!writable)
        snprintf(err, sizeof err, "cannot write '%s': name a .png or .pgm file with --output",
                 o->output);
    else if (world_rank == 0)
        writable = afile_can_create(o->output, err, sizeof err);
    mpit_agree(writable, "%s", err);
}

MPI_Comm julia_spawn(int workers, const char *argv0)
{
    char self[4096], err[640] = "";
    MPI_Comm farm = MPI_COMM_NULL;
    spawn_locate("julia", argv0, self, sizeof self);
    bool started = spawn_start(self, "julia", MPI_ARGV_NULL, workers, &farm, err, sizeof err);
    mpit_agree(started, "%s", err);
    return farm;
}

julia_run julia_start(const julia_params *p, julia_options *o, int workers)
{
    printf("julia: %dx%d pixels, c = %g%+gi, %d iterations, %s schedule, %s%d worker%s\n", p->width,
           p->height, p->c_re, p->c_im, p->iterations, o->schedule, o->spawn > 0 ? "spawned " : "",
           workers, workers == 1 ? "" : "s");
    if (!o->dynamic && workers > 0)
        o->chunk = (p->height + workers - 1) / workers; /* one block per worker */
    julia_run run = {.image = mpit_xcalloc((size_t)p->width * (size_t)p->height, 1),
                     .stats = mpit_xcalloc(workers > 0 ? (size_t)workers : 1, sizeof *run.stats),
                     .workers = workers};
    snprintf(run.timer, sizeof run.timer, "%dx%d %s %d", p->width, p->height, o->schedule, workers);
    progress_start(&run.shown, "julia", "rows", p->height, true);
    sw_start(run.timer);
    return run;
}

void julia_alone(const julia_params *p, julia_run *run)
{
    double start = sw_cpu_now();
    for (int k = 0; k < p->height; k++) {
        julia_row(p, k, run->image + (size_t)k * (size_t)p->width);
        progress_add(&run->shown, 1);
    }
    run->stats[0] = (worker_stats){p->height, 1, sw_cpu_now() - start};
}

uint8_t *julia_room(uint8_t *buffer, size_t *room, size_t size)
{
    if (size <= *room)
        return buffer;
    free(buffer);
    *room = size;
    return mpit_xmalloc(size);
}

bool julia_finish(const julia_params *p, const julia_options *o, julia_run *run, julia_check *check,
                  char *err, size_t err_len)
{
    sw_stop(run->timer);
    progress_end(&run->shown);
    int rows = 0;
    for (int w = 0; w < (run->workers > 0 ? run->workers : 1); w++) {
        const worker_stats *s = &run->stats[w];
        printf("worker %d: %d rows in %d chunk%s, busy %.3f s\n", run->workers > 0 ? w + 1 : 0,
               s->rows, s->tasks, s->tasks == 1 ? "" : "s", s->busy);
        rows += s->rows;
    }
    printf("computed %d rows in %.3f s, chunks of %d rows\n", p->height, sw_get(run->timer),
           o->chunk);
    *check = julia_check_image(p, run->image);
    check->missing += rows != p->height; /* a row computed twice, or never */
    bool ok = julia_check_passed(check);
    bool written =
        image_write(o->output, run->image, p->width, p->height,
                    strcmp(o->palette, "grey") == 0 ? IMAGE_GREY : IMAGE_COLOUR, err, err_len);
    sw_stop("Overall time");
    sw_status(run->timer, ok && written);
    sw_status("Overall time", ok && written);
    sw_benchmark(stdout, "julia");
    free(run->image);
    free(run->stats);
    return written;
}

const char *julia_check_text(const julia_check *check, char *text, size_t len)
{
    char mirror[96] = "no pixel has an exact mirror pixel";
    if (check->mirror_pixels > 0)
        snprintf(mirror, sizeof mirror, "%ld of %ld pixels equal their exact mirror pixel",
                 check->mirror_pixels - check->mirror_differ, check->mirror_pixels);
    snprintf(text, len, "%s, %d of %d rows equal a recomputation, %s",
             check->missing == 0 ? "every row computed once" : "rows missing or computed twice",
             check->rows_redone - check->rows_differ, check->rows_redone, mirror);
    return text;
}
