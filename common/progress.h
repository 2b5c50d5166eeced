/* progress.h - "how far, how long still" on the terminal, for runs longer than a few seconds.
 *
 *     progress p;
 *     progress_start(&p, "pi", "darts", total, world_rank == 0);   // only rank 0 shows it
 *     for (...) { ...work...; progress_add(&p, darts_done_now); }
 *     progress_end(&p);                                         // erases the line
 *
 * The line is drawn on stderr, and only on a terminal: when stderr is one, or when it is the
 * pipe of the mpiexec that started this process and mpiexec's own stderr is a terminal
 * (mpiexec copies what its ranks write there; on Linux, found through /proc). Never in a
 * pipe, a file or a test, so the program's output and its one-line errors stay as they are.
 * It appears once the run has taken PROGRESS_DELAY seconds (short runs never show it), is
 * redrawn at most every PROGRESS_EVERY seconds, and says how much is done and how long the
 * rest will take at the speed so far:
 *
 *     pi: 37% of 1e+12 darts, 41 s so far, about 1 min 10 s left
 *
 * Call progress_clear before printing to stdout while a line may be shown (the next
 * progress_add draws it again). progress_add costs one clock read, so call it every few
 * milliseconds of work, not for every item.
 */
#ifndef MPIT_PROGRESS_H
#define MPIT_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#define PROGRESS_DELAY 2.0 /* seconds before the first line */
#define PROGRESS_EVERY 0.5 /* seconds between redraws */

typedef struct {
    FILE *out;             /* where the line goes; NULL: nowhere */
    const char *label;     /* "pi" */
    const char *unit;      /* "darts" */
    double total, done;    /* units of work in all, and done so far */
    double started;        /* clock() at the start */
    double shown;          /* clock() when the line was last drawn, or < 0: not drawn */
    double (*clock)(void); /* seconds (sw_now; a test can give its own) */
} progress;

/* Start counting towards total units. Shows a line only if show and on a terminal. */
void progress_start(progress *p, const char *label, const char *unit, double total, bool show);

/* The same, drawing on out whatever it is (NULL: nothing), timed by clock (NULL: sw_now). */
void progress_start_on(progress *p, FILE *out, double (*clock)(void), const char *label,
                       const char *unit, double total);

/* units more are done; redraws the line when it is time to. */
void progress_add(progress *p, double units);

/* Erase the line, if one is shown (before printing to stdout). */
void progress_clear(progress *p);

/* The work is over: erase the line. */
void progress_end(progress *p);

#endif
