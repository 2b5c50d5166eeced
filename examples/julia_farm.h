/* julia_farm.h - what julia.c's lesson needs around the farm: its options, the structs that
 * travel and their MPI datatypes, the checks before the start and the report at the end.
 *
 * The datatypes: a derived datatype lists a struct's fields with their offsets and types
 * (chapter 3, send_recv.c), so MPI copies the fields themselves, right even between machines
 * that lay the struct out differently (a laptop and a 32-bit Raspberry Pi in one farm).
 */
#ifndef JULIA_FARM_H
#define JULIA_FARM_H

#include <mpi.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "julia_kernel.h"
#include "progress.h"

/* How to run, from the command line (the picture itself is a julia_params). */
typedef struct {
    int scale;    /* the picture is scale times width x height */
    int chunk;    /* rows per task */
    int spawn;    /* workers to start with MPI_Comm_spawn; 0: the other ranks work */
    bool dynamic; /* tasks on demand (--schedule dynamic), else one block per worker */
    const char *schedule, *output, *palette;
} julia_options;

/* What a worker did, sent to the manager when it stops. */
typedef struct {
    int rows, tasks; /* computed */
    double busy;     /* CPU seconds spent computing them (sw_cpu_now) */
} worker_stats;

/* Committed datatypes for one julia_params and one worker_stats; MPI_Type_free them. */
MPI_Datatype julia_params_datatype(void);
MPI_Datatype worker_stats_datatype(void);

/* Collective over MPI_COMM_WORLD, right after mpit_parse: apply --scale (to the chunk too,
 * unless --chunk was given), set up the grid, and check what the user can get wrong before
 * any work starts (--spawn with more than one rank, too many pixels, an --output that cannot
 * be written): one line on stderr from rank 0, exit 2 on every rank. */
void julia_prepare(const cli_spec *spec, julia_params *p, julia_options *o, int world_size);

/* Rank 0 with --spawn: start `workers` copies of the program argv0 names (common/spawn.h)
 * and return the intercommunicator to them; if they cannot start, one line, exit 2. */
MPI_Comm julia_spawn(int workers, const char *argv0);

/* What the manager keeps while the farm runs. */
typedef struct {
    uint8_t *image;      /* width x height, 0 until a row arrives (escape counts are 1..255) */
    worker_stats *stats; /* one per worker (one for rank 0 when it works alone) */
    int workers;
    progress shown; /* rows in, on rank 0's terminal when the picture takes a few seconds */
    char timer[64]; /* the StopWatch timer of the picture: "640x480 dynamic 2" (workers) */
} julia_run;

/* Rank 0, before the first task: print what will be computed ("julia: 640x480 pixels, ..."),
 * make the static schedule's chunk one block per worker, allocate, start the timer and the
 * progress line (common/progress.h: shown only on a terminal, after a few seconds). */
julia_run julia_start(const julia_params *p, julia_options *o, int workers);

/* Rank 0 with no workers: compute every row itself. */
void julia_alone(const julia_params *p, julia_run *run);

/* A buffer of at least size bytes: buffer itself if its *room suffices, else a new one (the
 * old one freed). Memory grows with the tasks a worker gets, not with --chunk. */
uint8_t *julia_room(uint8_t *buffer, size_t *room, size_t size);

/* Rank 0, once every row is in: stop the timer and the progress line, print one line per
 * worker ("worker 1: 160 rows in 1 chunk, busy 0.001 s"; with no workers "worker 0" for
 * rank 0) and how long the picture took, check the image (julia_check_image, and the
 * workers' rows must add up to its height) into *check, write it to o->output, print the
 * StopWatch table and free the run. Returns whether the image was written (else the reason
 * is in err). */
bool julia_finish(const julia_params *p, const julia_options *o, julia_run *run, julia_check *check,
                  char *err, size_t err_len);

/* The verdict's text for a check: "every row computed once, 16 of 16 rows equal a
 * recomputation, 35045 of 35045 pixels equal their exact mirror pixel". */
const char *julia_check_text(const julia_check *check, char *text, size_t len);

#endif
