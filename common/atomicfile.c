/* atomicfile.c - temporary file + fsync + rename, by the rules of atomicfile.h. */
#define _GNU_SOURCE /* O_TMPFILE, linkat's AT_SYMLINK_FOLLOW, getentropy */
#include "atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format.h"

#define TEMP_PREFIX ".mpit-tmp-"

/* --- names ------------------------------------------------------------------------- */

/* The directory part of path ("." when there is none); malloc'd. */
static char *dup_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* 8 hex digits of an FNV-1a hash of the host name: which host a temporary file is from. */
static const char *host_tag(void)
{
    static char tag[9];
    if (!tag[0]) {
        char host[256] = "";
        gethostname(host, sizeof host - 1);
        uint32_t h = 2166136261u;
        for (const char *p = host; *p; p++)
            h = (h ^ (unsigned char)*p) * 16777619u;
        snprintf(tag, sizeof tag, "%08x", (unsigned)h);
    }
    return tag;
}

/* "<dir>/.mpit-tmp-<host>-<pid>-<six characters>" into a malloc'd string; the six are
 * XXXXXX for mkstemp, or random letters. */
static char *temp_name(const char *dir, bool for_mkstemp)
{
    char tail[64];
    char suffix[7] = "XXXXXX";
    if (!for_mkstemp) {
        static const char letters[] =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        unsigned char bytes[6];
        static unsigned counter;
        if (getentropy(bytes, sizeof bytes) != 0)
            for (int i = 0; i < 6; i++)
                bytes[i] = (unsigned char)((unsigned)getpid() * 31u + counter++ * 7u + (unsigned)i);
        for (int i = 0; i < 6; i++)
            suffix[i] = letters[bytes[i] % (sizeof letters - 1)];
    }
    snprintf(tail, sizeof tail, TEMP_PREFIX "%s-%ld-%s", host_tag(), (long)getpid(), suffix);
    bool here = strcmp(dir, ".") == 0;
    size_t n = strlen(dir) + strlen(tail) + 2;
    char *name = malloc(n);
    if (name)
        snprintf(name, n, "%s%s%s", here ? "" : dir,
                 here ? "" : (dir[strlen(dir) - 1] == '/' ? "" : "/"), tail);
    return name;
}

/* --- removing temporary files when the process ends ------------------------------------ */

#define GUARD_SLOTS 16
static char *volatile guarded[GUARD_SLOTS];
static const int guarded_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction previous[3];

static void remove_guarded(void)
{
    for (int i = 0; i < GUARD_SLOTS; i++) {
        char *p = guarded[i];
        if (p)
            unlink(p);
    }
}

/* Remove the files, then let the signal do what it did before (usually: end the process). */
static void on_signal(int sig)
{
    remove_guarded();
    for (int i = 0; i < 3; i++)
        if (guarded_signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
    raise(sig);
}

static void install_handlers(void)
{
    static bool installed;
    if (installed)
        return;
    installed = true;
    atexit(remove_guarded);
    for (int i = 0; i < 3; i++) {
        struct sigaction now;
        if (sigaction(guarded_signals[i], NULL, &now) != 0 || now.sa_handler == SIG_IGN)
            continue; /* an ignored signal (nohup, a launcher's choice) stays ignored */
        struct sigaction mine = {0};
        mine.sa_handler = on_signal;
        sigemptyset(&mine.sa_mask);
        sigaction(guarded_signals[i], &mine, &previous[i]);
    }
}

static void guard(const char *path)
{
    install_handlers();
    for (int i = 0; i < GUARD_SLOTS; i++)
        if (!guarded[i]) {
            guarded[i] = strdup(path);
            return;
        }
}

void afile_unguard(const char *tmp_path)
{
    for (int i = 0; tmp_path && i < GUARD_SLOTS; i++) {
        char *p = guarded[i];
        if (p && strcmp(p, tmp_path) == 0) {
            guarded[i] = NULL; /* first out of the handler's sight, then freed */
            free(p);
            return;
        }
    }
}

/* Has process pid ended? Gone, or a zombie (ended, not yet reaped: a rank whose mpiexec
 * ended first stays one until the system reaps it). */
static bool process_ended(long pid)
{
    if (kill((pid_t)pid, 0) != 0)
        return errno == ESRCH; /* EPERM: it exists (another user's) */
    char path[64], line[512] = "";
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool read_ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    const char *state = read_ok ? strrchr(line, ')') : NULL; /* "pid (name) S ..." */
    return state && state[1] == ' ' && state[2] == 'Z';
}

/* Temporary files of processes on this host that no longer exist, in dir: left by a
 * process that was killed. Only our own names, only regular files of this user. */
static void remove_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char mine[64];
    int len = snprintf(mine, sizeof mine, TEMP_PREFIX "%s-", host_tag());
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, mine, (size_t)len) != 0)
            continue;
        char *end = NULL;
        long pid = strtol(e->d_name + len, &end, 10);
        if (pid <= 0 || !end || *end != '-' || pid == (long)getpid())
            continue;
        if (!process_ended(pid))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid())
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* --- what the output path names ---------------------------------------------------- */

static bool fail(char *err, size_t err_len, const char *path, const char *why)
{
    char shown[FORMAT_NAME_LEN];
    snprintf(err, err_len, "cannot write '%s': %s", format_name(shown, sizeof shown, path), why);
    return false;
}

static bool fail_errno(char *err, size_t err_len, const char *path, int code)
{
    return fail(err, err_len, path, strerror(code));
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISFIFO(mode) ? "a FIFO (named pipe)"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISREG(mode)  ? "a regular file"
                            : "not a regular file";
}

/* Does st (what a path resolves to) denote the null device or our stdout/stderr? Which
 * standard stream: *stream = 1 or 2, else 0. */
static bool writable_in_place(const struct stat *st, int *stream)
{
    *stream = 0;
    struct stat other;
    for (int fd = 1; fd <= 2; fd++)
        if (fstat(fd, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino) {
            *stream = fd;
            return true;
        }
    return S_ISCHR(st->st_mode) && stat("/dev/null", &other) == 0 && S_ISCHR(other.st_mode) &&
           other.st_rdev == st->st_rdev;
}

/* The directory must exist: the message every example's matrix expects when it does not. */
static bool directory_exists(const char *path, char *err, size_t err_len)
{
    char *dir = dup_dirname(path);
    if (!dir)
        return fail(err, err_len, path, "out of memory");
    struct stat st;
    bool exists = stat(dir, &st) == 0, ok = exists && S_ISDIR(st.st_mode);
    if (!ok) {
        char shown[FORMAT_NAME_LEN], why[FORMAT_NAME_LEN + 64];
        snprintf(why, sizeof why, "directory '%s' %s", format_name(shown, sizeof shown, dir),
                 exists ? "is not a directory" : "does not exist");
        fail(err, err_len, path, why);
    }
    free(dir);
    return ok;
}

bool afile_check_target(const char *path, bool in_place_ok, afile_target *target, char *err,
                        size_t err_len)
{
    if (!path || !*path)
        return fail(err, err_len, "", "empty file name");
    size_t len = strlen(path);
    if (path[len - 1] == '/')
        return fail(err, err_len, path, "the name ends in '/': name a file, not a directory");
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            if (!directory_exists(path, err, err_len))
                return false;
            *target = AFILE_NEW;
            return true;
        }
        return fail_errno(err, err_len, path, errno);
    }
    if (S_ISREG(st.st_mode)) {
        *target = AFILE_REPLACE;
        return true;
    }
    struct stat resolved;
    bool resolves = stat(path, &resolved) == 0;
    int stream;
    if (in_place_ok && resolves && writable_in_place(&resolved, &stream)) {
        *target = AFILE_IN_PLACE;
        return true;
    }
    char why[160];
    const char *fix = in_place_ok ? "name a regular file, or /dev/null to discard the output"
                                  : "name a regular file";
    if (S_ISLNK(st.st_mode))
        snprintf(why, sizeof why, "it is a symbolic link (to %s); %s",
                 resolves ? kind_of(resolved.st_mode) : "nothing", fix);
    else
        snprintf(why, sizeof why, "it is %s; %s", kind_of(st.st_mode), fix);
    return fail(err, err_len, path, why);
}

/* --- temporary files --------------------------------------------------------------- */

int afile_create_temp(const char *path, char **tmp_path, char *err, size_t err_len)
{
    *tmp_path = NULL;
    char *dir = dup_dirname(path);
    char *name = dir ? temp_name(dir, true) : NULL;
    if (!name) {
        free(dir);
        fail(err, err_len, path, "out of memory");
        return -1;
    }
    remove_leftovers(dir);
    int fd = mkstemp(name); /* O_CREAT | O_EXCL: a new file, never through a link */
    if (fd < 0) {
        char shown[FORMAT_NAME_LEN], why[FORMAT_NAME_LEN + 128];
        snprintf(why, sizeof why, "cannot create a file in directory '%s' (%s)",
                 format_name(shown, sizeof shown, dir), strerror(errno));
        fail(err, err_len, path, why);
        free(name);
        free(dir);
        return -1;
    }
    free(dir);
    guard(name);
    fchmod(fd, 0644); /* mkstemp makes 0600; results are for reading */
    *tmp_path = name;
    return fd;
}

/* A file with no name yet (O_TMPFILE) in path's directory, or -1 where the file system or
 * the kernel cannot make one (or /proc, which gives it a name later, is missing). */
static int create_unnamed(const char *path)
{
#ifdef O_TMPFILE
    if (access("/proc/self/fd", X_OK) != 0)
        return -1;
    char *dir = dup_dirname(path);
    int fd = dir ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644) : -1;
    free(dir);
    return fd;
#else
    (void)path;
    return -1;
#endif
}

/* Give the unnamed file open as fd a temporary name next to path. */
static char *name_unnamed(int fd, const char *path)
{
    char *dir = dup_dirname(path), proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    for (int attempt = 0; dir && attempt < 10; attempt++) {
        char *name = temp_name(dir, false);
        if (!name)
            break;
        guard(name);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0) {
            free(dir);
            return name;
        }
        int code = errno;
        afile_unguard(name);
        free(name);
        if (code != EEXIST)
            break;
    }
    free(dir);
    return NULL;
}

bool afile_rename(const char *tmp_path, const char *path, char *err, size_t err_len)
{
    afile_target target;
    if (!afile_check_target(path, false, &target, err, err_len))
        return false;
    if (rename(tmp_path, path) != 0)
        return fail_errno(err, err_len, path, errno);
    /* The rename itself is an entry in the directory: flush it too (best effort: some file
     * systems cannot fsync a directory, and the file is in place either way). */
    char *dir = dup_dirname(path);
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    return true;
}

/* --- the writer ---------------------------------------------------------------------- */

static bool open_in_place(atomic_file *f, const char *path, char *err, size_t err_len)
{
    struct stat st;
    int stream = 0, fd = -1;
    if (stat(path, &st) == 0 && writable_in_place(&st, &stream))
        fd = stream ? dup(stream) : open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    /* Opened by name: make sure it is still what was checked (not swapped meanwhile). */
    if (fd >= 0 && !stream && (fstat(fd, &st) != 0 || !writable_in_place(&st, &stream))) {
        close(fd);
        fd = -1;
        errno = EINVAL;
    }
    f->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f->fp) {
        int code = errno;
        if (fd >= 0)
            close(fd);
        return fail_errno(err, err_len, path, code);
    }
    f->in_place = true;
    return true;
}

bool afile_open(atomic_file *f, const char *path, char *err, size_t err_len)
{
    memset(f, 0, sizeof *f);
    afile_target target;
    if (!afile_check_target(path, true, &target, err, err_len))
        return false;
    f->final_path = strdup(path);
    if (!f->final_path)
        return fail(err, err_len, path, "out of memory");
    if (target == AFILE_IN_PLACE) {
        if (open_in_place(f, path, err, err_len))
            return true;
        afile_abort(f);
        return false;
    }
    int fd = create_unnamed(path);
    if (fd < 0)
        fd = afile_create_temp(path, &f->tmp_path, err, err_len);
    else {
        char *dir = dup_dirname(path);
        if (dir)
            remove_leftovers(dir);
        free(dir);
    }
    if (fd < 0) {
        afile_abort(f);
        return false;
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        fail_errno(err, err_len, path, errno);
        close(fd);
        afile_abort(f);
        return false;
    }
    return true;
}

void afile_abort(atomic_file *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp_path) {
        unlink(f->tmp_path);
        afile_unguard(f->tmp_path);
    }
    free(f->tmp_path);
    free(f->final_path);
    memset(f, 0, sizeof *f);
}

/* Everything written so far is on the disk (or, in place, handed to the device). */
static bool flush_all(atomic_file *f, int *code)
{
    errno = 0;
    bool ok = fflush(f->fp) == 0 && !ferror(f->fp) && (f->in_place || fsync(fileno(f->fp)) == 0);
    *code = ok ? 0 : (errno ? errno : EIO);
    return ok;
}

bool afile_commit(atomic_file *f, char *err, size_t err_len)
{
    int code;
    bool ok = flush_all(f, &code);
    if (ok && !f->in_place && !f->tmp_path) { /* unnamed until now: give it a name */
        f->tmp_path = name_unnamed(fileno(f->fp), f->final_path);
        ok = f->tmp_path != NULL;
        code = ok ? 0 : errno;
    }
    if (fclose(f->fp) != 0 && ok) {
        ok = false;
        code = errno;
    }
    f->fp = NULL;
    if (!ok) {
        fail_errno(err, err_len, f->final_path, code ? code : EIO);
        afile_abort(f);
        return false;
    }
    if (!f->in_place && !afile_rename(f->tmp_path, f->final_path, err, err_len)) {
        afile_abort(f);
        return false;
    }
    afile_unguard(f->tmp_path);
    free(f->tmp_path);
    f->tmp_path = NULL;
    afile_abort(f); /* nothing left to remove: frees the names */
    return true;
}

bool afile_can_create(const char *path, char *err, size_t err_len)
{
    afile_target target;
    if (!afile_check_target(path, true, &target, err, err_len))
        return false;
    if (target == AFILE_IN_PLACE) {
        atomic_file f;
        if (!afile_open(&f, path, err, err_len))
            return false;
        afile_abort(&f);
        return true;
    }
    /* Make a file there and remove it: the only honest test (root passes access() even
     * where nothing can be created, as under /proc). */
    int fd = create_unnamed(path);
    if (fd >= 0) {
        close(fd);
        return true;
    }
    char *tmp = NULL;
    fd = afile_create_temp(path, &tmp, err, err_len);
    if (fd < 0)
        return false;
    close(fd);
    unlink(tmp);
    afile_unguard(tmp);
    free(tmp);
    return true;
}
