/* leaky.c - a test-only writer that breaks the rules of common/atomicfile.h on purpose:
 * it writes "<name>.tmp" slowly, never removes it, and never finishes. The interrupt test
 * run on it (tests/selftest/selftest.cmake) must FAIL: it proves tests/hostile/interrupt
 * can see a leftover. Run as: leaky NAME */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
    char name[4096];
    snprintf(name, sizeof name, "%s.tmp", argc > 1 ? argv[1] : "leaky");
    FILE *f = fopen(name, "w");
    struct timespec tick = {0, 10000000};
    for (;;) {
        if (f) {
            fputc('x', f);
            fflush(f);
        }
        nanosleep(&tick, NULL);
    }
}
