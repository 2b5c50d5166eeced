/* atomicfile.h - output files are written whole or not at all, and never over something
 * that is not a result.
 *
 *     atomic_file f;
 *     if (!afile_open(&f, path, err, sizeof err)) ...report err...
 *     fwrite(..., f.fp); ...
 *     if (!afile_commit(&f, err, sizeof err)) ...report err...   (or afile_abort(&f))
 *
 * A program that dies half-way (a bad rank, Ctrl-C, a full disk) must not leave a truncated
 * julia.png behind that looks like a result, and writing a result must never replace a
 * device, follow a link somebody planted, or reuse a file it did not make. The rules (the
 * way coreutils and glibc write files):
 *
 *  - The data goes to a NEW temporary file in the output's directory, made with O_EXCL
 *    (never an existing file, never through a symbolic link) under an unpredictable name.
 *    Where the system allows it (Linux O_TMPFILE: ext4, xfs, btrfs, tmpfs) the file has no
 *    name at all until afile_commit, so a process killed mid-write - SIGKILL included -
 *    leaves nothing behind.
 *  - afile_commit flushes the data to disk (fsync) and renames the file over the output's
 *    name: readers see the old file or the new one, never half of one. A short write, a
 *    full disk (ENOSPC) or a failed fsync makes afile_commit fail and remove the file.
 *  - The rename replaces a REGULAR FILE or creates the name; nothing else. An output path
 *    that names the null device (/dev/null, or a node like it) or this process's standard
 *    output or error (/dev/stdout, /dev/stderr) is written in place, with no temporary file
 *    and no rename: that is what the user asked for. Anything else that is not a regular
 *    file - another device (/dev/full), a FIFO, a directory, a socket, a symbolic link (even
 *    one to a regular file) - is refused with one line, and left as it was.
 *  - Temporary names are short, ".mpit-tmp-<host>-<pid>-XXXXXX" (<host> 8 hex digits of a
 *    hash of the host name, <pid> the writing process), so every legal output name works,
 *    however long. While a named temporary file exists, SIGINT, SIGTERM and SIGHUP (unless
 *    ignored) and exit() remove it. One left by a process that was killed before it could
 *    (SIGKILL, or an MPI launcher's SIGTERM followed at once by SIGKILL) is removed by the
 *    next afile_open or afile_create_temp in that directory on the same host, once that
 *    process has ended (gone, or a zombie); it is never reused.
 *
 * Messages name the path through format_name (format.h): one line, however long or odd
 * the name.
 */
#ifndef MPIT_ATOMICFILE_H
#define MPIT_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp;         /* write here */
    char *final_path; /* the name asked for */
    char *tmp_path;   /* the temporary file's name while it has one, else NULL */
    bool in_place;    /* writing straight into /dev/null or a standard stream */
} atomic_file;

bool afile_open(atomic_file *f, const char *path, char *err, size_t err_len);
bool afile_commit(atomic_file *f, char *err, size_t err_len); /* closes; false = removed */
void afile_abort(atomic_file *f);                             /* closes and removes */

/* Can the output be written to path, by the rules above? Checks what the path names and
 * makes (and removes) a temporary file in its directory, so a directory that refuses new
 * files (read-only, /proc, no permission) is found here. For checking an --output flag
 * before hours of computing; afile_open checks again. */
bool afile_can_create(const char *path, char *err, size_t err_len);

/* --- for other writers in common/ (mpiofile.c), which need the same rules --- */

typedef enum {
    AFILE_NEW,      /* nothing there yet: create the name */
    AFILE_REPLACE,  /* a regular file: replace it */
    AFILE_IN_PLACE, /* the null device or a standard stream: write into it */
} afile_target;

/* What path names, by the rules above. in_place_ok false: the null device and standard
 * streams are refused too (a file that is read back, or opened by name on other
 * processes, must be a real file). False with one line in err. */
bool afile_check_target(const char *path, bool in_place_ok, afile_target *target, char *err,
                        size_t err_len);

/* A new, empty temporary file named like the rules say, in path's directory (O_EXCL,
 * mode 0644), after removing dead processes' leftovers there. Returns its descriptor and
 * the name in *tmp_path (malloc'd), guarded by the signal and exit handlers until
 * afile_unguard; -1 with one line in err. */
int afile_create_temp(const char *path, char **tmp_path, char *err, size_t err_len);
void afile_unguard(const char *tmp_path);

/* Rename tmp_path over path if path (checked again now) is nothing or a regular file, then
 * flush the directory. False with one line in err (tmp_path is left for the caller). */
bool afile_rename(const char *tmp_path, const char *path, char *err, size_t err_len);

#endif
