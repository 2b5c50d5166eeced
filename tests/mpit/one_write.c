/* one_write.c - does a program's one-line message leave in one write?
 *
 *   one_write EXPECTED_START PROGRAM [ARGS...]
 *
 * Runs PROGRAM (an MPI program started alone: a singleton) with its stderr on one end of a
 * SOCK_SEQPACKET socket pair, where every write(2) arrives as a packet of its own, and passes
 * (exit 0) when one packet is a whole line starting with EXPECTED_START. A line written
 * piece by piece arrives in as many packets and fails: a launcher forwards it the same way,
 * piece by piece, and MPICH's Hydra once lost the end of such a line as the job was torn
 * down. Every packet is printed on stdout, then the verdict.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: one_write EXPECTED_START PROGRAM [ARGS...]\n");
        return 2;
    }
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ends) != 0) {
        perror("one_write: socketpair");
        return 2;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("one_write: fork");
        return 2;
    }
    if (child == 0) {
        dup2(ends[1], STDERR_FILENO);
        close(ends[0]);
        close(ends[1]);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    close(ends[1]); /* the child's end: once the child and its children are gone, recv ends */
    size_t start = strlen(argv[1]);
    int packets = 0, whole = 0, status = 0;
    char piece[65536];
    for (;;) {
        ssize_t n = recv(ends[0], piece, sizeof piece - 1, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* 0: every writer has closed its end */
        piece[n] = '\0';
        packets++;
        printf("packet %d, %zd bytes: %s%s", packets, n, piece, piece[n - 1] == '\n' ? "" : "\n");
        if ((size_t)n > start && strncmp(piece, argv[1], start) == 0 && piece[n - 1] == '\n' &&
            memchr(piece, '\n', (size_t)n - 1) == NULL)
            whole++;
    }
    waitpid(child, &status, 0);
    printf("one_write: %s, exit status %d: %s\n", argv[2],
           WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           whole == 1 ? "the line arrived in one write"
                      : "the line did not arrive whole in one write");
    return whole == 1 ? 0 : 1;
}
