/* scratch_dir.h - the unit tests' scratch directory: what is in it, and paths inside it. */
#ifndef MPIT_TESTS_SCRATCH_DIR_H
#define MPIT_TESTS_SCRATCH_DIR_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* Entries of `dir`, dot files (temporary files such as ".mpit-tmp-...") included. */
static inline int scratch_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* `dir`/`name` in path (len bytes); returns path. */
static inline char *scratch_path(char *path, size_t len, const char *dir, const char *name)
{
    snprintf(path, len, "%s/%s", dir, name);
    return path;
}

#endif
