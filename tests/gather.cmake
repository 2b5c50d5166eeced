# Tests for gather (docs/04-collectives.md). Output is compared whole with
# tests/expected/gather.np<N>.out (sorted: ranks print in any order).
foreach(np 1 2 4)
  add_mpi_test(gather_np${np} NP ${np} COMMAND gather
               CHECK --expect-file ${EXPECTED}/gather.np${np}.out)
endforeach()
# A root other than 0 must give the same results.
add_mpi_test(gather_root1 NP 3 COMMAND gather --root 1 --columns 1
             CHECK --expect "^rank 1: after gather: list \\[1, 4, 9\\]$" --lines 2 "after gather: list none$"
                   --expect "^gather: OK")
add_bad_input_test(gather_root_out_of_range NP 2 COMMAND gather --root 2
                   STDERR "^gather: --root 2 is not a rank of this 2-process job. use 0\\.\\.1$")

add_bad_input_matrix(gather NP 2 INT_FLAG --columns=1..1000000 NONNEG_FLAG --root=0..1000000)
add_valgrind_test(gather)
mpit_coverage_exemption(gather KILL "ends within a second: no run to kill a rank of")
