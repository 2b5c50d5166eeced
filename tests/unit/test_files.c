/* Unit tests for common/atomicfile.c and common/image.c: whole files or none. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "image.h"

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
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static int entries(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
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
    assert_int_equal(entries(), 0);
    assert_true(afile_open(&f, path, err, sizeof err));
    fputs("whole\n", f.fp);
    assert_true(afile_commit(&f, err, sizeof err));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 6);
    assert_int_equal(entries(), 1);
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
    assert_int_equal(entries(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commit_makes_the_file_abort_leaves_nothing),
        cmocka_unit_test(bad_paths_are_refused_with_a_reason),
        cmocka_unit_test(images_round_trip),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
