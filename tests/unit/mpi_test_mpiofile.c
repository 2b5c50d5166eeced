/* Unit tests for common/mpiofile.c, run at 2 ranks (mpiexec -n 2): MPI-IO output files by
 * atomicfile.h's rules - whole or nothing, any legal name, never over a device, a FIFO, a
 * directory or a link, one line for every failure on every rank. */
#define _DEFAULT_SOURCE /* mkdtemp, mknod, makedev */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mpiofile.h"
#include "scratch_dir.h"

static char dir[64] = "/tmp/mpit-mpiofile-XXXXXX";
static int rank;

/* Every rank writes 8 bytes at offset 8 * rank through MPI-IO and commits with `keep`.
 * Returns mpiofile_commit's answer; false at once (err set) if the file could not be made. */
static bool write_shared(const char *path, bool keep, char *err, size_t err_len)
{
    mpio_file f;
    if (!mpiofile_create(&f, MPI_COMM_WORLD, path, 16, err, err_len))
        return false;
    MPI_File fh;
    int rc = MPI_File_open(MPI_COMM_WORLD, f.tmp_path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    assert_true(mpiofile_check(&f, rc, "open", err, err_len));
    double value = 1.0 + rank;
    MPI_Status status;
    rc = MPI_File_write_at_all(fh, 8 * rank, &value, 1, MPI_DOUBLE, &status);
    assert_true(mpiofile_check(&f, rc, "write", err, err_len));
    assert_true(mpiofile_count_ok(&f, &status, MPI_DOUBLE, 1, err, err_len));
    assert_int_equal(MPI_File_close(&fh), MPI_SUCCESS);
    return mpiofile_commit(&f, keep, err, err_len);
}

static void writes_whole_files_under_any_legal_name(void **state)
{
    (void)state;
    char name[256], path[512], err[1024];
    memset(name, 'n', 250);
    name[250] = '\0';
    assert_true(write_shared(scratch_path(path, sizeof path, dir, name), true, err, sizeof err));
    MPI_Barrier(MPI_COMM_WORLD);
    struct stat st;
    assert_true(stat(path, &st) == 0 && st.st_size == 16);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        assert_int_equal(scratch_entries(dir), 1); /* no temporary file left */
        unlink(path);
    }
}

static void a_rank_that_fails_means_no_file(void **state)
{
    (void)state;
    char path[512], err[1024];
    /* Rank 1 does not want the file kept: removed on every rank, nobody reports an error
     * from the commit itself (rank 1 reports its own reason). */
    assert_true(
        write_shared(scratch_path(path, sizeof path, dir, "out.dat"), rank == 0, err, sizeof err));
    MPI_Barrier(MPI_COMM_WORLD);
    assert_int_equal(access(path, F_OK), -1);
    if (rank == 0)
        assert_int_equal(scratch_entries(dir), 0);
}

/* One line, the same on every rank, for every target that is not nothing or a regular file,
 * and for names too long; nothing is made. */
static void refuses_with_one_line_on_every_rank(void **state)
{
    (void)state;
    char fifo[512], sub[512], link[512], err[1024];
    scratch_path(fifo, sizeof fifo, dir, "fifo");
    scratch_path(sub, sizeof sub, dir, "sub");
    scratch_path(link, sizeof link, dir, "link");
    if (rank == 0) {
        assert_int_equal(mkfifo(fifo, 0600), 0);
        assert_int_equal(mkdir(sub, 0700), 0);
        assert_int_equal(symlink("fifo", link), 0);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    const char *paths[] = {fifo, sub, link, "/dev/null", "/proc/x.dat"};
    const char *whys[] = {"it is a FIFO (named pipe); name a regular file",
                          "it is a directory; name a regular file",
                          "it is a symbolic link (to a FIFO (named pipe)); name a regular file",
                          "it is a character device; name a regular file",
                          "cannot create a file in directory '/proc' ("};
    for (int i = 0; i < 5; i++) {
        char expected[1024];
        snprintf(expected, sizeof expected, "cannot write '%s': %s", paths[i], whys[i]);
        assert_false(mpiofile_can_create(MPI_COMM_WORLD, paths[i], err, sizeof err));
        assert_true(strncmp(err, expected, strlen(expected)) == 0);
        assert_false(write_shared(paths[i], true, err, sizeof err));
        assert_true(strncmp(err, expected, strlen(expected)) == 0);
    }
    char *huge = malloc(4097);
    memset(huge, 'a', 4096);
    huge[4096] = '\0';
    assert_false(write_shared(huge, true, err, sizeof err));
    assert_non_null(strstr(err, "...aaa"));
    assert_non_null(strstr(err, "': File name too long"));
    assert_true(strlen(err) < 300 && !strchr(err, '\n'));
    free(huge);
    assert_false(write_shared("/nonexistent-dir/a\nb.dat", true, err, sizeof err));
    assert_string_equal(err, "cannot write '/nonexistent-dir/a\\nb.dat': directory "
                             "'/nonexistent-dir' does not exist");
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        struct stat st;
        assert_true(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
        assert_true(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
        assert_int_equal(scratch_entries(dir), 3);
        unlink(fifo), rmdir(sub), unlink(link);
    }
}

/* The MPI library builds longer names from the one it opens (Open MPI: + ".locktest.<rank>"
 * in 256 bytes): a directory path up to the limit works, one byte more is one line. */
static void directory_paths_up_to_the_limit(void **state)
{
    (void)state;
    /* deep: "<dir>/ddd...d/", exactly as many bytes as a directory may have; deeper: one
     * 'd' more. */
    size_t room = MPIOFILE_MAX_PATH - 40, k = room - strlen(dir) - 2;
    char deep[512], deeper[512], path[600], err[1024];
    snprintf(deep, sizeof deep, "%s/%0*d/", dir, (int)k, 0);
    snprintf(deeper, sizeof deeper, "%s/%0*d/", dir, (int)k + 1, 0);
    assert_int_equal(strlen(deep), room);
    if (rank == 0) {
        assert_int_equal(mkdir(deep, 0700), 0);
        assert_int_equal(mkdir(deeper, 0700), 0);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    snprintf(path, sizeof path, "%sout.dat", deep);
    assert_true(write_shared(path, true, err, sizeof err));
    snprintf(path, sizeof path, "%sout.dat", deeper);
    assert_false(write_shared(path, true, err, sizeof err));
    char expected[160];
    snprintf(expected, sizeof expected,
             "': its directory's path is too long for MPI-IO (%zu bytes, at most %zu); write "
             "into a directory with a shorter path",
             room + 1, room);
    assert_non_null(strstr(err, expected));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        snprintf(path, sizeof path, "%sout.dat", deep);
        assert_int_equal(unlink(path), 0);
        assert_int_equal(rmdir(deep), 0);
        assert_int_equal(rmdir(deeper), 0);
        assert_int_equal(scratch_entries(dir), 0);
    }
}

/* A full disk is one line before anything is written (the size is reserved first). Needs a
 * small tmpfs, so root; skipped otherwise. */
static void a_full_disk_is_one_line(void **state)
{
    (void)state;
    char mnt[512], path[600], err[1024];
    scratch_path(mnt, sizeof mnt, dir, "full");
    int mounted = 0;
    if (rank == 0 && mkdir(mnt, 0700) == 0)
        mounted = mount("tmpfs", mnt, "tmpfs", 0, "size=8k") == 0;
    MPI_Bcast(&mounted, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!mounted) {
        if (rank == 0)
            rmdir(mnt);
        skip();
    }
    snprintf(path, sizeof path, "%s/big.dat", mnt);
    mpio_file f;
    bool made = mpiofile_create(&f, MPI_COMM_WORLD, path, 1 << 20, err, sizeof err);
    char expected[700];
    snprintf(expected, sizeof expected, "cannot write '%s': No space left on device", path);
    if (rank == 0) {
        DIR *d = opendir(mnt);
        int left = 0;
        struct dirent *e;
        while (d && (e = readdir(d)))
            left += e->d_name[0] != '.' || strncmp(e->d_name, ".mpit", 5) == 0;
        closedir(d);
        umount(mnt);
        rmdir(mnt);
        assert_int_equal(left, 0);
    }
    assert_false(made);
    assert_string_equal(err, expected);
}

/* The name is checked before the rename: a file swapped in at the temporary name (by
 * somebody who can write the directory) is not renamed into place. */
static void a_swapped_temporary_file_is_not_kept(void **state)
{
    (void)state;
    char path[512], err[1024];
    mpio_file f;
    assert_true(mpiofile_create(&f, MPI_COMM_WORLD, scratch_path(path, sizeof path, dir, "out.dat"),
                                16, err, sizeof err));
    if (rank == 0) {
        char swap[600];
        snprintf(swap, sizeof swap, "%s.swap", f.tmp_path);
        FILE *other = fopen(swap, "w");
        fputs("not ours\n", other);
        fclose(other);
        assert_int_equal(rename(swap, f.tmp_path), 0);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    bool kept = mpiofile_commit(&f, true, err, sizeof err);
    if (rank == 0) {
        assert_false(kept);
        assert_non_null(strstr(err, "': its temporary file was replaced while it was written"));
        assert_int_equal(access(path, F_OK), -1);
        assert_int_equal(scratch_entries(dir), 0);
    }
}

static int setup(void **state)
{
    (void)state;
    if (rank == 0 && !mkdtemp(dir))
        return -1;
    MPI_Bcast(dir, sizeof dir, MPI_CHAR, 0, MPI_COMM_WORLD);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    MPI_Barrier(MPI_COMM_WORLD);
    return rank == 0 ? rmdir(dir) : 0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_whole_files_under_any_legal_name),
        cmocka_unit_test(a_rank_that_fails_means_no_file),
        cmocka_unit_test(refuses_with_one_line_on_every_rank),
        cmocka_unit_test(directory_paths_up_to_the_limit),
        cmocka_unit_test(a_full_disk_is_one_line),
        cmocka_unit_test(a_swapped_temporary_file_is_not_kept),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    MPI_Finalize();
    return failed ? 1 : 0;
}
