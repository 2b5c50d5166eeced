# Tests for spawn_manager (docs/05-dynamic-processes.md), which starts spawn_worker
# (tests/spawn_worker.cmake) with MPI_Comm_spawn.
#
# A spawn test passes only if the whole job ends by itself within its timeout (tests/check
# turns a hang into a failure), every worker reported its share, and pi has the midpoint
# rule's error: 1/(12 N^2), 8.33e-06 for N = 100.
if(MPIT_MPI_FLAVOUR STREQUAL "mpich")
  # Debian 12's MPICH 4.0.2 is built with ch4:ucx, which has no dynamic processes in that
  # version (MPI_Open_port: "not supported with ucx netmod"), so MPI_Comm_spawn fails
  # ("Error in spawn call"). What we can check there is that the failure is one clean line.
  foreach(w 1 4)
    add_bad_input_test(spawn_w${w} NP 1 COMMAND spawn_manager --workers ${w}
                       STDERR "^spawn_manager: this MPI could not spawn ${w} workers? \\(")
  endforeach()
else()
  foreach(w 1 2 3 4)
    set(s "s")
    if(w EQUAL 1)
      set(s "")
    endif()
    math(EXPR lines "${w} + 2")
    math(EXPR processes "${w} + 1")
    add_mpi_test(spawn_w${w} NP 1 PROCESSORS ${processes} TIMEOUT 30
                 COMMAND spawn_manager --workers ${w} --intervals 100
                 CHECK --lines ${w} "^worker [0-9] of ${w}: [0-9]+ of 100 intervals$"
                       --stdout-lines ${lines}
                       --expect "^pi is about 3\\.14160098692312[0-9], error 8\\.33333333[0-9]e-06$"
                       --expect "^spawn_manager: OK, ${w} worker${s} integrated 100 of 100 intervals, error within the midpoint rule's 8\\.33e-06$")
  endforeach()
  # Uneven shares (1000 = 333 + 333 + 334 after the round-robin deal), env fallback for N.
  add_mpi_test(spawn_uneven NP 1 PROCESSORS 4 COMMAND spawn_manager --workers 3 TIMEOUT 30
               ENV N=1000
               CHECK --lines 2 "^worker [0-9] of 3: 333 of 1000 intervals$"
                     --lines 1 "^worker 0 of 3: 334 of 1000 intervals$"
                     --expect "^pi is about 3\\.1415927369231[0-9]*, error 8\\.333333[0-9]*e-08$"
                     --expect "^spawn_manager: OK, 3 workers integrated 1000 of 1000 intervals")
  # No free slots: every mpiexec in the suite may oversubscribe, except this one, and 256
  # workers do not fit on any test machine. Without the check in spawn_start, Open MPI's
  # mpiexec would hang here (and the test time out).
  set(_spawn_saved_preflags ${MPIT_TEST_PREFLAGS})
  list(REMOVE_ITEM MPIT_TEST_PREFLAGS --oversubscribe)
  add_bad_input_test(spawn_no_slots NP 1 COMMAND spawn_manager --workers 256
                     ENV OMPI_MCA_rmaps_base_oversubscribe=0
                     STDERR "^spawn_manager: no free slots for 256 workers \\(MPI has [0-9]+ slots?, 1 in use\\). run mpiexec with --oversubscribe, or give it a hostfile with more slots$")
  set(MPIT_TEST_PREFLAGS ${_spawn_saved_preflags})
endif()

add_bad_input_matrix(spawn_manager NP 1 MAX_RANKS 1
                     RANKS_TEXT "runs as one process that spawns its workers"
                     INT_FLAG --workers=1..256 --intervals=1..1000000000000 INPUT_FLAG --worker
                     INPUT_FILE worker)

# A worker that is not our worker ends the job: one line naming it, exit status 2, within
# seconds, never a hang (common/spawn.h: the checks before the spawn, the handshake and its
# deadlines). Found before anything is spawned, on every MPI:
set(W "^spawn_manager: cannot start the worker program ")
add_bad_input_test(spawn_worker_directory NP 1 COMMAND spawn_manager --worker . LABELS hostile
                   STDERR "${W}'\\.': it is a directory$")
add_bad_input_test(spawn_worker_not_executable NP 1 LABELS hostile
                   COMMAND spawn_manager --worker ${CMAKE_CURRENT_SOURCE_DIR}/spawn_manager/not-executable
                   STDERR "${W}'.*/not-executable': it is not executable$")
# Found by asking the program for its --version, on its own, before anything is spawned
# (every program of this course names itself first), on every MPI, within a second:
set(WP "^spawn_manager: the worker program ")
set(SW ${CMAKE_CURRENT_SOURCE_DIR}/spawn_manager)
add_bad_input_test(spawn_worker_true NP 1 COMMAND spawn_manager --workers 2 --worker /bin/true
                   TIMEOUT 30 LABELS hostile
                   STDERR "${WP}'/bin/true' is not spawn_worker: its --version says 'true .*'$")
add_bad_input_test(spawn_worker_exits_1 NP 1 COMMAND spawn_manager --workers 2
                   --worker ${SW}/exits-1 TIMEOUT 30 LABELS hostile
                   STDERR "${WP}'.*/exits-1' exited with status 1 when asked for its --version, so it is not spawn_worker$")
# With mpiexec as the user runs it (no harness settings): our one line and status 2.
add_mpi_test(spawn_worker_exits_1_default NP 1 COMMAND spawn_manager --workers 2
             --worker ${SW}/exits-1 TIMEOUT 30 LABELS hostile
             CHECK --exit 2 --stderr-lines 1 --stdout-lines 0
                   --expect-stderr "${WP}'.*/exits-1' exited with status 1 when asked")
add_bad_input_test(spawn_worker_hello NP 1 COMMAND spawn_manager --workers 2
                   --worker $<TARGET_FILE:hello> TIMEOUT 30 LABELS hostile
                   STDERR "${WP}'.*/hello' is hello, not spawn_worker$")
add_bad_input_test(spawn_worker_ring NP 1 COMMAND spawn_manager --workers 2
                   --worker $<TARGET_FILE:ring> TIMEOUT 30 LABELS hostile
                   STDERR "${WP}'.*/ring' is ring, not spawn_worker$")
# A program that claims to be spawn_worker but is not: found by the spawn's deadline (about
# 8 s here, longer on a slower machine or a sanitizer build, which starts MPI more slowly).
if(MPIT_MPI_FLAVOUR STREQUAL "mpich")
  # This MPICH cannot spawn at all (above): the spawn fails in one line.
  add_bad_input_test(spawn_worker_pretender NP 1 COMMAND spawn_manager --worker ${SW}/pretends-exit-0
                     LABELS hostile STDERR "^spawn_manager: this MPI could not spawn 4 workers \\(")
else()
  add_bad_input_test(spawn_worker_pretender NP 1 PROCESSORS 3 COMMAND spawn_manager --workers 2
                     --worker ${SW}/pretends-exit-0 TIMEOUT 90 LABELS hostile
                     STDERR "${WP}'.*/pretends-exit-0' did not join within [0-9]+ s: it ended or hung before calling MPI_Init, so it is not spawn_worker$")
  # The one case left to Open MPI: a spawned program that exits with an error before
  # MPI_Init makes its mpiexec end the whole job at once, with its own note and status 1
  # (docs/05). No hang.
  add_mpi_test(spawn_worker_pretender_exits_1 NP 1 PROCESSORS 3 COMMAND spawn_manager --workers 2
               --worker ${SW}/pretends-exit-1 TIMEOUT 30 LABELS hostile
               CHECK --exit 1 --expect-stderr "non-zero exit code" --stdout-lines 0)
endif()
if(MPIT_MPI_FLAVOUR STREQUAL "mpich")
  mpit_coverage_exemption(spawn_manager VALGRIND
                          "this MPICH cannot spawn (see above): no workers to run under valgrind")
  mpit_coverage_exemption(spawn_manager KILL "this MPICH cannot spawn (see above): no job to kill")
else()
  add_valgrind_test(spawn_manager NP 1 ARGS --workers 2 --intervals 1000)
  # A trillion intervals keep the workers busy for hours: a spawned worker killed meanwhile
  # (the manager waits for its share in MPI_Reduce) must end the whole job.
  add_kill_test(kill_spawn_manager NP 1 PROCESSORS 3 VICTIM spawn_worker 2
                COMMAND spawn_manager --workers 2 --intervals 1e12)
endif()
