/* sanitizer-options.c - built into every example of a sanitizer build (MPIT_SANITIZE; see
 * mpit_warnings in cmake/MpiTutorial.cmake), so the settings travel with the binary: ranks
 * that mpiexec starts on other hosts over ssh, or that Slurm starts, do not see the
 * ASAN_OPTIONS of the test's environment.
 *
 * Leak detection is off: the MPI libraries keep memory until exit (and their frames are
 * often unknown to the unwinder once a component is unloaded), so LeakSanitizer would
 * report MPI's memory, not ours. Our leaks are valgrind's job (tests/valgrind/).
 * An ASAN_OPTIONS or UBSAN_OPTIONS variable still overrides these defaults.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) { return "detect_leaks=0"; }
const char *__ubsan_default_options(void) { return "print_stacktrace=1:halt_on_error=1"; }
