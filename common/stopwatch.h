/* stopwatch.h - named timers, printed the way cloudmesh's StopWatch prints them.
 *
 * The tutorial times everything with cloudmesh.common.StopWatch and greps the results out
 * with `fgrep "# csv"`. These timers print the same machine-readable lines:
 *
 *   # csv,timer,status,time,sum,start,tag,msg,uname.node,user,uname.system,platform.version
 *   # csv,ring 4 1000,ok,0.012,0.012,2026-11-25 10:40:01,,None,myhost,pi,Linux,#1 SMP ...
 *
 * time is the last start..stop interval in seconds, sum the total over all intervals,
 * start the wall-clock time of the first start. Timers are process-local (each rank has its
 * own); in the examples only rank 0 prints them. Up to SW_MAX_TIMERS timers.
 */
#ifndef MPIT_STOPWATCH_H
#define MPIT_STOPWATCH_H

#include <stdbool.h>
#include <stdio.h>

#define SW_MAX_TIMERS 32
#define SW_CSV_HEADER                                                                              \
    "# csv,timer,status,time,sum,start,tag,msg,uname.node,user,uname.system,platform.version"

void sw_start(const char *name);
void sw_stop(const char *name);
double sw_get(const char *name);           /* last interval (running: so far), s; -1 unknown */
double sw_sum(const char *name);           /* all intervals added up, seconds */
void sw_status(const char *name, bool ok); /* "ok" (default) or "failed" in the csv line */
void sw_message(const char *name, const char *msg); /* the csv "msg" column ("None") */
void sw_reset(void);

/* The human table followed by the header and one "# csv," line per timer. */
void sw_benchmark(FILE *out, const char *tag);

/* Only the csv header + lines (what `fgrep "# csv"` keeps). */
void sw_csv(FILE *out, const char *tag);

/* Monotonic seconds, for loops that time themselves. */
double sw_now(void);

/* CPU seconds the calling thread has used so far: the time it computed, without the time it
 * waited for a core (on a machine shared by more processes than cores, that can be most of
 * the wall time). */
double sw_cpu_now(void);

#endif
