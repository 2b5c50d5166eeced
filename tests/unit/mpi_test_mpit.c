/* Unit tests for common/mpit.c's MPI helpers, run at 2 ranks (mpiexec -n 2):
 * mpit_waitany_sleeping answers as MPI_Waitany does, and does not poll flat out. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <mpi.h>
#include <time.h>

#include "mpit.h"

static int rank;

static void nap(double seconds)
{
    struct timespec t = {.tv_sec = (time_t)seconds,
                         .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&t, NULL);
}

/* Two receives posted, the second one's message sent first: it comes back first, with its
 * index and status; then the other; then MPI_UNDEFINED, as MPI_Waitany says. */
static void returns_the_request_that_completed(void **state)
{
    (void)state;
    if (rank == 1) {
        int a = 1, b = 2;
        MPI_Send(&b, 1, MPI_INT, 0, 2, MPI_COMM_WORLD);
        MPI_Barrier(MPI_COMM_WORLD); /* rank 0 has seen b alone */
        MPI_Send(&a, 1, MPI_INT, 0, 1, MPI_COMM_WORLD);
        return;
    }
    int values[2] = {0, 0}, index = -1;
    MPI_Request requests[2];
    MPI_Status status;
    MPI_Irecv(&values[0], 1, MPI_INT, 1, 1, MPI_COMM_WORLD, &requests[0]);
    MPI_Irecv(&values[1], 1, MPI_INT, 1, 2, MPI_COMM_WORLD, &requests[1]);
    assert_int_equal(mpit_waitany_sleeping(2, requests, &index, &status), MPI_SUCCESS);
    assert_int_equal(index, 1);
    assert_int_equal(status.MPI_TAG, 2);
    assert_int_equal(values[1], 2);
    assert_true(requests[1] == MPI_REQUEST_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    assert_int_equal(mpit_waitany_sleeping(2, requests, &index, &status), MPI_SUCCESS);
    assert_int_equal(index, 0);
    assert_int_equal(values[0], 1);
    assert_int_equal(mpit_waitany_sleeping(2, requests, &index, &status), MPI_SUCCESS);
    assert_int_equal(index, MPI_UNDEFINED);
}

/* Waiting 0.4 s for a message costs the waiter little CPU time: it naps between questions
 * (MPI_Waitany, polling flat out, spends the whole 0.4 s of a core). */
static void waits_without_spinning(void **state)
{
    (void)state;
    const double delay = 0.4;
    if (rank == 1) {
        int token = 7;
        nap(delay);
        MPI_Send(&token, 1, MPI_INT, 0, 3, MPI_COMM_WORLD);
        return;
    }
    int token = 0, index = -1;
    MPI_Request request;
    MPI_Status status;
    MPI_Irecv(&token, 1, MPI_INT, 1, 3, MPI_COMM_WORLD, &request);
    clock_t cpu = clock();
    double start = MPI_Wtime();
    assert_int_equal(mpit_waitany_sleeping(1, &request, &index, &status), MPI_SUCCESS);
    double waited = MPI_Wtime() - start, busy = (double)(clock() - cpu) / CLOCKS_PER_SEC;
    assert_int_equal(index, 0);
    assert_int_equal(token, 7);
    print_message("waited %.3f s, %.3f s of it on the CPU\n", waited, busy);
    assert_true(waited > delay / 2);
    assert_true(busy < waited / 2);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(returns_the_request_that_completed),
        cmocka_unit_test(waits_without_spinning),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    MPI_Finalize();
    return failed ? 1 : 0;
}
