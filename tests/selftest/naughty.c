/* naughty.c - a test-only program that breaks every bad-input rule on purpose.
 *
 * tests/selftest/selftest.cmake runs the bad-input matrix and a valgrind test on it with
 * WILL_FAIL: each cell must FAIL, which proves that the checks can fail (a test that cannot
 * fail proves nothing). Its sins, one per kind of bad input:
 *   unknown flag    -> only rank 0 exits 2, the others exit 0 (an argument, too)
 *   missing value   -> reads past argv (NULL) and crashes
 *   not a number    -> atoi("12abc") = 12, runs and says OK
 *   negative        -> MPI_Abort
 *   zero            -> every rank prints the message (N lines on stderr)
 *   overflow        -> rank 0 waits for a message nobody sends (a hang)
 *   too few ranks   -> not checked: runs and says OK
 *   --output        -> writes half the file at once, and leaves it behind on any error
 *   valgrind        -> leaks a block and branches on uninitialised memory
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, count = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *output = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0) {
            const char *text = argv[++i];
            if (strlen(text) > 12) { /* "overflow": hang */
                if (rank == 0)
                    MPI_Recv(&count, 1, MPI_INT, 1, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
            count = atoi(text);
            if (count < 0)
                MPI_Abort(MPI_COMM_WORLD, 2);
            if (count == 0) {
                fprintf(stderr, "naughty: --count must be positive\n");
                MPI_Finalize();
                return 2;
            }
        } else if (strcmp(argv[i], "--output") == 0) {
            output = argv[++i];
            FILE *fp = rank == 0 ? fopen(output, "w") : NULL;
            if (fp) {
                fputs("half", fp);
                fclose(fp);
            }
        } else {
            if (rank == 0)
                fprintf(stderr, "naughty: unknown option '%s'\n", argv[i]);
            MPI_Finalize();
            return rank == 0 ? 2 : 0;
        }
    }
    if (output) {
        MPI_Finalize();
        return 2;
    }
    int *leak = malloc(4 * sizeof *leak);
    if (leak[2] == 7) /* uninitialised */
        count++;
    leak = NULL;
    if (rank == 0)
        printf("naughty: OK, count %d\n", count);
    MPI_Finalize();
    return 0;
}
