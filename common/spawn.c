/* spawn.c - MPI_Comm_spawn with the checks that keep a failure from hanging; see spawn.h. */
#define _GNU_SOURCE /* CLOCK_BOOTTIME */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "mpi_flavour.h"
#include "mpit.h"

/* The handshake: each worker sends SPAWN_ANSWER_LEN bytes, its program's name. */
#define SPAWN_ANSWER_LEN 64

bool spawn_locate(const char *name, const char *argv0, char *path, size_t len)
{
    char self[4096] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
    } else if (argv0 && strchr(argv0, '/')) {
        snprintf(self, sizeof self, "%s", argv0);
    } else {
        /* Started through PATH: the program is wherever PATH finds it, so is its sibling. */
        return snprintf(path, len, "%s", name) < (int)len;
    }
    char *slash = strrchr(self, '/');
    int dir_len = (int)(slash - self);
    return snprintf(path, len, "%.*s/%s", dir_len, self, name) < (int)len;
}

static bool is_true(const char *v)
{
    return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
           strcasecmp(v, "enabled") == 0;
}

/* The parameter files Open MPI reads, comma-separated, as it reports them through the MPI
 * tool interface (its control variable mca_base_param_files); if that fails, the per-user
 * file alone. */
static void openmpi_param_files(char *files, size_t len)
{
    const char *home = getenv("HOME");
    snprintf(files, len, "%s/.openmpi/mca-params.conf", home ? home : "");
    int provided = 0, index = 0, count = 0;
    if (MPI_T_init_thread(MPI_THREAD_SINGLE, &provided) != MPI_SUCCESS)
        return;
    MPI_T_cvar_handle handle;
    if (MPI_T_cvar_get_index("mca_base_param_files", &index) == MPI_SUCCESS &&
        MPI_T_cvar_handle_alloc(index, NULL, &handle, &count) == MPI_SUCCESS) {
        char *list = calloc((size_t)count + 1, 1);
        if (list && count > 0 && MPI_T_cvar_read(handle, list) == MPI_SUCCESS && strlen(list) < len)
            snprintf(files, len, "%s", list);
        free(list);
        MPI_T_cvar_handle_free(&handle);
    }
    MPI_T_finalize();
}

/* The value of `name` in one Open MPI parameter file ("name = value" lines, # comments). */
static bool param_in_file(const char *file, const char *name, char *value, size_t len)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    size_t name_len = strlen(name);
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line + strspn(line, " \t");
        if (strncmp(p, name, name_len) != 0)
            continue;
        p += name_len;
        p += strspn(p, " \t");
        if (*p != '=')
            continue;
        p += 1 + strspn(p + 1, " \t");
        p[strcspn(p, " \t\r\n#")] = '\0';
        snprintf(value, len, "%s", p);
        found = true;
    }
    fclose(f);
    return found;
}

/* Open MPI's parameter `name` as its mpiexec sees it: from the environment (where mpiexec
 * also puts what its --mca and --oversubscribe options said), else from the first parameter
 * file that sets it (the per-user ~/.openmpi/mca-params.conf comes first: scripts/setup-mpi
 * allows oversubscription there). False when nothing sets it. */
static bool openmpi_param(const char *name, char *value, size_t len)
{
    char env_name[128];
    snprintf(env_name, sizeof env_name, "OMPI_MCA_%s", name);
    const char *v = getenv(env_name);
    if (v) {
        snprintf(value, len, "%s", v);
        return true;
    }
    char files[4096];
    openmpi_param_files(files, sizeof files);
    char *save = NULL;
    for (char *file = strtok_r(files, ",", &save); file; file = strtok_r(NULL, ",", &save))
        if (param_in_file(file, name, value, len))
            return true;
    return false;
}

/* May Open MPI's mpiexec put more processes on a host than it has slots? Yes when
 * rmaps_base_oversubscribe is true, or the mapping policy (--map-by ...:OVERSUBSCRIBE) says
 * so. */
static bool openmpi_may_oversubscribe(void)
{
    char value[256];
    if (openmpi_param("rmaps_base_oversubscribe", value, sizeof value) && is_true(value))
        return true;
    const char *policy = getenv("OMPI_MCA_rmaps_base_mapping_policy");
    const char *mod = policy ? strstr(policy, "OVERSUBSCRIBE") : NULL;
    return mod && !(mod - policy >= 2 && strncmp(mod - 2, "NO", 2) == 0);
}

/* Open MPI only: do `workers` more processes fit in the slots mpiexec knows about? Its
 * mpiexec tells every process how many slots there are (MPI_UNIVERSE_SIZE); more than that
 * fit only when oversubscription is allowed. */
static bool openmpi_slots_ok(int workers, char *err, size_t err_len)
{
    int *universe = NULL, known = 0, world_size = 1;
    if (mpit_mpi_flavour_of_build() != MPIT_MPI_OPEN_MPI || openmpi_may_oversubscribe())
        return true;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &universe, &known);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (!known || *universe - world_size >= workers)
        return true;
    int free_slots = *universe > world_size ? *universe - world_size : 0;
    snprintf(err, err_len,
             "no free slots for %d worker%s (MPI has %d slot%s, %d in use); run mpiexec with "
             "--oversubscribe, or give it a hostfile with more slots",
             workers, workers == 1 ? "" : "s", *universe, *universe == 1 ? "" : "s",
             *universe - free_slots);
    return false;
}

/* MPI's name for the class of an error ("MPI_ERR_SPAWN: could not spawn processes"); the
 * full text can run over several lines (MPICH's error stack). */
static void error_text(int code, char *text, size_t len)
{
    char buf[MPI_MAX_ERROR_STRING] = "unknown error";
    int n = 0, error_class = code;
    MPI_Error_class(code, &error_class);
    MPI_Error_string(error_class, buf, &n);
    buf[strcspn(buf, "\n")] = '\0';
    snprintf(text, len, "%s", buf);
}

/* --- what the worker program is, before anything is started --------------------------- */

/* The file MPI_Comm_spawn would start: path itself when it holds a '/', else the first
 * match along PATH (as the launcher searches). Writes it to found; false if none exists. */
static bool find_program(const char *path, char *found, size_t len)
{
    const char *dirs = getenv("PATH");
    if (strchr(path, '/') || !dirs)
        return snprintf(found, len, "%s", path) < (int)len;
    for (const char *d = dirs; d; d = strchr(d, ':') ? strchr(d, ':') + 1 : NULL) {
        int n = (int)strcspn(d, ":");
        if (snprintf(found, len, "%.*s/%s", n, n ? d : ".", path) < (int)len &&
            access(found, F_OK) == 0)
            return true;
    }
    return snprintf(found, len, "%s", path) < (int)len;
}

/* The worker program must be a regular file we may execute: a directory, a FIFO or a file
 * without x permission would make the launcher fail in its own way (two lines and a
 * status of 131 for a directory under Open MPI). Writes the file the launcher would start
 * to found (find_program). */
static bool program_ok(const char *path, char *found, size_t found_len, char *err, size_t err_len)
{
    char shown[FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    struct stat st;
    const char *why = NULL;
    if (!find_program(path, found, found_len) || stat(found, &st) != 0)
        why = strerror(errno ? errno : ENAMETOOLONG);
    else if (S_ISDIR(st.st_mode))
        why = "it is a directory";
    else if (!S_ISREG(st.st_mode))
        why = "it is not a regular file";
    else if (access(found, X_OK) != 0 || !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
        why = "it is not executable";
    if (why)
        snprintf(err, err_len, "cannot start the worker program '%s': %s", shown, why);
    return why == NULL;
}

/* --- the watchdog: a deadline on calls that cannot time out by themselves ------------ */

static double monotonic_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds from this process's start (exec) to now; 1 where that cannot be read. */
static double seconds_since_start(void)
{
    double since = 1.0;
#ifdef __linux__
    FILE *f = fopen("/proc/self/stat", "r");
    char line[1024] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = '\0';
        fclose(f);
    }
    const char *p = strrchr(line, ')'); /* the name in (...) may hold spaces */
    unsigned long long start_ticks = 0;
    for (int field = 2; p && *p; p++)
        if (*p == ' ' && ++field == 22) {
            start_ticks = strtoull(p + 1, NULL, 10);
            break;
        }
    struct timespec now;
    long hz = sysconf(_SC_CLK_TCK);
    if (start_ticks > 0 && hz > 0 && clock_gettime(CLOCK_BOOTTIME, &now) == 0) {
        double s = (double)now.tv_sec + 1e-9 * (double)now.tv_nsec - (double)start_ticks / hz;
        if (s > 0)
            since = s;
    }
#endif
    return since;
}

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    double deadline;                /* monotonic_now() seconds */
    char line[2 * FORMAT_NAME_LEN]; /* printed when the deadline passes */
} watchdog;

static void *watch(void *arg)
{
    watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        double left = w->deadline - monotonic_now();
        if (left <= 0) {
            /* The main thread is inside MPI and cannot come out: say why, and end the
             * process (mpiexec ends the rest of the job). write() and _exit() only: safe
             * whatever the main thread is doing. */
            ssize_t n = write(STDERR_FILENO, w->line, strlen(w->line));
            (void)n;
            _exit(MPIT_EXIT_USAGE);
        }
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        double wait = left < 0.5 ? left : 0.5;
        until.tv_sec += (time_t)wait;
        until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->wake, &w->lock, &until);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Arm (or re-arm) the watchdog: in `seconds`, print `line` and exit. */
static void watchdog_set(watchdog *w, double seconds, const char *line)
{
    pthread_mutex_lock(&w->lock);
    w->deadline = monotonic_now() + seconds;
    size_t n = strnlen(line, sizeof w->line - 2);
    memcpy(w->line, line, n);
    memcpy(w->line + n, "\n", 2);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

static bool watchdog_start(watchdog *w, double seconds, const char *line)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    w->stop = false;
    watchdog_set(w, seconds, line);
    /* Whatever is still buffered would be lost if the deadline ends the process. */
    fflush(stdout);
    fflush(stderr);
    return pthread_create(&w->thread, NULL, watch, w) == 0;
}

static void watchdog_stop(watchdog *w)
{
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
}

/* --- the handshake ----------------------------------------------------------------------- */

void spawn_answer_parent(const char *program)
{
    MPI_Comm parent = MPI_COMM_NULL;
    if (MPI_Comm_get_parent(&parent) != MPI_SUCCESS || parent == MPI_COMM_NULL)
        return;
    MPI_Comm_set_errhandler(parent, MPI_ERRORS_RETURN);
    /* Root 0 of the remote group: the parent. Every spawned process sends its name... */
    char answer[SPAWN_ANSWER_LEN] = "";
    snprintf(answer, sizeof answer, "%s", program);
    MPIT_CHECK(MPI_Gather(answer, SPAWN_ANSWER_LEN, MPI_CHAR, NULL, 0, MPI_CHAR, 0, parent));
    /* ... and learns whether it is the program the parent wanted. */
    int go = 0;
    MPIT_CHECK(MPI_Bcast(&go, 1, MPI_INT, 0, parent));
    if (!go) {
        MPI_Comm_disconnect(&parent);
        mpit_exit(0);
    }
}

/* The manager's side: gather the workers' names (under the watchdog's deadline), then tell
 * them whether to go on. False with one line in err if any is not `program`. */
static bool handshake(MPI_Comm inter, int workers, const char *path, const char *program, char *err,
                      size_t err_len)
{
    char *names = calloc((size_t)workers, SPAWN_ANSWER_LEN);
    if (!names) {
        snprintf(err, err_len, "out of memory");
        return false;
    }
    int rc = MPI_Gather(NULL, 0, MPI_CHAR, names, SPAWN_ANSWER_LEN, MPI_CHAR, MPI_ROOT, inter);
    int go = rc == MPI_SUCCESS;
    const char *wrong = NULL;
    for (int i = 0; go && i < workers; i++) {
        char *name = names + (size_t)i * SPAWN_ANSWER_LEN;
        name[SPAWN_ANSWER_LEN - 1] = '\0';
        if (strcmp(name, program) != 0) {
            go = 0;
            wrong = name;
        }
    }
    char shown[FORMAT_NAME_LEN], answered[FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    if (rc != MPI_SUCCESS)
        snprintf(err, err_len, "the worker program '%s' did not answer the handshake", shown);
    else if (wrong)
        snprintf(err, err_len, "the worker program '%s' is %s, not %s", shown,
                 format_name(answered, sizeof answered, wrong), program);
    free(names);
    if (rc == MPI_SUCCESS)
        MPIT_CHECK(MPI_Bcast(&go, 1, MPI_INT, MPI_ROOT, inter));
    return go;
}

/* --- what the program says it is, before it is spawned ---------------------------------- */

/* Run `found --version` on its own: without the variables through which mpiexec makes a
 * process part of this job (mpi_flavour.h), so that an MPI program starts as a singleton;
 * stdin and stderr on /dev/null. Reads the first line it prints. Returns its exit status
 * (0-255), 256 + the signal that ended it, or -1 when it could not be started or had not
 * ended after `seconds` (it is killed then). */
static int ask_version(const char *found, double seconds, char *line, size_t len)
{
    extern char **environ;
    size_t n = 0, kept = 0, got = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 1, sizeof *env);
    int out[2];
    if (!env || pipe(out) != 0) {
        free(env);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (!mpit_is_launcher_variable(environ[i]))
            env[kept++] = environ[i];
    char *argv[] = {(char *)found, "--version", NULL};
    pid_t pid = fork();
    if (pid == 0) { /* the child: only async-signal-safe calls until execve */
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        execve(found, argv, env);
        _exit(127);
    }
    free(env);
    close(out[1]);
    line[0] = '\0';
    bool eof = pid < 0, ended = pid < 0;
    int status = 0;
    double deadline = monotonic_now() + seconds;
    while (!(eof && ended) && monotonic_now() < deadline) {
        struct pollfd ready = {.fd = out[0], .events = POLLIN};
        if (eof)
            poll(NULL, 0, 10); /* output done: wait for the exit */
        else if (poll(&ready, 1, 20) > 0) {
            char chunk[512];
            ssize_t r = read(out[0], chunk, sizeof chunk);
            eof = r <= 0;
            for (ssize_t i = 0; i < r && got + 1 < len; i++)
                line[got++] = chunk[i];
            line[got] = '\0';
        }
        if (!ended && waitpid(pid, &status, WNOHANG) == pid) {
            ended = true;
            /* a process it left behind may hold the pipe open: do not wait for it long */
            if (deadline > monotonic_now() + 0.2)
                deadline = monotonic_now() + 0.2;
        }
    }
    close(out[0]);
    if (pid < 0)
        return -1;
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return -1;
    }
    line[strcspn(line, "\n")] = '\0';
    return WIFEXITED(status) ? WEXITSTATUS(status) : 256 + WTERMSIG(status);
}

/* Is the program at `path` (found at `found` by program_ok) the worker `program`? Every
 * program of this course names itself first when asked for its --version ("spawn_worker
 * (mpi-tutorial-c) 0.1.0"). Asking before the spawn finds any other program within a
 * second, with one line: once spawned, a program that exits with an error before MPI_Init
 * makes Open MPI's mpiexec end the whole job with its own note, and one that never talks
 * leaves only the deadlines below. */
static bool program_is(const char *path, const char *found, const char *program, double seconds,
                       char *err, size_t err_len)
{
    char shown[FORMAT_NAME_LEN], line[256], said[FORMAT_NAME_LEN], ours[128];
    format_name(shown, sizeof shown, path);
    int status = ask_version(found, seconds, line, sizeof line);
    snprintf(ours, sizeof ours, "%s (mpi-tutorial-c) ", program);
    if (status == 0 && strncmp(line, ours, strlen(ours)) == 0)
        return true;
    const char *mark = strstr(line, " (mpi-tutorial-c) ");
    if (status == 0 && mark) { /* another program of this course */
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(mark - line), line);
        snprintf(err, err_len, "the worker program '%s' is %s, not %s", shown,
                 format_name(said, sizeof said, name), program);
    } else if (status == 0) {
        snprintf(err, err_len, "the worker program '%s' is not %s: its --version says '%s'", shown,
                 program, format_name(said, sizeof said, line));
    } else if (status < 0) {
        snprintf(err, err_len,
                 "the worker program '%s' did not answer --version within %.0f s, so it is not %s",
                 shown, seconds, program);
    } else {
        snprintf(err, err_len,
                 "the worker program '%s' %s %d when asked for its --version, so it "
                 "is not %s",
                 shown, status > 255 ? "was ended by signal" : "exited with status",
                 status > 255 ? status - 256 : status, program);
    }
    return false;
}

bool spawn_start(const char *path, const char *program, char **args, int workers, MPI_Comm *inter,
                 char *err, size_t err_len)
{
    *inter = MPI_COMM_NULL;
    double start_up = seconds_since_start();
    char found[4096];
    if (!program_ok(path, found, sizeof found, err, err_len) ||
        !program_is(path, found, program, 5.0 + 5.0 * start_up, err, err_len) ||
        !openmpi_slots_ok(workers, err, err_len))
        return false;

    /* Errors come back as return codes instead of ending the job: a failed spawn is
     * something the user can fix (fewer workers, more slots). */
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int *codes = calloc((size_t)workers, sizeof *codes);
    if (!codes) {
        snprintf(err, err_len, "out of memory");
        return false;
    }
    char shown[FORMAT_NAME_LEN], line[2 * FORMAT_NAME_LEN];
    format_name(shown, sizeof shown, path);
    double spawn_limit = 5.0 + start_up * (5.0 + workers);
    snprintf(line, sizeof line,
             "%s: the worker program '%s' did not join within %.0f s: it ended or hung before "
             "calling MPI_Init, so it is not %s",
             mpit_program(), shown, spawn_limit, program);
    watchdog dog;
    bool watched = watchdog_start(&dog, spawn_limit, line);
    int rc = MPI_Comm_spawn(path, args, workers, MPI_INFO_NULL, 0, MPI_COMM_SELF, inter, codes);
    int bad = rc;
    for (int i = 0; i < workers && bad == MPI_SUCCESS; i++)
        bad = codes[i];
    free(codes);
    bool ok = bad == MPI_SUCCESS;
    if (ok) {
        double answer_limit = 5.0 + 5.0 * start_up;
        snprintf(line, sizeof line,
                 "%s: the worker program '%s' joined but did not answer within %.0f s: it is "
                 "not %s",
                 mpit_program(), shown, answer_limit, program);
        if (watched)
            watchdog_set(&dog, answer_limit, line);
        ok = handshake(*inter, workers, path, program, err, err_len);
    } else {
        char text[MPI_MAX_ERROR_STRING];
        error_text(bad, text, sizeof text);
        snprintf(err, err_len,
                 "this MPI could not spawn %d worker%s (%s); check that it supports "
                 "MPI_Comm_spawn and has room for them (Open MPI: mpiexec --oversubscribe, or a "
                 "hostfile with more slots)",
                 workers, workers == 1 ? "" : "s", text);
    }
    /* Some workers may have started: let them go (they were told to stop, or see the
     * broken link, and exit) - still under the deadline. */
    if (!ok && *inter != MPI_COMM_NULL)
        MPI_Comm_disconnect(inter);
    if (!ok)
        *inter = MPI_COMM_NULL;
    if (watched)
        watchdog_stop(&dog);
    return ok;
}
