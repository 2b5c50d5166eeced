# The project's CMake helpers, in one place:
#
#   mpit_warnings(<target>)        our warning flags (and -Werror when MPIT_WERROR)
#   add_example(<name> [sources])  one executable from examples/<name>.c, linked to common/
#   add_mpi_test(<name> NP <n> COMMAND <target|path> [args...]
#                [CHECK <tests/check options>...] [TIMEOUT <s>] [LABELS <l>...]
#                [ENV <VAR=value>...] [SKIP_RETURN_CODE <rc>])
#   add_bad_input_test(<name> NP <n> COMMAND <target> [args...] [STDERR <regex>]
#                [NO_FILE <path>])
#   (a regex cannot hold a semicolon: CMake splits lists on it; match it with ".")
#
# add_mpi_test starts the program the way a user does (MPIEXEC_EXECUTABLE,
# MPIEXEC_NUMPROC_FLAG, MPIEXEC_PREFLAGS, MPIEXEC_POSTFLAGS from FindMPI) and hands the
# output to tests/check, which checks exit status and output (see that script's header).
# Differences between MPI implementations live here and nowhere else:
#   Open MPI: --oversubscribe (CI has 2 cores, tests use up to 4 ranks), the two
#             run-as-root variables (CI runs as root), mpi_yield_when_idle=1 (busy-polling
#             ranks that share a core are thousands of times slower without it).
#   MPICH:    oversubscribes and runs as root by default; nothing to add.
include_guard(GLOBAL)

# --- which MPI is this? -------------------------------------------------------------
execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version
                OUTPUT_VARIABLE _mpit_mpiexec_version ERROR_VARIABLE _mpit_mpiexec_version
                TIMEOUT 20)
if(_mpit_mpiexec_version MATCHES "Open MPI|OpenRTE|open-mpi")
  set(MPIT_MPI_FLAVOUR "openmpi" CACHE INTERNAL "")
elseif(_mpit_mpiexec_version MATCHES "HYDRA|Hydra|MPICH")
  set(MPIT_MPI_FLAVOUR "mpich" CACHE INTERNAL "")
else()
  set(MPIT_MPI_FLAVOUR "unknown" CACHE INTERNAL "")
endif()
message(STATUS "mpi-tutorial-c: MPI is ${MPIT_MPI_FLAVOUR} (${MPIEXEC_EXECUTABLE})")

set(MPIT_TEST_PREFLAGS ${MPIEXEC_PREFLAGS})
set(MPIT_TEST_ENV "")
if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
  list(APPEND MPIT_TEST_PREFLAGS --oversubscribe)
  list(APPEND MPIT_TEST_ENV
       OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
       OMPI_MCA_mpi_yield_when_idle=1
       # containers often forbid the cross-memory-attach syscalls vader would use
       OMPI_MCA_btl_vader_single_copy_mechanism=none)
endif()
if(MPIT_SANITIZE)
  # MPI libraries keep allocations until exit; their leaks are not ours to report.
  list(APPEND MPIT_TEST_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0"
                            "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()
# Exported for scripts and benchmarks that start mpiexec themselves.
string(REPLACE ";" " " MPIT_MPIEXEC_LINE "${MPIEXEC_EXECUTABLE} ${MPIT_TEST_PREFLAGS}")

find_program(MPIT_BASH bash REQUIRED)
set(MPIT_CHECK ${PROJECT_SOURCE_DIR}/tests/check)

# --- compiler flags -------------------------------------------------------------------
function(mpit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wstrict-prototypes -Wmissing-prototypes -Wformat=2)
  if(MPIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(MPIT_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
                           -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# --- examples ---------------------------------------------------------------------------
function(add_example name)
  set(sources ${ARGN})
  if(NOT sources)
    set(sources ${name}.c)
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE mpit)
  mpit_warnings(${name})
  # tests/CMakeLists.txt gives every example its --help/--version/unknown-flag tests.
  set_property(GLOBAL APPEND PROPERTY MPIT_EXAMPLES ${name})
endfunction()

# --- tests ---------------------------------------------------------------------------
function(add_mpi_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;TIMEOUT;SKIP_RETURN_CODE"
                        "COMMAND;CHECK;LABELS;ENV")
  if(NOT T_NP OR NOT T_COMMAND)
    message(FATAL_ERROR "add_mpi_test(${name}): NP and COMMAND are required")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  list(POP_FRONT T_COMMAND program)
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  # Each test runs in a directory of its own, so files it writes never collide under -j.
  set(workdir ${CMAKE_BINARY_DIR}/test-work/${name})
  file(MAKE_DIRECTORY ${workdir})
  add_test(NAME ${name}
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${T_TIMEOUT} ${T_CHECK} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} ${MPIT_TEST_PREFLAGS}
                   ${program} ${MPIEXEC_POSTFLAGS} ${T_COMMAND}
           WORKING_DIRECTORY ${workdir})
  set(labels mpi ${T_LABELS})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${labels}"
                       ENVIRONMENT "${MPIT_TEST_ENV};${T_ENV}" PROCESSORS 1)
  if(T_SKIP_RETURN_CODE)
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE ${T_SKIP_RETURN_CODE})
  endif()
endfunction()

# Bad input must end the same way everywhere: exit status 2 (from every rank), exactly one
# line on stderr once mpiexec's own dash-framed banner is set aside, no MPI_Abort, no core
# dump, within seconds. mpiexec runs without --quiet on purpose: --quiet would also hide an
# MPI_ABORT banner, and proving there is none is half the point.
function(add_bad_input_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;STDERR;NO_FILE;TIMEOUT" "COMMAND;ENV;LABELS")
  set(check --exit 2 --stderr-lines 1 --stdout-lines 0 --reject "MPI_ABORT|MPI_Abort|core dumped|Segmentation")
  if(T_STDERR)
    list(APPEND check --expect-stderr "${T_STDERR}")
  endif()
  if(T_NO_FILE)
    list(APPEND check --no-file "${T_NO_FILE}")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 30)
  endif()
  add_mpi_test(${name} NP ${T_NP} COMMAND ${T_COMMAND} CHECK ${check}
               TIMEOUT ${T_TIMEOUT} LABELS bad-input ${T_LABELS} ENV ${T_ENV})
endfunction()
