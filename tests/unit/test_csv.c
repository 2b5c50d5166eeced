/* test_csv.c - cmocka tests for common/csv: the parser over buffers, the file reader over
 * plain and gzip files, and one error line per kind of bad input. */
#define _DEFAULT_SOURCE /* mknod, makedev */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "csv.h"

static char err[256];

static bool parse(const char *text, size_t skip, csv_table *t)
{
    err[0] = '\0';
    return csv_parse_buffer(text, strlen(text), "t.csv", skip, t, err, sizeof err);
}

/* The text must be rejected with exactly this message. */
static void expect_error(const char *text, size_t skip, const char *message)
{
    csv_table t;
    assert_false(parse(text, skip, &t));
    assert_null(t.values);
    assert_string_equal(err, message);
}

static void test_basic(void **state)
{
    (void)state;
    csv_table t;
    assert_true(parse("1,2,3\n4.5, -6 ,7e2\n", 0, &t));
    assert_int_equal(t.rows, 2);
    assert_int_equal(t.cols, 3);
    double want[] = {1, 2, 3, 4.5, -6, 700};
    for (int i = 0; i < 6; i++)
        assert_true(t.values[i] == want[i]);
    csv_free(&t);
    assert_null(t.values);
}

static void test_layout_variants(void **state)
{
    (void)state;
    csv_table t;
    /* CRLF, no final newline, blank and comment lines, a header skipped. */
    assert_true(parse("a,b\r\n# comment\r\n\r\n1,2\r\n  \n3,4", 1, &t));
    assert_int_equal(t.rows, 2);
    assert_int_equal(t.cols, 2);
    assert_true(t.values[3] == 4);
    csv_free(&t);
    /* One column, one row. */
    assert_true(parse("42", 0, &t));
    assert_int_equal(t.rows, 1);
    assert_int_equal(t.cols, 1);
    csv_free(&t);
    /* The iris header in front of real data. */
    assert_true(parse("150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n", 1, &t));
    assert_int_equal(t.cols, 5);
    csv_free(&t);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("1,2\n3,x\n", 0, "t.csv:2: field 2 ('x') is not a number");
    expect_error("1,2\n3\n", 0, "t.csv:2: has 1 fields, expected 2 like line 1");
    expect_error("1,2\n\n3,4,5\n", 0, "t.csv:3: has 3 fields, expected 2 like line 1");
    expect_error("1,,2\n", 0, "t.csv:1: field 2 is empty");
    expect_error("1,2,\n", 0, "t.csv:1: field 3 is empty");
    expect_error("nan,1\n", 0, "t.csv:1: field 1 ('nan') is not a number");
    expect_error("inf\n", 0, "t.csv:1: field 1 ('inf') is not a number");
    expect_error("0x10\n", 0, "t.csv:1: field 1 ('0x10') is not a number");
    expect_error("1e999\n", 0, "t.csv:1: field 1 ('1e999') is too large");
    expect_error("12abc\n", 0, "t.csv:1: field 1 ('12abc') is not a number");
    expect_error("", 0, "t.csv: no data (the file is empty or only a header)");
    expect_error("h1,h2\n", 1, "t.csv: no data (the file is empty or only a header)");
    expect_error("# only a comment\n", 0, "t.csv: no data (the file is empty or only a header)");
    expect_error("1,2\n3,4\n1 2,5\n", 0, "t.csv:3: field 1 ('1 2') is not a number");
    expect_error("111111111111111111111111111111111111111111111111111111111111111111111111\n", 0,
                 "t.csv:1: field 1 is too long for a number (72 characters)");
}

static void test_nul_byte(void **state)
{
    (void)state;
    csv_table t;
    const char text[] = "1,2\n3\0,4\n";
    assert_false(csv_parse_buffer(text, sizeof text - 1, "t.csv", 0, &t, err, sizeof err));
    assert_string_equal(err, "t.csv:2: contains a NUL byte (not a text file?)");
}

/* Not NUL-terminated: the parser must stop at len (a fuzzer hands it exactly such buffers). */
static void test_unterminated(void **state)
{
    (void)state;
    char *text = malloc(3);
    memcpy(text, "7,8", 3);
    csv_table t;
    assert_true(csv_parse_buffer(text, 3, "t.csv", 0, &t, err, sizeof err));
    assert_int_equal(t.cols, 2);
    assert_true(t.values[1] == 8);
    csv_free(&t);
    memcpy(text, "7,8", 3);
    assert_false(csv_parse_buffer(text, 2, "t.csv", 0, &t, err, sizeof err));
    assert_string_equal(err, "t.csv:1: field 2 is empty");
    free(text);
}

static void test_many_rows(void **state)
{
    (void)state;
    size_t n = 5000, len = 0;
    char *text = malloc(n * 32);
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "%zu,%zu.5\n", i, i);
    csv_table t;
    assert_true(csv_parse_buffer(text, len, "t.csv", 0, &t, err, sizeof err));
    assert_int_equal(t.rows, n);
    assert_true(t.values[2 * (n - 1) + 1] == (double)(n - 1) + 0.5);
    csv_free(&t);
    free(text);
}

static void test_files(void **state)
{
    (void)state;
    char plain[] = "/tmp/test_csv_XXXXXX";
    int fd = mkstemp(plain);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "1,2\n3,4\n", 8), 8);
    close(fd);
    char gzname[64];
    snprintf(gzname, sizeof gzname, "%s.gz", plain);
    gzFile gz = gzopen(gzname, "wb");
    assert_non_null(gz);
    gzputs(gz, "5,6,7\n8,9,10\n");
    gzclose(gz);

    csv_table t;
    assert_true(csv_read_file(plain, 0, &t, err, sizeof err));
    assert_int_equal(t.rows, 2);
    assert_true(t.values[3] == 4);
    csv_free(&t);
    assert_true(csv_read_file(gzname, 0, &t, err, sizeof err));
    assert_int_equal(t.cols, 3);
    assert_true(t.values[5] == 10);
    csv_free(&t);

    /* A gzip file cut short is an error, not a short table. */
    FILE *f = fopen(gzname, "r+b");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(gzname, size - 6), 0);
    assert_false(csv_read_file(gzname, 0, &t, err, sizeof err));
    assert_non_null(strstr(err, gzname));
    unlink(plain);
    unlink(gzname);

    assert_false(csv_read_file("/nonexistent/x.csv", 0, &t, err, sizeof err));
    assert_string_equal(err, "cannot open '/nonexistent/x.csv': No such file or directory");
}

/* A FIFO would make the reader wait for a writer forever, a device never end, a directory
 * fail halfway: each is refused at once, in one line. */
static void test_only_regular_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_csv_dir_XXXXXX", fifo[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/points", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    csv_table t;
    char expected[128];
    assert_false(csv_read_file(fifo, 0, &t, err, sizeof err)); /* returns: no writer needed */
    snprintf(expected, sizeof expected,
             "cannot read '%s': it is a FIFO (named pipe); give a regular file", fifo);
    assert_string_equal(err, expected);
    assert_false(csv_read_file(dir, 0, &t, err, sizeof err));
    assert_non_null(strstr(err, "': it is a directory; give a regular file"));
    /* A device: one of our own in the scratch directory (never the real /dev nodes). */
    char zero[64];
    snprintf(zero, sizeof zero, "%s/zero", dir);
    if (mknod(zero, S_IFCHR | 0600, makedev(1, 5)) == 0) {
        assert_false(csv_read_file(zero, 0, &t, err, sizeof err));
        assert_non_null(strstr(err, "': it is a character device; give a regular file"));
        unlink(zero);
    }
    unlink(fifo);
    rmdir(dir);
}

/* Names in messages stay one line, and a 4096-byte name does not cut the reason off. */
static void test_names_in_messages(void **state)
{
    (void)state;
    csv_table t;
    char big[1024];
    assert_false(csv_read_file("/nonexistent/a\nb.csv", 0, &t, big, sizeof big));
    assert_string_equal(big, "cannot open '/nonexistent/a\\nb.csv': No such file or directory");
    char *path = malloc(4097);
    memset(path, 'a', 4096);
    path[4096] = '\0';
    assert_false(csv_read_file(path, 0, &t, big, sizeof big));
    assert_non_null(strstr(big, "...aaa"));
    assert_non_null(strstr(big, "': File name too long"));
    assert_true(strlen(big) < 300);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_layout_variants),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_only_regular_files),
        cmocka_unit_test(test_names_in_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
