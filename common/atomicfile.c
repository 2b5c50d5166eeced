/* atomicfile.c - temp file + fsync + rename; see atomicfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dup_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
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

bool afile_can_create(const char *path, char *err, size_t err_len)
{
    if (!path || !*path) {
        snprintf(err, err_len, "cannot write '': empty file name");
        return false;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, err_len, "cannot write '%s': it is a directory", path);
        return false;
    }
    char *dir = dup_dirname(path);
    bool ok = dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
    if (!ok)
        snprintf(err, err_len, "cannot write '%s': directory '%s' %s", path, dir ? dir : "?",
                 dir && stat(dir, &st) == 0 ? "is not writable" : "does not exist");
    free(dir);
    return ok;
}

bool afile_open(atomic_file *f, const char *path, char *err, size_t err_len)
{
    memset(f, 0, sizeof *f);
    if (!afile_can_create(path, err, err_len))
        return false;
    size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
    f->final_path = strdup(path);
    f->tmp_path = malloc(n);
    if (!f->final_path || !f->tmp_path) {
        snprintf(err, err_len, "cannot write '%s': out of memory", path);
        afile_abort(f);
        return false;
    }
    snprintf(f->tmp_path, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
        free(f->tmp_path);
        f->tmp_path = NULL;
        afile_abort(f);
        return false;
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; results are for reading */
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        snprintf(err, err_len, "cannot write '%s': %s", path, strerror(errno));
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
    if (f->tmp_path)
        unlink(f->tmp_path);
    free(f->tmp_path);
    free(f->final_path);
    memset(f, 0, sizeof *f);
}

bool afile_commit(atomic_file *f, char *err, size_t err_len)
{
    bool ok = fflush(f->fp) == 0 && !ferror(f->fp) && fsync(fileno(f->fp)) == 0;
    int saved = errno;
    ok = (fclose(f->fp) == 0) && ok;
    f->fp = NULL;
    if (ok && rename(f->tmp_path, f->final_path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        snprintf(err, err_len, "cannot write '%s': %s", f->final_path,
                 strerror(saved ? saved : EIO));
        afile_abort(f);
        return false;
    }
    free(f->tmp_path);
    free(f->final_path);
    memset(f, 0, sizeof *f);
    return true;
}
