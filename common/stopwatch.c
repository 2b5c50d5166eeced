/* stopwatch.c - named timers in the cloudmesh StopWatch format; see stopwatch.h. */
#define _POSIX_C_SOURCE 200809L
#include "stopwatch.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char name[64];
    bool running, ok;
    double started, last, sum;
    char start_stamp[20]; /* "YYYY-MM-DD HH:MM:SS" of the first start */
    char msg[64];
} sw_timer;

static sw_timer timers[SW_MAX_TIMERS];
static int timer_count;

double sw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double sw_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static sw_timer *find(const char *name, bool create)
{
    for (int i = 0; i < timer_count; i++)
        if (strcmp(timers[i].name, name) == 0)
            return &timers[i];
    if (!create || timer_count == SW_MAX_TIMERS)
        return NULL;
    sw_timer *t = &timers[timer_count++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->ok = true;
    return t;
}

void sw_start(const char *name)
{
    sw_timer *t = find(name, true);
    if (!t)
        return;
    if (t->start_stamp[0] == '\0') {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(t->start_stamp, sizeof t->start_stamp, "%Y-%m-%d %H:%M:%S", &tm);
    }
    t->running = true;
    t->started = sw_now();
}

void sw_stop(const char *name)
{
    sw_timer *t = find(name, false);
    if (!t || !t->running)
        return;
    t->last = sw_now() - t->started;
    t->sum += t->last;
    t->running = false;
}

double sw_get(const char *name)
{
    sw_timer *t = find(name, false);
    if (!t)
        return -1.0;
    return t->running ? sw_now() - t->started : t->last;
}

double sw_sum(const char *name)
{
    sw_timer *t = find(name, false);
    if (!t)
        return -1.0;
    return t->sum + (t->running ? sw_now() - t->started : 0.0);
}

void sw_status(const char *name, bool ok)
{
    sw_timer *t = find(name, true);
    if (t)
        t->ok = ok;
}

void sw_message(const char *name, const char *msg)
{
    sw_timer *t = find(name, true);
    if (t)
        snprintf(t->msg, sizeof t->msg, "%s", msg);
}

void sw_reset(void) { timer_count = 0; }

/* CSV has no quoting in the tutorial's pipelines: keep commas out of every field. */
static void csv_clean(char *s)
{
    for (; *s; s++)
        if (*s == ',' || *s == '\n')
            *s = ' ';
}

typedef struct {
    char node[sizeof(struct utsname)], user[64], system[sizeof(struct utsname)],
        version[sizeof(struct utsname)];
} sw_machine;

static void machine_info(sw_machine *m)
{
    struct utsname u;
    memset(m, 0, sizeof *m);
    if (uname(&u) == 0) {
        snprintf(m->node, sizeof m->node, "%s", u.nodename);
        snprintf(m->system, sizeof m->system, "%s", u.sysname);
        snprintf(m->version, sizeof m->version, "%s", u.version);
    }
    const char *user = getenv("USER");
    if (!user || !*user) {
        struct passwd *pw = getpwuid(getuid());
        user = pw ? pw->pw_name : "unknown";
    }
    snprintf(m->user, sizeof m->user, "%s", user);
    csv_clean(m->node);
    csv_clean(m->user);
    csv_clean(m->system);
    csv_clean(m->version);
}

void sw_csv(FILE *out, const char *tag)
{
    sw_machine m;
    machine_info(&m);
    char clean_tag[64];
    snprintf(clean_tag, sizeof clean_tag, "%s", tag ? tag : "");
    csv_clean(clean_tag);
    fprintf(out, "%s\n", SW_CSV_HEADER);
    for (int i = 0; i < timer_count; i++) {
        sw_timer *t = &timers[i];
        char name[sizeof t->name], msg[sizeof t->msg];
        /* %.*s, not %s: gcc 12 on ARM */
        snprintf(name, sizeof name, "%.*s", (int)sizeof name - 1, t->name);
        snprintf(msg, sizeof msg, "%s", t->msg[0] ? t->msg : "None");
        csv_clean(name);
        csv_clean(msg);
        fprintf(out, "# csv,%s,%s,%.6f,%.6f,%s,%s,%s,%s,%s,%s,%s\n", name, t->ok ? "ok" : "failed",
                sw_get(t->name), sw_sum(t->name), t->start_stamp, clean_tag, msg, m.node, m.user,
                m.system, m.version);
    }
}

void sw_benchmark(FILE *out, const char *tag)
{
    fprintf(
        out, "\n+%s+\n| %-24s | %-6s | %12s | %12s | %-19s |\n+%s+\n",
        "--------------------------------------------------------------------------------------",
        "timer", "status", "time (s)", "sum (s)", "start",
        "--------------------------------------------------------------------------------------");
    for (int i = 0; i < timer_count; i++)
        fprintf(out, "| %-24.24s | %-6s | %12.6f | %12.6f | %-19s |\n", timers[i].name,
                timers[i].ok ? "ok" : "failed", sw_get(timers[i].name), sw_sum(timers[i].name),
                timers[i].start_stamp);
    fprintf(
        out, "+%s+\n\n",
        "--------------------------------------------------------------------------------------");
    sw_csv(out, tag);
}
