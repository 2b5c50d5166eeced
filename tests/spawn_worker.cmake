# Tests for spawn_worker (docs/05-dynamic-processes.md): it works only when spawn_manager
# starts it (tests/spawn_manager.cmake runs the pair); started by hand it must say how it is
# meant to be started, in one line from rank 0.
add_bad_input_test(spawn_worker_alone NP 2 COMMAND spawn_worker
                   STDERR "^spawn_worker: is started by spawn_manager, not directly. run: mpiexec -n 1 \\./spawn_manager --workers 4$")

add_bad_input_matrix(spawn_worker NP 2)
mpit_coverage_exemption(spawn_worker VALGRIND
                        "runs only when spawned, and valgrind_spawn_manager cannot start it under valgrind")
mpit_coverage_exemption(spawn_worker KILL "runs only when spawned: kill_spawn_manager ends the workers too")
