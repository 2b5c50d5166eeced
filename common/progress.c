/* progress.c - a progress line on the terminal; see progress.h. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <unistd.h>

#include "stopwatch.h"

void progress_start_on(progress *p, FILE *out, double (*clock)(void), const char *label,
                       const char *unit, double total)
{
    p->out = out;
    p->label = label;
    p->unit = unit;
    p->total = total;
    p->done = 0;
    p->clock = clock ? clock : sw_now;
    p->started = p->clock();
    p->shown = -1;
}

void progress_start(progress *p, const char *label, const char *unit, double total, bool show)
{
    /* Open MPI's mpiexec, run on a terminal, gives the ranks a terminal for stdout but a
     * pipe for stderr (whose bytes it copies to its own stderr, the terminal). */
    bool terminal = show && (isatty(STDERR_FILENO) || isatty(STDOUT_FILENO));
    progress_start_on(p, terminal ? stderr : NULL, NULL, label, unit, total);
}

/* "41 s", "1 min 10 s", "2 h 5 min", "3.5 days", "120 years". */
static void duration(char *text, size_t size, double seconds)
{
    double s = seconds < 0 ? 0 : seconds + 0.5;
    if (s < 60)
        snprintf(text, size, "%d s", (int)s);
    else if (s < 3600)
        snprintf(text, size, "%d min %d s", (int)(s / 60), (int)s % 60);
    else if (s < 86400)
        snprintf(text, size, "%d h %d min", (int)(s / 3600), (int)(s / 60) % 60);
    else if (s < 365 * 86400.0)
        snprintf(text, size, "%.1f days", seconds / 86400);
    else
        snprintf(text, size, "%.3g years", seconds / (365.25 * 86400));
}

void progress_add(progress *p, double units)
{
    p->done += units;
    if (!p->out)
        return;
    double now = p->clock(), elapsed = now - p->started;
    if (elapsed < PROGRESS_DELAY || (p->shown >= 0 && now - p->shown < PROGRESS_EVERY))
        return;
    char so_far[32], left[32] = "";
    duration(so_far, sizeof so_far, elapsed);
    double fraction = p->total > 0 && p->done < p->total ? p->done / p->total : 1;
    if (fraction > 0)
        duration(left, sizeof left, elapsed * (1 - fraction) / fraction);
    /* \r back to the line's start, \033[K erases the rest of an older, longer line. */
    fprintf(p->out, "\r%s: %.0f%% of %.3g %s, %s so far, about %s left\033[K", p->label,
            100 * fraction, p->total, p->unit, so_far, fraction > 0 ? left : "?");
    fflush(p->out);
    p->shown = now;
}

void progress_clear(progress *p)
{
    if (p->out && p->shown >= 0) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
        p->shown = -1;
    }
}

void progress_end(progress *p)
{
    progress_clear(p);
    p->out = NULL;
}
