/* Unit tests for common/atomicfile.c and common/image.c: whole files or none, and never
 * over something that is not a result (atomicfile.h's rules, one test per rule). */
#define _DEFAULT_SOURCE /* mknod, makedev */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomicfile.h"
#include "image.h"
#include "scratch_dir.h"

static char dir[] = "/tmp/mpit-unit-XXXXXX";

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void assert_text(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, text);
}

/* afile_open + one line + afile_commit; the result, err holding the message. */
static bool write_result(const char *path, char *err, size_t err_len)
{
    atomic_file f;
    if (!afile_open(&f, path, err, err_len))
        return false;
    fputs("result\n", f.fp);
    return afile_commit(&f, err, err_len);
}

static void commit_makes_the_file_abort_leaves_nothing(void **state)
{
    (void)state;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    atomic_file f;
    assert_true(afile_open(&f, path, err, sizeof err));
    fputs("half", f.fp);
    assert_int_equal(access(path, F_OK), -1); /* not visible before commit */
    afile_abort(&f);
    assert_int_equal(scratch_entries(dir), 0);
    assert_true(afile_open(&f, path, err, sizeof err));
    fputs("whole\n", f.fp);
    assert_true(afile_commit(&f, err, sizeof err));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 6);
    assert_int_equal(scratch_entries(dir), 1);
    unlink(path);
}

static void bad_paths_are_refused_with_a_reason(void **state)
{
    (void)state;
    char err[256];
    atomic_file f;
    assert_false(afile_open(&f, "/nonexistent-dir/x.png", err, sizeof err));
    assert_string_equal(
        err, "cannot write '/nonexistent-dir/x.png': directory '/nonexistent-dir' does not exist");
    assert_false(afile_can_create(dir, err, sizeof err));
    assert_non_null(strstr(err, "is a directory"));
    assert_false(afile_can_create("", err, sizeof err));
}

/* Not a regular file: refused with one line, and left exactly as it was. */
static void refuses_what_is_not_a_regular_file(void **state)
{
    (void)state;
    char fifo[512], sub[512], victim[512], link[512], dangling[512], err[1024];
    assert_int_equal(mkfifo(scratch_path(fifo, sizeof fifo, dir, "fifo"), 0600), 0);
    assert_int_equal(mkdir(scratch_path(sub, sizeof sub, dir, "sub"), 0700), 0);
    write_text(scratch_path(victim, sizeof victim, dir, "victim"), "precious\n");
    assert_int_equal(symlink("victim", scratch_path(link, sizeof link, dir, "link")), 0);
    assert_int_equal(symlink("nowhere", scratch_path(dangling, sizeof dangling, dir, "dangling")),
                     0);
    struct {
        const char *path, *why;
    } cases[] = {
        {fifo,
         "it is a FIFO (named pipe); name a regular file, or /dev/null to discard the output"},
        {sub, "it is a directory; name a regular file, or /dev/null to discard the output"},
        {link, "it is a symbolic link (to a regular file); name a regular file, or /dev/null to "
               "discard the output"},
        {dangling, "it is a symbolic link (to nothing); name a regular file, or /dev/null to "
                   "discard the output"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char expected[1024];
        snprintf(expected, sizeof expected, "cannot write '%s': %s", cases[i].path, cases[i].why);
        assert_false(afile_can_create(cases[i].path, err, sizeof err));
        assert_string_equal(err, expected);
        assert_false(write_result(cases[i].path, err, sizeof err));
        assert_string_equal(err, expected);
    }
    struct stat st;
    assert_true(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
    assert_true(lstat(sub, &st) == 0 && S_ISDIR(st.st_mode));
    assert_true(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    assert_text(victim, "precious\n");         /* the link was not followed */
    assert_int_equal(scratch_entries(dir), 5); /* and no temporary file was left */
    unlink(fifo), rmdir(sub), unlink(victim), unlink(link), unlink(dangling);
}

/* Device nodes of our own (mknod needs root: skipped otherwise): the null device is written
 * in place; any other device, and a link to one, is refused; neither is ever replaced. */
static void devices_are_never_replaced(void **state)
{
    (void)state;
    char null[512], full[512], link[512], err[1024];
    if (mknod(scratch_path(null, sizeof null, dir, "null"), S_IFCHR | 0666, makedev(1, 3)) != 0)
        skip(); /* not root */
    assert_int_equal(
        mknod(scratch_path(full, sizeof full, dir, "full"), S_IFCHR | 0666, makedev(1, 7)), 0);
    assert_int_equal(symlink("full", scratch_path(link, sizeof link, dir, "link")), 0);
    assert_true(afile_can_create(null, err, sizeof err));
    atomic_file f;
    assert_true(afile_open(&f, null, err, sizeof err));
    assert_true(f.in_place);
    fputs("discarded\n", f.fp);
    assert_true(afile_commit(&f, err, sizeof err));
    char expected[1024];
    snprintf(expected, sizeof expected,
             "cannot write '%s': it is a character device; name a regular file, or /dev/null to "
             "discard the output",
             full);
    assert_false(write_result(full, err, sizeof err));
    assert_string_equal(err, expected);
    assert_false(write_result(link, err, sizeof err));
    assert_non_null(strstr(err, "it is a symbolic link (to a character device)"));
    struct stat st;
    assert_true(lstat(null, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3));
    assert_true(lstat(full, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 7));
    assert_true(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    assert_int_equal(scratch_entries(dir), 3);
    unlink(null), unlink(full), unlink(link);
}

/* /dev/stdout is this process's standard output, whatever it is (here a pipe): written in
 * place, through the descriptor the process already has. */
static void stdout_is_written_in_place(void **state)
{
    (void)state;
    int pipe_fds[2];
    assert_int_equal(pipe(pipe_fds), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        char err[256];
        _exit(write_result("/dev/stdout", err, sizeof err) ? 0 : 1);
    }
    close(pipe_fds[1]);
    char buf[64] = "";
    ssize_t n = read(pipe_fds[0], buf, sizeof buf - 1);
    close(pipe_fds[0]);
    int status;
    waitpid(child, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(n == 7 && strncmp(buf, "result\n", 7) == 0);
}

/* A symbolic link planted at the final name is not followed: refused (test above). An
 * existing regular file is replaced whole, by a new file (another inode: a hard link to the
 * old one keeps the old content). */
static void replaces_regular_files_whole(void **state)
{
    (void)state;
    char out[512], other[512], err[256];
    write_text(scratch_path(out, sizeof out, dir, "out.txt"), "old content, longer than the new\n");
    assert_int_equal(link(out, scratch_path(other, sizeof other, dir, "hardlink")), 0);
    assert_true(write_result(out, err, sizeof err));
    assert_text(out, "result\n");
    assert_text(other, "old content, longer than the new\n");
    assert_int_equal(scratch_entries(dir), 2);
    unlink(out), unlink(other);
}

/* The name of a temporary file this process would make, up to its pid: ".mpit-tmp-<host>-". */
static void temp_prefix(char *prefix, size_t len)
{
    char probe[512], *tmp = NULL, err[256];
    int fd =
        afile_create_temp(scratch_path(probe, sizeof probe, dir, "probe"), &tmp, err, sizeof err);
    assert_true(fd >= 0);
    close(fd);
    unlink(tmp);
    afile_unguard(tmp);
    const char *name = strrchr(tmp, '/') + 1;
    assert_true(strncmp(name, ".mpit-tmp-", 10) == 0 && strlen(name) < 40);
    snprintf(prefix, len, "%.*s", (int)(strchr(name + 10, '-') - name + 1), name);
    free(tmp);
}

/* Leftovers of a process that was killed are removed by the next writer, once the process
 * is gone; a live process's, another host's, and anything that is not a regular file stay.
 * No leftover is ever reused. */
static void removes_dead_writers_leftovers(void **state)
{
    (void)state;
    char prefix[64], name[128], dead[512], alive[512], other_host[512], trap[512], victim[512];
    temp_prefix(prefix, sizeof prefix);
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0); /* its pid now names no process */
    snprintf(name, sizeof name, "%s%ld-AbCdEf", prefix, (long)child);
    write_text(scratch_path(dead, sizeof dead, dir, name), "stale data, a megabyte in real life\n");
    snprintf(name, sizeof name, "%s%ld-AbCdEf", prefix, (long)getppid());
    write_text(scratch_path(alive, sizeof alive, dir, name), "a live writer's\n");
    write_text(scratch_path(other_host, sizeof other_host, dir, ".mpit-tmp-00000000-1-AbCdEf"),
               "x\n");
    write_text(scratch_path(victim, sizeof victim, dir, "victim"), "precious\n");
    snprintf(name, sizeof name, "%s%ld-GhIjKl", prefix, (long)child);
    assert_int_equal(symlink("victim", scratch_path(trap, sizeof trap, dir, name)), 0);
    char out[512], err[256];
    assert_true(write_result(scratch_path(out, sizeof out, dir, "out.txt"), err, sizeof err));
    assert_text(out, "result\n");
    assert_int_equal(access(dead, F_OK), -1);
    assert_int_equal(access(alive, F_OK), 0);
    assert_int_equal(access(other_host, F_OK), 0);
    struct stat st;
    assert_true(lstat(trap, &st) == 0 && S_ISLNK(st.st_mode));
    assert_text(victim, "precious\n");
    assert_int_equal(scratch_entries(dir), 5);
    unlink(alive), unlink(other_host), unlink(trap), unlink(victim), unlink(out);
}

/* A writer killed mid-write leaves nothing: SIGKILL (an unnamed O_TMPFILE file vanishes
 * with the process), and SIGTERM with a named temporary file (the handler removes it). An
 * existing output is untouched. */
static void killed_writers_leave_nothing(void **state)
{
    (void)state;
    char out[512];
    write_text(scratch_path(out, sizeof out, dir, "out.txt"), "old\n");
    for (int named = 0; named <= 1; named++) {
        int ready[2];
        assert_int_equal(pipe(ready), 0);
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0) {
            char err[256], *tmp = NULL;
            atomic_file f;
            int fd = named ? afile_create_temp(out, &tmp, err, sizeof err) : -1;
            if (!named && !afile_open(&f, out, err, sizeof err))
                _exit(3);
            if (named && fd < 0)
                _exit(3);
            if (write(ready[1], "w", 1) != 1)
                _exit(3);
            for (;;)
                pause();
        }
        close(ready[1]);
        char c;
        assert_int_equal(read(ready[0], &c, 1), 1);
        close(ready[0]);
        if (named)
            assert_int_equal(scratch_entries(dir), 2); /* the temporary file exists, with a name */
        kill(child, named ? SIGTERM : SIGKILL);
        int status;
        waitpid(child, &status, 0);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(scratch_entries(dir), 1);
        assert_text(out, "old\n");
    }
    unlink(out);
}

/* Any legal name works (the temporary name is short), and a name too long for the system
 * is one short line, for every writer: atomic_file and image_write. */
static void long_names(void **state)
{
    (void)state;
    char name[256], path[768], err[1024];
    memset(name, 'n', 255);
    strcpy(name + 251, ".pgm");
    assert_true(write_result(scratch_path(path, sizeof path, dir, name), err, sizeof err));
    unlink(path);
    uint8_t pixels[4] = {1, 2, 3, 4};
    assert_true(image_write(path, pixels, 2, 2, IMAGE_GREY, err, sizeof err));
    unlink(path);
    assert_int_equal(scratch_entries(dir), 0);

    char *huge = malloc(4097);
    memset(huge, 'a', 4096);
    huge[4096] = '\0';
    memcpy(huge + 4092, ".png", 4);
    afile_target target;
    assert_false(afile_check_target(huge, true, &target, err, sizeof err));
    assert_non_null(strstr(err, "...aaa"));
    assert_non_null(strstr(err, "': File name too long"));
    assert_true(strlen(err) < 300);
    assert_false(afile_can_create(huge, err, sizeof err));
    assert_non_null(strstr(err, "': File name too long"));
    assert_false(write_result(huge, err, sizeof err));
    assert_non_null(strstr(err, "': File name too long"));
    assert_false(image_write(huge, pixels, 2, 2, IMAGE_GREY, err, sizeof err));
    assert_non_null(strstr(err, "': File name too long"));
    for (char *p = huge + 1; p < huge + 4090; p += 2) /* a/a/a/...: a path, not one name */
        *p = '/';
    assert_false(write_result(huge, err, sizeof err));
    assert_true(strlen(err) < 300);
    free(huge);
    assert_int_equal(scratch_entries(dir), 0);
}

/* Messages quote names escaped: a newline in a name never splits the line. */
static void names_in_messages_stay_one_line(void **state)
{
    (void)state;
    char err[512];
    assert_false(afile_can_create("/nonexistent-dir/a\nb.csv", err, sizeof err));
    assert_string_equal(err, "cannot write '/nonexistent-dir/a\\nb.csv': directory "
                             "'/nonexistent-dir' does not exist");
    char path[512];
    assert_true(
        write_result(scratch_path(path, sizeof path, dir, "new\nline.csv"), err, sizeof err));
    assert_text(path, "result\n");
    unlink(path);
}

/* As root, access() says yes where nothing can be created (/proc): the check makes a file. */
static void the_check_is_honest(void **state)
{
    (void)state;
    char err[512];
    assert_false(afile_can_create("/proc/x.dat", err, sizeof err));
    const char *expected =
        "cannot write '/proc/x.dat': cannot create a file in directory '/proc' (";
    assert_true(strncmp(err, expected, strlen(expected)) == 0);
    assert_int_equal(scratch_entries(dir), 0);
}

static void images_round_trip(void **state)
{
    (void)state;
    enum { W = 37, H = 11 };
    uint8_t pixels[W * H];
    for (int i = 0; i < W * H; i++)
        pixels[i] = (uint8_t)(i * 7);
    const char *names[] = {"a.pgm", "b.png", "c.png"};
    for (int k = 0; k < 3; k++) {
        char path[512], err[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        assert_true(
            image_write(path, pixels, W, H, k == 2 ? IMAGE_COLOUR : IMAGE_GREY, err, sizeof err));
        uint8_t *back = NULL;
        int w = 0, h = 0;
        assert_true(image_read(path, &back, &w, &h, err, sizeof err));
        assert_int_equal(w, W);
        assert_int_equal(h, H);
        assert_memory_equal(back, pixels, sizeof pixels);
        free(back);
        unlink(path);
    }
    char err[256];
    assert_false(image_write("x.jpg", pixels, W, H, IMAGE_GREY, err, sizeof err));
    assert_non_null(strstr(err, "unknown image format"));
    assert_false(image_format_known("x.jpg"));
    assert_int_equal(scratch_entries(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commit_makes_the_file_abort_leaves_nothing),
        cmocka_unit_test(bad_paths_are_refused_with_a_reason),
        cmocka_unit_test(refuses_what_is_not_a_regular_file),
        cmocka_unit_test(devices_are_never_replaced),
        cmocka_unit_test(stdout_is_written_in_place),
        cmocka_unit_test(replaces_regular_files_whole),
        cmocka_unit_test(removes_dead_writers_leftovers),
        cmocka_unit_test(killed_writers_leave_nothing),
        cmocka_unit_test(long_names),
        cmocka_unit_test(names_in_messages_stay_one_line),
        cmocka_unit_test(the_check_is_honest),
        cmocka_unit_test(images_round_trip),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
