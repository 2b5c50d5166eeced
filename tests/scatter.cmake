# Tests for scatter (docs/04-collectives.md). Output is compared whole with
# tests/expected/scatter.np<N>.out (sorted: ranks print in any order).
foreach(np 1 2 4)
  add_mpi_test(scatter_np${np} NP ${np} COMMAND scatter
               CHECK --expect-file ${EXPECTED}/scatter.np${np}.out)
endforeach()
# A root other than 0 must give the same results.
add_mpi_test(scatter_root3 NP 4 COMMAND scatter --root 3 --columns 2
             CHECK --expect "^rank 3: before scatter: list \\[1, 4, 9, 16\\]$"
                   --expect "^rank 0: after scatter: value 1, row \\[0 0\\]$"
                   --expect "^scatter: OK")
add_bad_input_test(scatter_root_out_of_range NP 2 COMMAND scatter --root 2
                   STDERR "^scatter: --root 2 is not a rank of this 2-process job. use 0\\.\\.1$")

add_bad_input_matrix(scatter NP 2 INT_FLAG --columns=1..1000000 NONNEG_FLAG --root=0..1000000)
add_valgrind_test(scatter)
mpit_coverage_exemption(scatter KILL "ends within a second: no run to kill a rank of")
