/* atomicfile.h - output files are written whole or not at all.
 *
 * A program that dies half-way (a bad rank, Ctrl-C, a full disk) must not leave a
 * truncated julia.png behind that looks like a result. So we write to a temporary file in
 * the same directory ("julia.png.tmp.XXXXXX"), flush it to disk, and rename() it over the
 * final name: on POSIX that rename is atomic, readers see the old file or the new one.
 *
 *     atomic_file f;
 *     if (!afile_open(&f, path, err, sizeof err)) ...report err...
 *     fwrite(..., f.fp); ...
 *     if (!afile_commit(&f, err, sizeof err)) ...report err...   (or afile_abort(&f))
 */
#ifndef MPIT_ATOMICFILE_H
#define MPIT_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *fp; /* write here */
    char *final_path;
    char *tmp_path;
} atomic_file;

bool afile_open(atomic_file *f, const char *path, char *err, size_t err_len);
bool afile_commit(atomic_file *f, char *err, size_t err_len); /* closes; false = removed */
void afile_abort(atomic_file *f);                             /* closes and removes */

/* Can a file be created at path? (Its directory exists and is writable.) For checking an
 * --output flag before hours of computing, not instead of checking afile_open. */
bool afile_can_create(const char *path, char *err, size_t err_len);

#endif
