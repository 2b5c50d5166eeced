# Tests for hello (docs/01-install.md).

# One greeting per rank, every rank's number present once, then the verdict.
foreach(np 1 2 4)
  math(EXPR last "${np} - 1")
  add_mpi_test(hello_np${np} NP ${np} COMMAND hello
               CHECK --lines ${np} "^Hello, World! I am process [0-9]+ of ${np} on .+\\.$"
                     --expect "I am process ${last} of ${np} "
                     --expect "^hello: OK, ${np} of ${np} processes answered$")
endforeach()

# hello.c builds with nothing but the MPI compiler wrapper, warning-free, as chapter 1 says;
# the version it then prints (its own copy) is the project's.
set(hello_mpicc ${CMAKE_BINARY_DIR}/test-work/hello_mpicc/hello-mpicc)
add_mpi_test(hello_mpicc NP 2 COMMAND ${hello_mpicc} --version TIMEOUT 60
             CHECK --stdout-lines 2 --stderr-lines 0
                   --expect "^hello \\(mpi-tutorial-c\\) ${PROJECT_VERSION}$" --expect "^MPI: ")
add_test(NAME hello_mpicc_build
         COMMAND ${MPI_C_COMPILER} -std=c11 -Wall -Wextra -Wpedantic -Werror
                 ${PROJECT_SOURCE_DIR}/examples/hello.c -o ${hello_mpicc})
set_tests_properties(hello_mpicc_build PROPERTIES LABELS "mpi" FIXTURES_SETUP hello_mpicc)
mpit_test_timeout(hello_mpicc_build 120)
set_tests_properties(hello_mpicc PROPERTIES FIXTURES_REQUIRED hello_mpicc)

add_bad_input_matrix(hello NP 2)
add_valgrind_test(hello)
mpit_coverage_exemption(hello KILL "ends within a second: no run to kill a rank of")
