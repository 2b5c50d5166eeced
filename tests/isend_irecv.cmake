# Tests for isend_irecv (docs/03-point-to-point.md). Output is compared whole with
# tests/expected/isend_irecv.np<N>.out (sorted: ranks print in any order).
foreach(np 2 4)
  add_mpi_test(isend_irecv_np${np} NP ${np} COMMAND isend_irecv
               CHECK --expect-file ${EXPECTED}/isend_irecv.np${np}.out)
endforeach()
add_mpi_test(isend_irecv_big NP 4 COMMAND isend_irecv --count 1000000
             CHECK --expect "^isend_irecv: OK, rank 1 got 42 and all 4 ranks got their neighbour's 1000000 values$")

add_bad_input_matrix(isend_irecv NP 2 MIN_RANKS 2 INT_FLAG --count=1..1000000)
add_valgrind_test(isend_irecv)
mpit_coverage_exemption(isend_irecv KILL "ends within a second: no run to kill a rank of")
