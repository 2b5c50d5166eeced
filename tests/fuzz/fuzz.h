/* fuzz.h - shared by the fuzz targets in tests/fuzz/.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput(data, size): libFuzzer (clang
 * -fsanitize=fuzzer, the MPIT_FUZZ build) calls it millions of times with mutated bytes;
 * replay.c calls it once per file of tests/fuzz/corpus/<name>/ in every ordinary build, so
 * the corpus is a regression test under gcc, clang and ASan alike.
 *
 * A target checks more than "no crash": FUZZ_ASSERT states what must hold for every input
 * (a parsed number is inside its range, an error message is one line), and a broken
 * promise aborts, which libFuzzer reports as a finding with the input that caused it.
 */
#ifndef MPIT_FUZZ_H
#define MPIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond);             \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
