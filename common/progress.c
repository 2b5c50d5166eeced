/* progress.c - a progress line on the terminal; see progress.h. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <string.h>
#include <sys/stat.h>
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

#ifdef __linux__
/* Process pid's name and parent, from /proc (false if it is gone). */
static bool process_info(long pid, char *name, size_t size, long *parent)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    /* "pid (name) state ppid ...": the name may hold spaces and brackets, so from the last ')' */
    char *open = strchr(line, '('), *close = strrchr(line, ')');
    if (!ok || !open || !close || close < open || sscanf(close + 1, " %*c %ld", parent) != 1)
        return false;
    snprintf(name, size, "%.*s", (int)(close - open - 1), open + 1);
    return true;
}

/* Started by mpiexec (directly, or through MPICH's proxy) whose stderr is a terminal? The
 * launcher gives its ranks pipes and copies what they write to its own stderr. */
static bool launcher_on_terminal(void)
{
    struct stat st;
    if (fstat(STDERR_FILENO, &st) != 0 || !S_ISFIFO(st.st_mode))
        return false; /* a file or a terminal of our own: not the launcher's pipe */
    long pid = (long)getppid(), parent;
    char name[64];
    for (int depth = 0; depth < 2 && process_info(pid, name, sizeof name, &parent); depth++) {
        if (strcmp(name, "hydra_pmi_proxy") == 0) { /* MPICH: mpiexec is one further up */
            pid = parent;
            continue;
        }
        if (strncmp(name, "mpiexec", 7) != 0 && strncmp(name, "mpirun", 6) != 0 &&
            strcmp(name, "orterun") != 0 && strcmp(name, "prterun") != 0)
            return false;
        char path[64], target[64];
        snprintf(path, sizeof path, "/proc/%ld/fd/2", pid);
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n <= 0)
            return false;
        target[n] = '\0';
        return strncmp(target, "/dev/pts/", 9) == 0 || strncmp(target, "/dev/tty", 8) == 0;
    }
    return false;
}
#else
static bool launcher_on_terminal(void) { return false; }
#endif

void progress_start(progress *p, const char *label, const char *unit, double total, bool show)
{
    bool terminal = show && (isatty(STDERR_FILENO) || launcher_on_terminal());
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
