# Tests for bcast (docs/04-collectives.md). Output is compared whole with
# tests/expected/bcast.np<N>.out (sorted: ranks print in any order).
foreach(np 1 2 4)
  add_mpi_test(bcast_np${np} NP ${np} COMMAND bcast CHECK --expect-file ${EXPECTED}/bcast.np${np}.out)
endforeach()
# A root other than 0 must give the same results.
add_mpi_test(bcast_root2 NP 4 COMMAND bcast --root 2 --length 3
             CHECK --lines 4 "after bcast: record \\{size: \\[1, 3, 8\\], name: \\[disk1, disk2, disk3\\]\\} and array \\[0 1 2\\]$"
                   --expect "^rank 2: before bcast: record \\{size"
                   --expect "^bcast: OK, all 4 ranks hold the record and the array$")
add_bad_input_test(bcast_root_out_of_range NP 2 COMMAND bcast --root 2
                   STDERR "^bcast: --root 2 is not a rank of this 2-process job. use 0\\.\\.1$")

add_bad_input_matrix(bcast NP 2 INT_FLAG --length=1..10000000 NONNEG_FLAG --root=0..1000000)
add_valgrind_test(bcast)
mpit_coverage_exemption(bcast KILL "ends within a second: no run to kill a rank of")
