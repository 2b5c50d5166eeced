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
# Two more add_mpi_test options, mostly for the helpers below: [LAUNCHER <cmd>...] (a
# command that starts each rank's program, e.g. tests/valgrind/run) and
# [EVERY_RANK_EXITS <rc>] (each rank's own exit status is checked, not only mpiexec's).
#
# What every example's tests/<example>.cmake calls besides add_mpi_test, documented where
# they are defined, below:
#   add_bad_input_matrix(<target> ...)   every kind of bad input for one example, one call
#   add_valgrind_test(<target> ...)      one memcheck run at np 2 (label valgrind)
#   add_kill_test(<name> NP <n> COMMAND <target> [args...])   SIGKILL a rank mid-run
#   add_interrupt_test(<name> ...)       SIGINT or SIGKILL while the output is written
#   mpit_coverage_exemption(<target> MATRIX|VALGRIND|KILL "reason")   why one of the three
#                                        is missing (the test coverage_every_example checks)
#
# Differences between MPI implementations: which MPI an mpiexec is, scripts/mpi-flavour
# (the one detection, for CMake and the scripts; C code: common/mpi_flavour.h); what Open MPI
# needs on this machine, scripts/setup-mpi (the one list of settings), made once per user as
# an attendee makes it (scripts/demo and scripts/test run it). Tests add none of those
# settings: they start mpiexec exactly as a user types it, in the user's environment.
#   Open MPI: the set-up allows more ranks than cores (tests use up to 4 on 2-core CI) and
#             running as root (CI runs as root), and makes waiting ranks yield the core.
#             Bad-input tests also set orte_abort_on_non_zero_status=0 (see add_mpi_test's
#             EVERY_RANK_EXITS), a harness setting no user needs: Open MPI otherwise
#             SIGKILLs the other ranks as soon as one exits non-zero, which hides a rank that
#             would hang.
#   MPICH:    oversubscribes and runs as root by default; nothing to add. (Its MPI_Init
#             leaves stdout unbuffered: common/mpit.c gives it a line buffer.)
#   Both:     a rank SIGKILLed mid-run ends the job with a non-zero status within about a
#             second (add_kill_test proves it for each); valgrind runs need the MPI
#             library's noise suppressed (tests/valgrind/mpi.supp).
#
# Robustness presets and scripts: `clang` (gcc's twin), `fuzz` + tests/fuzz/run (libFuzzer),
# `ctest --preset valgrind` (memcheck of every example), tests/cross-compile (32-bit ARM).
include_guard(GLOBAL)

option(MPIT_FUZZ "Also build the libFuzzer targets of tests/fuzz (clang only)" OFF)

# --- which MPI is this? -------------------------------------------------------------
function(_mpit_flavour_of mpiexec out)
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/mpi-flavour ${mpiexec}
                  OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET TIMEOUT 30
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    set(v unknown)
  endif()
  set(${out} ${v} PARENT_SCOPE)
endfunction()
_mpit_flavour_of(${MPIEXEC_EXECUTABLE} MPIT_MPI_FLAVOUR)

# The library FindMPI picked (through MPI_C_COMPILER) and the mpiexec it found must be the
# same MPI: `cmake -DMPI_C_COMPILER=mpicc.mpich` alone finds MPICH's library but the
# system's default mpiexec, Open MPI's on Debian; every rank would then start as a
# singleton. So pick that MPI's own mpiexec, or stop. (The same catches an old FindMPI
# cache in a build directory that switched MPI.)
if("${MPI_C_LIB_NAMES};${MPI_C_LIBRARIES}" MATCHES "mpich")
  set(_mpit_lib_flavour mpich)
  set(_mpit_names mpiexec.mpich mpiexec.hydra)
else()
  set(_mpit_lib_flavour openmpi)
  set(_mpit_names mpiexec.openmpi orterun)
endif()
if(NOT MPIT_MPI_FLAVOUR STREQUAL _mpit_lib_flavour)
  find_program(_mpit_own_mpiexec NAMES ${_mpit_names} NO_CACHE)
  if(NOT _mpit_own_mpiexec)
    message(FATAL_ERROR "The MPI library is ${_mpit_lib_flavour}'s (${MPI_C_LIBRARIES}) but "
            "mpiexec ${MPIEXEC_EXECUTABLE} is ${MPIT_MPI_FLAVOUR}'s; set MPIEXEC_EXECUTABLE "
            "to ${_mpit_lib_flavour}'s mpiexec, in a fresh build directory.")
  endif()
  message(STATUS "mpi-tutorial-c: the MPI library is ${_mpit_lib_flavour}'s: using "
          "${_mpit_own_mpiexec}, not ${MPIEXEC_EXECUTABLE}")
  set(MPIEXEC_EXECUTABLE ${_mpit_own_mpiexec} CACHE FILEPATH "Executable for running MPI programs." FORCE)
  _mpit_flavour_of(${MPIEXEC_EXECUTABLE} MPIT_MPI_FLAVOUR)
endif()
set(MPIT_MPI_FLAVOUR ${MPIT_MPI_FLAVOUR} CACHE INTERNAL "")
message(STATUS "mpi-tutorial-c: MPI is ${MPIT_MPI_FLAVOUR} (${MPIEXEC_EXECUTABLE})")

set(MPIT_TEST_PREFLAGS ${MPIEXEC_PREFLAGS})
set(MPIT_TEST_ENV "")
if(MPIT_SANITIZE)
  # MPI libraries keep allocations until exit; their leaks are not ours to report.
  list(APPEND MPIT_TEST_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0"
                            "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()

# The one-time set-up (Open MPI only; MPICH needs none): say so at configure time when it is
# missing, and check again each time ctest starts (cmake/setup-check.cmake.in), since the
# tests run in the environment of the terminal that started ctest.
if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
  set(MPIT_SETUP_CHECK_SCRIPT ${PROJECT_SOURCE_DIR}/scripts/setup-mpi)
  execute_process(COMMAND ${MPIT_SETUP_CHECK_SCRIPT} --check
                  RESULT_VARIABLE _mpit_setup_rc ERROR_VARIABLE _mpit_setup_msg
                  OUTPUT_QUIET TIMEOUT 30)
  if(NOT _mpit_setup_rc EQUAL 0)
    string(STRIP "${_mpit_setup_msg}" _mpit_setup_msg)
    message(WARNING "${_mpit_setup_msg}\nThe tests start mpiexec as you type it, so they "
            "need it (scripts/test makes it for you).")
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/cmake/setup-check.cmake.in
                 ${CMAKE_BINARY_DIR}/setup-check.cmake @ONLY)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY TEST_INCLUDE_FILES
               ${CMAKE_BINARY_DIR}/setup-check.cmake)
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
    # MPI programs carry the sanitizers' settings inside (cmake/sanitizer-options.c), for
    # ranks started over ssh or by Slurm, which do not see the test's environment.
    get_target_property(type ${target} TYPE)
    get_target_property(libs ${target} LINK_LIBRARIES)
    if(type STREQUAL "EXECUTABLE" AND "mpit" IN_LIST libs)
      target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/sanitizer-options.c)
    endif()
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
# Deadlines and load, decided here for every test:
#  - Every deadline below (and every TIMEOUT given to these helpers) is what a normal
#    machine needs, times MPIT_TIME_SCALE: 1 in a plain build, 3 with the sanitizers (ASan
#    makes MPI's start-up several times slower). A busy machine can raise it for one build
#    directory: cmake -DMPIT_TIME_SCALE=4 build. mpit_test_timeout(<test> <s>) applies it to
#    a test registered with add_test.
#  - A test occupies as many of ctest's -j slots as it starts processes (PROCESSORS: NP, or
#    PROCESSORS <n> for a job that spawns more), so `ctest -j 4` never runs more than about
#    four MPI processes at once, however many tests are ready.
if(MPIT_SANITIZE)
  set(_mpit_default_scale 3)
else()
  set(_mpit_default_scale 1)
endif()
set(MPIT_TIME_SCALE ${_mpit_default_scale} CACHE STRING
    "Multiply every test deadline by this (a whole number; a busy or slow machine: 2 or more)")
if(NOT MPIT_TIME_SCALE MATCHES "^[1-9][0-9]*$")
  message(FATAL_ERROR "MPIT_TIME_SCALE must be a whole number >= 1, got '${MPIT_TIME_SCALE}'")
endif()

# MPIT_EMULATED: the suite runs under qemu's user-mode emulation (scripts/arm/test sets it):
# every program is emulated, many times slower, except the system calls (file I/O runs at
# native speed). A test whose premise needs a job to outlast the emulated harness says so
# (add_interrupt_test's NATIVE_ONLY) and skips itself here, with its reason.
option(MPIT_EMULATED "the tests run under qemu's user-mode emulation (scripts/arm/test)" OFF)

function(mpit_test_timeout test seconds)
  math(EXPR seconds "${seconds} * ${MPIT_TIME_SCALE}")
  set_tests_properties(${test} PROPERTIES TIMEOUT ${seconds})
endfunction()

# mpit_scaled(<var> <seconds>): <var> = seconds * MPIT_TIME_SCALE, for a deadline given on a
# command line (tests/check --timeout) rather than through the helpers below.
# tests/selftest/check-timeouts-scale.cmake proves every deadline scales.
function(mpit_scaled var seconds)
  math(EXPR seconds "${seconds} * ${MPIT_TIME_SCALE}")
  set(${var} ${seconds} PARENT_SCOPE)
endfunction()

# LAUNCHER: a command put between mpiexec's flags and the program, so it starts every rank
# (tests/valgrind/run, tests/rank-exit). EVERY_RANK_EXITS rc: each rank's own exit status
# is recorded (through tests/rank-exit) and tests/check demands NP records, all equal to rc:
# mpiexec's status alone says only that SOME rank exited that way.
function(add_mpi_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;TIMEOUT;SKIP_RETURN_CODE;EVERY_RANK_EXITS;PROCESSORS"
                        "COMMAND;CHECK;LABELS;ENV;LAUNCHER")
  if(NOT T_NP OR NOT T_COMMAND)
    message(FATAL_ERROR "add_mpi_test(${name}): NP and COMMAND are required")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  math(EXPR T_TIMEOUT "${T_TIMEOUT} * ${MPIT_TIME_SCALE}")
  if(NOT T_PROCESSORS)
    set(T_PROCESSORS ${T_NP})
  endif()
  list(POP_FRONT T_COMMAND program)
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  set(launcher ${T_LAUNCHER})
  if(NOT "${T_EVERY_RANK_EXITS}" STREQUAL "")
    list(PREPEND launcher ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/rank-exit)
    list(APPEND T_CHECK --rank-exits ${T_NP} ${T_EVERY_RANK_EXITS})
    if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
      # By default Open MPI SIGKILLs the other ranks as soon as one exits non-zero: that
      # would hide a rank that hangs, and leave no record of what the others decided. Told
      # to let every rank finish, its mpiexec then returns 0 whatever the ranks returned,
      # so the per-rank records are the check (a later --exit wins in tests/check).
      list(APPEND T_ENV OMPI_MCA_orte_abort_on_non_zero_status=0)
      list(APPEND T_CHECK --exit 0)
    endif()
  endif()
  # Each test runs in a directory of its own, so files it writes never collide under -j.
  set(workdir ${CMAKE_BINARY_DIR}/test-work/${name})
  file(MAKE_DIRECTORY ${workdir})
  # tests/check's own --timeout fires first (and says "a hang"); ctest's is the backstop.
  math(EXPR ctest_timeout "${T_TIMEOUT} + 10")
  add_test(NAME ${name}
           COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${T_TIMEOUT} ${T_CHECK} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} ${MPIT_TEST_PREFLAGS}
                   ${launcher} ${program} ${MPIEXEC_POSTFLAGS} ${T_COMMAND}
           WORKING_DIRECTORY ${workdir})
  set(labels mpi ${T_LABELS})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ctest_timeout} LABELS "${labels}"
                       ENVIRONMENT "${MPIT_TEST_ENV};${T_ENV}" PROCESSORS ${T_PROCESSORS})
  if(T_SKIP_RETURN_CODE)
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE ${T_SKIP_RETURN_CODE})
  endif()
endfunction()

# Bad input must end the same way everywhere: exit status 2 from every rank (each rank's
# status is recorded, see EVERY_RANK_EXITS), exactly one line on stderr once mpiexec's own
# dash-framed banner is set aside, no MPI_Abort, no core dump, within seconds. mpiexec runs
# without --quiet on purpose: --quiet would also hide an MPI_ABORT banner, and proving there
# is none is half the point.
function(add_bad_input_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;STDERR;NO_FILE;TIMEOUT;PROCESSORS" "COMMAND;ENV;LABELS")
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
  if(T_PROCESSORS)
    set(T_PROCESSORS PROCESSORS ${T_PROCESSORS})
  endif()
  add_mpi_test(${name} NP ${T_NP} COMMAND ${T_COMMAND} CHECK ${check} EVERY_RANK_EXITS 2
               TIMEOUT ${T_TIMEOUT} LABELS bad-input ${T_LABELS} ENV ${T_ENV} ${T_PROCESSORS})
endfunction()

# --- the bad-input matrix: every kind of bad input for one example ------------------------
#
#   add_bad_input_matrix(<target> NP <n> [ARGS <args>...] [PROGRAM <name>] [PREFIX <name>]
#                        [MIN_RANKS <m>] [MAX_RANKS <x>] [RANKS_TEXT <text>]
#                        [INT_FLAG <--flag[=LO..HI]>...]     whole numbers that must be >= 1
#                        [NONNEG_FLAG <--flag[=LO..HI]>...]  numbers where 0 is allowed
#                        [REAL_FLAG <--flag[=LO..HI]>...]    real numbers that must be > 0
#                        [CHOICE_FLAG <--flag>...]           one word of a list
#                        [OUTPUT_FLAG <--flag> [OUTPUT_FILE <name>] [OUTPUT_MPIIO]]
#                        [INPUT_FLAG <--flag> [INPUT_FILE <name>]] [RUN_ARGS <args>...]
#                        [TIMEOUT <s>])
#
# One call registers one ctest per kind of bad input, named <PREFIX>_bad_<kind> (PREFIX
# defaults to the target; PROGRAM, the name in messages, too; TIMEOUT to 20 s), labels
# bad-input and bad-input-matrix (the whole matrix: `ctest -N -L bad-input-matrix`), each
# run at NP ranks with ARGS (options a valid short run needs) followed by the bad part:
#   unknown_flag   --no-such-option                      always
#   positional     extra (no program takes arguments)    always
#   missing_value  <flag> as the last word                first flag that takes a value
#   not_number     <flag> 12abc                           number flags take turns per kind,
#   negative       <flag> -1                              so several flags get exercised
#   zero           <flag> 0                               INT_FLAG and REAL_FLAG only
#   overflow       <flag> 99999999999999999999 (1e999 for REAL_FLAG)
#   choice         <flag> no-such-choice                  first CHOICE_FLAG
#   too_few_ranks  at MIN_RANKS - 1 ranks                 when MIN_RANKS > 1
#   too_many_ranks at MAX_RANKS + 1 ranks                 when MAX_RANKS is given
#   unwritable_output  <OUTPUT_FLAG> /nonexistent-dir/<OUTPUT_FILE>
#   missing_input  <INPUT_FLAG> no-such-input.file
# Each must: exit 2 on every rank, print exactly one line on stderr, nothing on stdout, no
# MPI_Abort, and finish within the timeout. The line is checked whole, as common/ writes it:
#   <program>: unknown option '--no-such-option'; see ./<program> --help
#   <program>: --count expects a whole number from 1 to 1000, got '12abc'; see ./<program> --help
#   <program>: needs at least 2 processes, got 1; run: mpiexec -n 2 ./<program>
# and so on (the "from LO to HI" part is checked exactly when the flag is given as
# --flag=LO..HI, else any range is accepted). RANKS_TEXT replaces "needs at least 2
# processes" for a program with a message of its own. With OUTPUT_FLAG every case also runs
# with "<OUTPUT_FLAG> <OUTPUT_FILE>" (default bad-input.out) in its working directory, and
# checks that neither that file nor a temporary file for it is left behind.
#
# The hostile cases. With OUTPUT_FLAG (and INPUT_FLAG) the matrix also registers
# <PREFIX>_hostile_<kind> for every kind tests/hostile/case knows (its header lists them):
# the output at a device node, a null device, a FIFO, a directory, a symbolic link to a
# device, a symbolic link planted at the final name, symbolic links and leftovers planted at
# temporary names, a 4096-byte name, a legal 250-byte name, a name with a newline (legal,
# and in a missing directory), a full disk; the input a FIFO, a directory, a device, a
# missing name with a newline. Each runs in a scratch directory of its own (device nodes
# made there with mknod, a small tmpfs mounted there: root only, skipped with the reason
# otherwise). Label hostile (and bad-input for those that must be refused). The cases that
# must succeed, and the full disk (found only when the file is written, at the end), run
# with RUN_ARGS (default ARGS): a short valid run. OUTPUT_MPIIO: the
# output is an MPI-IO file (common/mpiofile.h), which is never written in place into the
# null device. INPUT_FILE: the input's usual name (default input.csv).
#
# Each example calls it once in its tests/<example>.cmake, e.g.
#   add_bad_input_matrix(ring NP 2 INT_FLAG --count=1..1000000000 --bytes)
#   add_bad_input_matrix(julia NP 2 INT_FLAG --scale --chunk CHOICE_FLAG --schedule
#                        OUTPUT_FLAG --output OUTPUT_FILE julia.png)
# The tests it registered are in the global property MPIT_MATRIX_TESTS_<PREFIX>.
function(add_bad_input_matrix target)
  cmake_parse_arguments(PARSE_ARGV 1 M "OUTPUT_MPIIO"
                        "NP;PROGRAM;PREFIX;MIN_RANKS;MAX_RANKS;RANKS_TEXT;OUTPUT_FLAG;OUTPUT_FILE;INPUT_FLAG;INPUT_FILE;TIMEOUT"
                        "ARGS;RUN_ARGS;INT_FLAG;NONNEG_FLAG;REAL_FLAG;CHOICE_FLAG")
  if(NOT M_NP)
    message(FATAL_ERROR "add_bad_input_matrix(${target}): NP is required")
  endif()
  if(NOT M_PROGRAM)
    set(M_PROGRAM ${target})
  endif()
  if(NOT M_TIMEOUT)
    set(M_TIMEOUT 20)
  endif()
  if(NOT M_PREFIX)
    set(M_PREFIX ${target})
  endif()
  set_property(GLOBAL APPEND PROPERTY MPIT_COVERAGE_MATRIX ${target})
  set(P "^${M_PROGRAM}: ")
  set(see ". see \\./${M_PROGRAM} --help$")  # "." : a regex cannot hold a semicolon
  set(args ${M_ARGS})
  set(no_file "")
  if(M_OUTPUT_FLAG)
    if(NOT M_OUTPUT_FILE)
      set(M_OUTPUT_FILE bad-input.out)
    endif()
    list(APPEND args ${M_OUTPUT_FLAG} ${M_OUTPUT_FILE})
    set(no_file NO_FILE ${M_OUTPUT_FILE})
  endif()
  # Every number flag as "flag|type|range regex"
  set(flags "")
  foreach(type int nonneg real)
    string(TOUPPER "${type}" upper)
    if(type STREQUAL "real")
      set(word "a number")
    else()
      set(word "a whole number")
    endif()
    foreach(f ${M_${upper}_FLAG})
      if(f MATCHES "^([^=]+)=(.+)\\.\\.(.+)$")
        set(flag ${CMAKE_MATCH_1})
        string(REPLACE "." "\\." lo "${CMAKE_MATCH_2}")
        string(REPLACE "." "\\." hi "${CMAKE_MATCH_3}")
        set(range "${word} from ${lo} to ${hi}")
      else()
        set(flag ${f})
        set(range "${word} from [^ ]+ to [^ ]+")
      endif()
      list(APPEND flags "${flag}|${type}|${range}")
    endforeach()
  endforeach()
  list(LENGTH flags nflags)

  set(common NP ${M_NP} TIMEOUT ${M_TIMEOUT} ${no_file} LABELS bad-input-matrix)
  _mpit_matrix_case(${M_PREFIX} unknown_flag COMMAND ${target} ${args} --no-such-option
               STDERR "${P}unknown option '--no-such-option'${see}" ${common})
  _mpit_matrix_case(${M_PREFIX} positional COMMAND ${target} ${args} extra
               STDERR "${P}unexpected argument 'extra' \\(options start with --\\)${see}" ${common})
  # The first flag that takes a value, as the last word of the command line.
  set(valued "")
  foreach(entry ${flags})
    string(REGEX REPLACE "\\|.*" "" f "${entry}")
    list(APPEND valued ${f})
  endforeach()
  list(APPEND valued ${M_CHOICE_FLAG} ${M_INPUT_FLAG} ${M_OUTPUT_FLAG})
  if(valued)
    list(GET valued 0 first)
    _mpit_matrix_case(${M_PREFIX} missing_value COMMAND ${target} ${args} ${first}
                 STDERR "${P}option '${first}' needs a value${see}" ${common})
  endif()
  # Each kind takes the next flag that it applies to, round-robin.
  set(turn 0)
  set(kinds not_number negative zero overflow)
  if(nflags EQUAL 0)
    set(kinds "")
  endif()
  foreach(kind ${kinds})
    set(picked "")
    foreach(i RANGE 1 ${nflags})
      if(picked)
        break()
      endif()
      math(EXPR at "${turn} % ${nflags}")
      math(EXPR turn "${turn} + 1")
      list(GET flags ${at} entry)
      string(REPLACE "|" ";" entry "${entry}")
      list(GET entry 0 flag)
      list(GET entry 1 type)
      list(GET entry 2 range)
      if(kind STREQUAL "zero" AND type STREQUAL "nonneg")
        continue()
      endif()
      set(picked ${flag})
    endforeach()
    if(NOT picked)
      continue()
    endif()
    if(kind STREQUAL "not_number")
      set(value 12abc)
    elseif(kind STREQUAL "negative")
      set(value -1)
    elseif(kind STREQUAL "zero")
      set(value 0)
    elseif(type STREQUAL "real")
      set(value 1e999)
    else()
      set(value 99999999999999999999)
    endif()
    _mpit_matrix_case(${M_PREFIX} ${kind} COMMAND ${target} ${args} ${picked} ${value}
                 STDERR "${P}${picked} expects ${range}, got '${value}'${see}" ${common})
  endforeach()
  if(M_CHOICE_FLAG)
    list(GET M_CHOICE_FLAG 0 flag)
    _mpit_matrix_case(${M_PREFIX} choice COMMAND ${target} ${args} ${flag} no-such-choice
                 STDERR "${P}${flag} expects one of [^ ]+, got 'no-such-choice'${see}" ${common})
  endif()

  # Rank counts: the line names the count that would work.
  if(NOT M_MIN_RANKS)
    set(M_MIN_RANKS 1)
  endif()
  if(M_RANKS_TEXT)
    set(needs "${M_RANKS_TEXT}")
  elseif(NOT M_MAX_RANKS)
    set(needs "needs at least ${M_MIN_RANKS} processes")
  elseif(M_MIN_RANKS EQUAL M_MAX_RANKS)
    set(needs "needs ${M_MIN_RANKS} processes")
  else()
    set(needs "needs ${M_MIN_RANKS} to ${M_MAX_RANKS} processes")
  endif()
  set(run ". run: mpiexec -n")
  if(M_MIN_RANKS GREATER 1)
    math(EXPR np "${M_MIN_RANKS} - 1")
    _mpit_matrix_case(${M_PREFIX} too_few_ranks COMMAND ${target} ${args}
                 STDERR "${P}${needs}, got ${np}${run} ${M_MIN_RANKS} \\./${M_PROGRAM}( .*)?$"
                 NP ${np} TIMEOUT ${M_TIMEOUT} ${no_file} LABELS bad-input-matrix)
  endif()
  if(M_MAX_RANKS)
    math(EXPR np "${M_MAX_RANKS} + 1")
    _mpit_matrix_case(${M_PREFIX} too_many_ranks COMMAND ${target} ${args}
                 STDERR "${P}${needs}, got ${np}${run} ${M_MAX_RANKS} \\./${M_PROGRAM}( .*)?$"
                 NP ${np} TIMEOUT ${M_TIMEOUT} ${no_file} LABELS bad-input-matrix)
  endif()
  if(M_OUTPUT_FLAG)
    get_filename_component(base ${M_OUTPUT_FILE} NAME)
    string(REPLACE "." "\\." base_re "${base}")
    _mpit_matrix_case(${M_PREFIX} unwritable_output
                 COMMAND ${target} ${M_ARGS} ${M_OUTPUT_FLAG} /nonexistent-dir/${base}
                 STDERR "${P}cannot write '/nonexistent-dir/${base_re}': directory '/nonexistent-dir' does not exist$"
                 NO_FILE /nonexistent-dir/${base}
                 NP ${M_NP} TIMEOUT ${M_TIMEOUT} LABELS bad-input-matrix)
  endif()
  if(M_INPUT_FLAG)
    _mpit_matrix_case(${M_PREFIX} missing_input COMMAND ${target} ${args} ${M_INPUT_FLAG} no-such-input.file
                 STDERR "${P}[^']*'no-such-input\\.file'[^']*: No such file or directory$" ${common})
  endif()

  # The hostile cases (tests/hostile/case).
  if(NOT DEFINED M_RUN_ARGS)
    set(M_RUN_ARGS ${M_ARGS})
  endif()
  set(hostile NP ${M_NP} PROGRAM ${M_PROGRAM})
  if(M_OUTPUT_FLAG)
    set(mpiio "")
    if(M_OUTPUT_MPIIO)
      set(mpiio MPIIO)
    endif()
    foreach(kind out_device out_fifo out_directory out_symlink_device out_planted_symlink
                 out_long_name out_newline_bad_dir)
      _mpit_hostile_case(${M_PREFIX} ${kind} ${hostile} ${mpiio} FLAG ${M_OUTPUT_FLAG}
                         FILE ${M_OUTPUT_FILE} TIMEOUT ${M_TIMEOUT} COMMAND ${target} ${M_ARGS})
    endforeach()
    # A full disk shows only when the file is written, after a whole run: RUN_ARGS' run.
    _mpit_hostile_case(${M_PREFIX} out_full_disk ${hostile} ${mpiio} FLAG ${M_OUTPUT_FLAG}
                       FILE ${M_OUTPUT_FILE} TIMEOUT 90 COMMAND ${target} ${M_RUN_ARGS})
    # out_null is refused for an MPI-IO file, written in place otherwise: a run to the end.
    foreach(kind out_null out_planted_temp out_legal_250 out_newline)
      set(positive POSITIVE)
      if(kind STREQUAL "out_null" AND M_OUTPUT_MPIIO)
        set(positive "")
      endif()
      _mpit_hostile_case(${M_PREFIX} ${kind} ${hostile} ${mpiio} ${positive} FLAG ${M_OUTPUT_FLAG}
                         FILE ${M_OUTPUT_FILE} TIMEOUT 90 COMMAND ${target} ${M_RUN_ARGS})
    endforeach()
  endif()
  if(M_INPUT_FLAG)
    if(NOT M_INPUT_FILE)
      set(M_INPUT_FILE input.csv)
    endif()
    foreach(kind in_fifo in_directory in_device in_newline)
      _mpit_hostile_case(${M_PREFIX} ${kind} ${hostile} FLAG ${M_INPUT_FLAG} FILE ${M_INPUT_FILE}
                         TIMEOUT ${M_TIMEOUT} COMMAND ${target} ${args})
    endforeach()
  endif()
endfunction()

# One hostile case: <prefix>_hostile_<kind>, run by tests/hostile/case in a scratch
# directory of its own, every rank's exit status recorded (as add_bad_input_test does).
# POSITIVE: the run must succeed (no bad-input label). Remembered with the matrix's tests.
function(_mpit_hostile_case prefix kind)
  cmake_parse_arguments(PARSE_ARGV 2 H "MPIIO;POSITIVE" "NP;PROGRAM;FLAG;FILE;TIMEOUT" "COMMAND")
  set(name ${prefix}_hostile_${kind})
  list(POP_FRONT H_COMMAND program)
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  set(mpiio "")
  if(H_MPIIO)
    set(mpiio --mpiio)
  endif()
  math(EXPR timeout "${H_TIMEOUT} * ${MPIT_TIME_SCALE}")
  math(EXPR ctest_timeout "${timeout} + 20")
  set(workdir ${CMAKE_BINARY_DIR}/test-work/${name})
  file(MAKE_DIRECTORY ${workdir})
  add_test(NAME ${name}
           COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/hostile/case --kind ${kind}
                   --flag ${H_FLAG} --file ${H_FILE} --np ${H_NP} --program ${H_PROGRAM}
                   --mpi ${MPIT_MPI_FLAVOUR} --timeout ${timeout} ${mpiio} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${H_NP} ${MPIT_TEST_PREFLAGS}
                   ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/rank-exit ${program}
                   ${MPIEXEC_POSTFLAGS} ${H_COMMAND}
           WORKING_DIRECTORY ${workdir})
  set(labels mpi hostile)
  if(NOT H_POSITIVE)
    list(APPEND labels bad-input)
  endif()
  set(env ${MPIT_TEST_ENV})
  if(MPIT_MPI_FLAVOUR STREQUAL "openmpi")
    list(APPEND env OMPI_MCA_orte_abort_on_non_zero_status=0) # see add_mpi_test
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ctest_timeout} LABELS "${labels}"
                       ENVIRONMENT "${env}" PROCESSORS ${H_NP} SKIP_RETURN_CODE 77)
  set_property(GLOBAL APPEND PROPERTY MPIT_MATRIX_TESTS_${prefix} ${name})
endfunction()

# One case of the matrix: <prefix>_bad_<kind>, remembered in MPIT_MATRIX_TESTS_<prefix>.
function(_mpit_matrix_case prefix kind)
  add_bad_input_test(${prefix}_bad_${kind} ${ARGN})
  set_property(GLOBAL APPEND PROPERTY MPIT_MATRIX_TESTS_${prefix} ${prefix}_bad_${kind})
endfunction()

# --- a rank dies mid-run: the job must end, not hang ------------------------------------
#
#   add_kill_test(<name> NP <n> COMMAND <target> [args...] [READY <regex>] [AFTER <s>]
#                 [WITHIN <s>] [PROCESSORS <n>] [VICTIM <program> <count>])
#
# tests/kill-rank starts the job, waits until its NP processes run (and a stdout line
# matches READY, when given) and AFTER seconds more (default 1), SIGKILLs one rank, and
# demands that mpiexec exits non-zero within WITHIN seconds (default 10, times
# MPIT_TIME_SCALE) with nothing of the job left running. The command must run for much
# longer than AFTER (a huge --count). VICTIM: wait for <count> processes of <program> (e.g.
# workers the command spawns) and kill one of those instead. PROCESSORS: as add_mpi_test's.
# Label: kill.
function(add_kill_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;AFTER;WITHIN;READY;PROCESSORS"
                        "COMMAND;LABELS;ENV;VICTIM")
  set(ready "")
  if(T_READY)
    set(ready --ready ${T_READY})
  endif()
  if(NOT T_AFTER)
    set(T_AFTER 1)
  endif()
  if(NOT T_WITHIN)
    set(T_WITHIN 10)
  endif()
  math(EXPR T_WITHIN "${T_WITHIN} * ${MPIT_TIME_SCALE}")
  math(EXPR start_within "30 * ${MPIT_TIME_SCALE}")
  if(NOT T_PROCESSORS)
    set(T_PROCESSORS ${T_NP})
  endif()
  list(POP_FRONT T_COMMAND program)
  set_property(GLOBAL APPEND PROPERTY MPIT_COVERAGE_KILL ${program})
  set(program_name ${program})
  if(TARGET ${program})
    set(program_name $<TARGET_FILE_NAME:${program}>)
    set(program $<TARGET_FILE:${program}>)
  endif()
  set(victims ${T_NP})
  if(T_VICTIM)
    list(GET T_VICTIM 0 program_name)
    list(GET T_VICTIM 1 victims)
  endif()
  set(workdir ${CMAKE_BINARY_DIR}/test-work/${name})
  file(MAKE_DIRECTORY ${workdir})
  add_test(NAME ${name}
           COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/kill-rank --np ${victims}
                   --program ${program_name} ${ready} --start-within ${start_within}
                   --after ${T_AFTER} --within ${T_WITHIN} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} ${MPIT_TEST_PREFLAGS}
                   ${program} ${MPIEXEC_POSTFLAGS} ${T_COMMAND}
           WORKING_DIRECTORY ${workdir})
  math(EXPR timeout "${start_within} + ${T_AFTER} + ${T_WITHIN} + 20")
  set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} LABELS "mpi;kill;${T_LABELS}"
                       ENVIRONMENT "${MPIT_TEST_ENV};${T_ENV}" PROCESSORS ${T_PROCESSORS})
endfunction()

# --- interrupted while writing: nothing left behind ------------------------------------
#
#   add_interrupt_test(<name> NP <n> SIGNAL INT|TERM|KILL KEEP <file>... [READY <regex>]
#                      [AFTER <s>] [WITHIN <s>] [NATIVE_ONLY <reason>]
#                      COMMAND <target> [args...] [NEXT <args>...])
#
# tests/hostile/interrupt starts the job in a scratch directory where each KEEP file (the
# command's outputs) already holds the result of an earlier run, waits until a process of
# the job has a file of that directory open (mid-write; or, with READY, until a stdout line
# matches: mid-run, for a program that opens its file only at the end), and AFTER seconds
# more, then sends SIGINT to mpiexec (INT, a Ctrl-C), SIGTERM to it (TERM, kill(1) or a
# batch system's time limit) or SIGKILL to the writing process (KILL). The job must end
# within WITHIN seconds (default 20, times MPIT_TIME_SCALE), every KEEP file must be
# untouched, and nothing else may be left. NEXT (args for a next run of
# the same target, at the same NP): a temporary file is allowed after the kill if that run
# removes it (an MPI-IO file has a name while it is written; a process killed outright
# cannot remove it, and the next run does: common/atomicfile.h). NATIVE_ONLY: under
# emulation (MPIT_EMULATED) the test skips itself, printing the reason (a job whose whole
# run is shorter than the way of a signal through emulated programs). Labels: hostile, kill.
# Registering one also counts as the example's kill test in the coverage record.
function(add_interrupt_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "NP;SIGNAL;READY;AFTER;WITHIN;NATIVE_ONLY"
                        "KEEP;COMMAND;NEXT")
  if(NOT T_NP OR NOT T_SIGNAL OR NOT T_KEEP OR NOT T_COMMAND)
    message(FATAL_ERROR "add_interrupt_test(${name}): NP, SIGNAL, KEEP and COMMAND are required")
  endif()
  if(NOT T_WITHIN)
    set(T_WITHIN 20)
  endif()
  if(NOT T_AFTER)
    set(T_AFTER 0)
  endif()
  math(EXPR T_WITHIN "${T_WITHIN} * ${MPIT_TIME_SCALE}")
  math(EXPR start_within "60 * ${MPIT_TIME_SCALE}")
  list(POP_FRONT T_COMMAND program)
  set_property(GLOBAL APPEND PROPERTY MPIT_COVERAGE_KILL ${program})
  if(TARGET ${program})
    set(program $<TARGET_FILE:${program}>)
  endif()
  set(options --signal ${T_SIGNAL} --after ${T_AFTER} --within ${T_WITHIN}
              --start-within ${start_within})
  foreach(f ${T_KEEP})
    list(APPEND options --keep ${f})
  endforeach()
  if(T_READY)
    list(APPEND options --ready ${T_READY})
  endif()
  if(T_NATIVE_ONLY AND MPIT_EMULATED)
    list(APPEND options --skip "${T_NATIVE_ONLY}")
  endif()
  set(launch ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} ${MPIT_TEST_PREFLAGS} ${program}
             ${MPIEXEC_POSTFLAGS})
  set(next "")
  if(DEFINED T_NEXT)
    set(next --- ${launch} ${T_NEXT})
  endif()
  set(workdir ${CMAKE_BINARY_DIR}/test-work/${name})
  file(MAKE_DIRECTORY ${workdir})
  add_test(NAME ${name}
           COMMAND ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/hostile/interrupt ${options} --
                   ${launch} ${T_COMMAND} ${next}
           WORKING_DIRECTORY ${workdir})
  math(EXPR timeout "${start_within} + ${T_AFTER} + ${T_WITHIN} + 150")
  set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} LABELS "mpi;kill;hostile"
                       ENVIRONMENT "${MPIT_TEST_ENV}" PROCESSORS ${T_NP} SKIP_RETURN_CODE 77)
endfunction()

# --- valgrind memcheck: one short run of an example ---------------------------------------
#
#   add_valgrind_test(<target> [NP <n>] [ARGS <args>...] [PROGRAM <name>] [TIMEOUT <s>])
#
# Registers valgrind_<target> (label valgrind): every rank runs under tests/valgrind/run
# (memcheck, MPI library noise suppressed by tests/valgrind/mpi.supp) at NP ranks (default
# 2) with ARGS, which should make a run of a few seconds at most (valgrind is ~20-50x
# slower). Passes when every rank exits 0 (memcheck exits 97 on any error of ours) and the
# verdict "<program>: OK" is printed. Not registered in sanitizer builds (ASan and valgrind
# exclude each other) or when valgrind is missing. The default test presets leave the label
# out; `ctest --preset valgrind` runs exactly these (.ci/run does).
find_program(MPIT_VALGRIND valgrind)
function(add_valgrind_test target)
  cmake_parse_arguments(PARSE_ARGV 1 V "" "NP;PROGRAM;TIMEOUT" "ARGS")
  set_property(GLOBAL APPEND PROPERTY MPIT_COVERAGE_VALGRIND ${target})
  if(NOT MPIT_VALGRIND OR MPIT_SANITIZE)
    return()
  endif()
  if(NOT V_NP)
    set(V_NP 2)
  endif()
  if(NOT V_PROGRAM)
    set(V_PROGRAM ${target})
  endif()
  if(NOT V_TIMEOUT)
    set(V_TIMEOUT 300)
  endif()
  add_mpi_test(valgrind_${target} NP ${V_NP} COMMAND ${target} ${V_ARGS}
               LAUNCHER ${MPIT_BASH} ${PROJECT_SOURCE_DIR}/tests/valgrind/run
               EVERY_RANK_EXITS 0 TIMEOUT ${V_TIMEOUT} LABELS valgrind
               CHECK --expect "^${V_PROGRAM}: OK"
                     --reject "^==[0-9]+== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched|Source and dest|.*definitely lost)")
endfunction()

# --- coverage: every example has its matrix, valgrind and kill tests, or says why not -------
#
#   mpit_coverage_exemption(<example> MATRIX|VALGRIND|KILL "<reason>")
#   mpit_write_coverage(<file>)
#
# add_bad_input_matrix, add_valgrind_test and add_kill_test record the example they cover
# (valgrind: even where valgrind is missing, the run is declared). An example without one
# of them states why, next to its other tests, e.g.
#   mpit_coverage_exemption(hello KILL "ends within a second: no run to kill a rank of")
# mpit_write_coverage, called once after every tests/*.cmake, writes what was declared to
# <file>; tests/selftest/check-coverage.cmake reads it and fails, naming the example and
# the missing kind, when an example (add_example) lacks its tests/<example>.cmake or a kind
# of coverage without a stated reason.
function(mpit_coverage_exemption example kind reason)
  if(NOT kind MATCHES "^(MATRIX|VALGRIND|KILL)$")
    message(FATAL_ERROR "mpit_coverage_exemption(${example} ${kind}): MATRIX, VALGRIND or KILL")
  endif()
  string(STRIP "${reason}" reason)
  if(reason STREQUAL "")
    message(FATAL_ERROR "mpit_coverage_exemption(${example} ${kind}): give the reason")
  endif()
  set_property(GLOBAL APPEND PROPERTY MPIT_COVERAGE_EXEMPT "${example}:${kind}")
  set_property(GLOBAL PROPERTY MPIT_COVERAGE_REASON_${example}_${kind} "${reason}")
endfunction()

function(mpit_write_coverage file)
  set(text "# Written by mpit_write_coverage (cmake/MpiTutorial.cmake) at configure time.\n")
  foreach(kind EXAMPLES MATRIX VALGRIND KILL EXEMPT)
    if(kind STREQUAL "EXAMPLES")
      get_property(values GLOBAL PROPERTY MPIT_EXAMPLES)
    else()
      get_property(values GLOBAL PROPERTY MPIT_COVERAGE_${kind})
    endif()
    string(TOLOWER "${kind}" name)
    string(APPEND text "set(${name} \"${values}\")\n")
  endforeach()
  get_property(exempt GLOBAL PROPERTY MPIT_COVERAGE_EXEMPT)
  foreach(entry ${exempt})
    string(REPLACE ":" "_" key "${entry}")
    get_property(reason GLOBAL PROPERTY MPIT_COVERAGE_REASON_${key})
    string(REGEX REPLACE "([\\\"$])" "\\\\\\1" reason "${reason}")
    string(APPEND text "set(reason_${key} \"${reason}\")\n")
  endforeach()
  string(APPEND text "set(tests_dir \"${PROJECT_SOURCE_DIR}/tests\")\n")
  file(WRITE ${file} "${text}")
endfunction()
