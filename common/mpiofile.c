/* mpiofile.c - one shared temporary file for MPI-IO, renamed when whole; see mpiofile.h. */
#define _POSIX_C_SOURCE 200809L
#include "mpiofile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "format.h"
#include "mpit.h"

/* Bytes a temporary name adds to the directory's path (atomicfile.h: ".mpit-tmp-<8 hex>-
 * <pid>-XXXXXX", 33 bytes with a 7-digit pid), rounded up. */
#define TEMP_NAME_MAX 40

static bool fail(char *err, size_t err_len, const char *path, const char *why)
{
    char shown[FORMAT_NAME_LEN];
    snprintf(err, err_len, "cannot write '%s': %s", format_name(shown, sizeof shown, path), why);
    return false;
}

/* Rank 0's verdict and message, to every rank of comm (collective). */
static bool share(MPI_Comm comm, bool ok, char *err, size_t err_len)
{
    int verdict = ok;
    MPIT_CHECK(MPI_Bcast(&verdict, 1, MPI_INT, 0, comm));
    if (verdict)
        return true;
    int len = (int)strnlen(err, err_len);
    MPIT_CHECK(MPI_Bcast(&len, 1, MPI_INT, 0, comm));
    char *text = mpit_xmalloc((size_t)len + 1);
    memcpy(text, err, (size_t)len);
    MPIT_CHECK(MPI_Bcast(text, len, MPI_CHAR, 0, comm));
    text[len] = '\0';
    snprintf(err, err_len, "%s", text);
    free(text);
    return false;
}

/* Rank 0: the checks that need no file made. */
static bool target_ok(const char *path, char *err, size_t err_len)
{
    afile_target target;
    if (!afile_check_target(path, false, &target, err, err_len))
        return false;
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    if (dir_len + TEMP_NAME_MAX > MPIOFILE_MAX_PATH) {
        char why[160];
        snprintf(why, sizeof why,
                 "its directory's path is too long for MPI-IO (%zu bytes, at most %d); "
                 "write into a directory with a shorter path",
                 dir_len, MPIOFILE_MAX_PATH - TEMP_NAME_MAX);
        return fail(err, err_len, path, why);
    }
    return true;
}

bool mpiofile_can_create(MPI_Comm comm, const char *path, char *err, size_t err_len)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    bool ok = true;
    if (rank == 0) {
        ok = target_ok(path, err, err_len);
        char *tmp = NULL;
        int fd = ok ? afile_create_temp(path, &tmp, err, err_len) : -1;
        ok = ok && fd >= 0;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
            afile_unguard(tmp);
        }
        free(tmp);
    }
    return share(comm, ok, err, err_len);
}

bool mpiofile_create(mpio_file *f, MPI_Comm comm, const char *path, MPI_Offset bytes, char *err,
                     size_t err_len)
{
    *f = (mpio_file){.comm = comm, .guard_fd = -1};
    MPI_Comm_rank(comm, &f->rank);
    bool ok = true;
    if (f->rank == 0) {
        ok = target_ok(path, err, err_len);
        if (ok)
            f->guard_fd = afile_create_temp(path, &f->tmp_path, err, err_len);
        ok = ok && f->guard_fd >= 0;
        /* The whole file's room on the disk, now: a full disk is found before anything is
         * written, and no write can come up short for lack of space. */
        int code = ok && bytes > 0 ? posix_fallocate(f->guard_fd, 0, (off_t)bytes) : 0;
        if (code != 0)
            ok = fail(err, err_len, path, strerror(code));
    }
    if (!share(comm, ok, err, err_len)) {
        if (f->tmp_path) {
            close(f->guard_fd);
            unlink(f->tmp_path);
            afile_unguard(f->tmp_path);
        }
        free(f->tmp_path);
        *f = (mpio_file){.guard_fd = -1};
        return false;
    }
    /* Every rank opens the same name: rank 0's, broadcast with its length. */
    int len = f->rank == 0 ? (int)strlen(f->tmp_path) : 0;
    MPIT_CHECK(MPI_Bcast(&len, 1, MPI_INT, 0, comm));
    if (f->rank != 0)
        f->tmp_path = mpit_xcalloc((size_t)len + 1, 1);
    MPIT_CHECK(MPI_Bcast(f->tmp_path, len, MPI_CHAR, 0, comm));
    f->path = mpit_xmalloc(strlen(path) + 1);
    strcpy(f->path, path);
    return true;
}

bool mpiofile_check(const mpio_file *f, int rc, const char *what, char *err, size_t err_len)
{
    if (rc == MPI_SUCCESS)
        return true;
    /* MPICH's text is an error stack, one line per level: one line here. */
    char text[MPI_MAX_ERROR_STRING] = "unknown error";
    int n = 0;
    MPI_Error_string(rc, text, &n);
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    while (n > 0 && text[n - 1] == ' ')
        text[--n] = '\0';
    char shown[FORMAT_NAME_LEN];
    snprintf(err, err_len, "cannot %s '%s': %s", what, format_name(shown, sizeof shown, f->path),
             text);
    return false;
}

bool mpiofile_count_ok(const mpio_file *f, MPI_Status *status, MPI_Datatype type, int expected,
                       char *err, size_t err_len)
{
    int count = MPI_UNDEFINED;
    MPI_Get_count(status, type, &count);
    if (count == expected)
        return true;
    char why[96];
    snprintf(why, sizeof why, "MPI moved %d of %d items", count, expected);
    return fail(err, err_len, f->path, why);
}

/* Rank 0: the name still holds the file we made (nobody swapped it), its data is on the
 * disk, and it takes the output's name. */
static bool keep(mpio_file *f, char *err, size_t err_len)
{
    struct stat named, made;
    if (lstat(f->tmp_path, &named) != 0 || fstat(f->guard_fd, &made) != 0 ||
        named.st_dev != made.st_dev || named.st_ino != made.st_ino)
        return fail(err, err_len, f->path, "its temporary file was replaced while it was written");
    if (fsync(f->guard_fd) != 0)
        return fail(err, err_len, f->path, strerror(errno));
    return afile_rename(f->tmp_path, f->path, err, err_len);
}

bool mpiofile_commit(mpio_file *f, bool keep_it, char *err, size_t err_len)
{
    int mine = keep_it, all = 0;
    MPIT_CHECK(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, f->comm));
    bool kept = true;
    if (f->rank == 0) {
        kept = !all || keep(f, err, err_len);
        if (!all || !kept)
            unlink(f->tmp_path);
        afile_unguard(f->tmp_path);
        close(f->guard_fd);
    }
    free(f->tmp_path);
    free(f->path);
    *f = (mpio_file){.guard_fd = -1};
    return kept;
}
