/* mpiofile.h - MPI-IO output files, whole or not at all, by the rules of atomicfile.h.
 *
 *     mpio_file out;
 *     mpit_agree(mpiofile_create(&out, comm, "plate.dat", bytes, err, sizeof err), "%s", err);
 *     MPI_File fh;
 *     int rc = MPI_File_open(comm, out.tmp_path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
 *     bool ok = mpiofile_check(&out, rc, "open", err, sizeof err);
 *     ... MPI_File_write_all ..., MPI_File_close(&fh) ...
 *     bool kept = mpiofile_commit(&out, ok, why, sizeof why);   (removed unless ok everywhere)
 *     mpit_agree(ok, "%s", err);
 *     mpit_agree(kept, "%s", why);
 *
 * With MPI-IO the MPI library opens the file, by name, on every rank; atomic_file's
 * unnamed files cannot be shared that way. So:
 *  - rank 0 makes one temporary file in the output's directory (atomicfile.h's
 *    afile_create_temp: O_EXCL, an unpredictable short name, dead processes' leftovers
 *    removed first, removed by SIGINT/SIGTERM/SIGHUP and exit) and broadcasts its name;
 *    every rank opens that name. A name is never reused.
 *  - The output path must name nothing or a regular file (a device, a FIFO, a directory or
 *    a symbolic link is refused; there is no in-place /dev/null: the file is read back).
 *  - rank 0 reserves the file's whole size on the disk first (posix_fallocate), so a full
 *    disk is one line before anything is written, never a short write that some MPI
 *    libraries do not report, or report on some ranks only.
 *  - MPI libraries build longer names from the one they open (Open MPI 4.1: the name +
 *    ".locktest.<rank>", in a 256-byte buffer; past it, "*** buffer overflow detected ***").
 *    The temporary name is short, so any legal output name works, and a temporary path
 *    longer than MPIOFILE_MAX_PATH (from a directory path of more than 190 bytes) is
 *    refused with one line.
 *  - mpiofile_commit, collective, keeps the file only if every rank says ok: rank 0
 *    checks that the name still holds the file it made, flushes it (fsync), and renames it
 *    over the output; otherwise it removes it.
 * Messages are one line (names through format_name, MPI's error text on one line).
 */
#ifndef MPIT_MPIOFILE_H
#define MPIT_MPIOFILE_H

#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>

/* Longest temporary path handed to MPI_File_open. Open MPI's limit is 256 bytes minus
 * ".locktest." and the rank and the final NUL: 239 for up to a million ranks. */
#define MPIOFILE_MAX_PATH 230

typedef struct {
    char *path;     /* the output's name */
    char *tmp_path; /* what to MPI_File_open, the same on every rank */
    MPI_Comm comm;
    int rank;     /* in comm */
    int guard_fd; /* rank 0: the temporary file, held open (-1 elsewhere) */
} mpio_file;

/* Collective over comm: can path take the output (nothing or a regular file there, a
 * directory that takes new files, a short enough directory path)? Rank 0 checks; every
 * rank gets the same answer and message. */
bool mpiofile_can_create(MPI_Comm comm, const char *path, char *err, size_t err_len);

/* Collective: rank 0 makes the temporary file and reserves `bytes` for it; every rank gets
 * its name in f->tmp_path. False on every rank, with the same line in err, if it cannot. */
bool mpiofile_create(mpio_file *f, MPI_Comm comm, const char *path, MPI_Offset bytes, char *err,
                     size_t err_len);

/* Local: rc of an MPI-IO call on the file. True if MPI_SUCCESS; else false and "cannot
 * <what> '<path>': <MPI's error text>" in err. (Files default to MPI_ERRORS_RETURN, so
 * MPI-IO errors come back as codes even where communicators abort.) */
bool mpiofile_check(const mpio_file *f, int rc, const char *what, char *err, size_t err_len);

/* Local: did an MPI-IO call move `expected` items of type? (status from the call) */
bool mpiofile_count_ok(const mpio_file *f, MPI_Status *status, MPI_Datatype type, int expected,
                       char *err, size_t err_len);

/* Collective: the file is closed on every rank; keep it (rename over f->path) if `keep`
 * is true on every rank, else remove it. Frees f. Returns false only where keeping failed
 * (rank 0: the name no longer held our file, fsync or rename failed; err says why), so
 * mpit_agree(result, "%s", err) prints that line; true everywhere else, also when the
 * file was removed because some rank passed keep = false (that rank reports its reason). */
bool mpiofile_commit(mpio_file *f, bool keep, char *err, size_t err_len);

#endif
