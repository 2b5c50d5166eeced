# Tests for isend_irecv and the collectives (docs/03-point-to-point, docs/04-collectives).
# Output is compared whole with tests/expected/<example>.np<N>.out (sorted: ranks print in
# any order), so every rank's lines are checked, not just rank 0's.
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

foreach(np 2 4)
  add_mpi_test(isend_irecv_np${np} NP ${np} COMMAND isend_irecv
               CHECK --expect-file ${E}/isend_irecv.np${np}.out)
endforeach()
add_mpi_test(isend_irecv_big NP 4 COMMAND isend_irecv --count 1000000
             CHECK --expect "^isend_irecv: OK, rank 1 got 42 and all 4 ranks got their neighbour's 1000000 values$")
add_bad_input_test(isend_irecv_one_rank NP 1 COMMAND isend_irecv
                   STDERR "^isend_irecv: needs at least 2 processes, got 1. run: mpiexec -n 2 \\./isend_irecv$")
add_bad_input_test(isend_irecv_zero NP 2 COMMAND isend_irecv --count 0 STDERR "--count expects a whole number from 1 to 1000000, got '0'")

foreach(example bcast scatter gather allgather)
  foreach(np 1 2 4)
    add_mpi_test(${example}_np${np} NP ${np} COMMAND ${example}
                 CHECK --expect-file ${E}/${example}.np${np}.out)
  endforeach()
endforeach()

# A root other than 0 must give the same results.
add_mpi_test(bcast_root2 NP 4 COMMAND bcast --root 2 --length 3
             CHECK --lines 4 "after bcast: record \\{size: \\[1, 3, 8\\], name: \\[disk1, disk2, disk3\\]\\} and array \\[0 1 2\\]$"
                   --expect "^rank 2: before bcast: record \\{size"
                   --expect "^bcast: OK, all 4 ranks hold the record and the array$")
add_mpi_test(scatter_root3 NP 4 COMMAND scatter --root 3 --columns 2
             CHECK --expect "^rank 3: before scatter: list \\[1, 4, 9, 16\\]$"
                   --expect "^rank 0: after scatter: value 1, row \\[0 0\\]$"
                   --expect "^scatter: OK")
add_mpi_test(gather_root1 NP 3 COMMAND gather --root 1 --columns 1
             CHECK --expect "^rank 1: after gather: list \\[1, 4, 9\\]$" --lines 2 "after gather: list none$"
                   --expect "^gather: OK")

foreach(example bcast scatter gather)
  add_bad_input_test(${example}_root_out_of_range NP 2 COMMAND ${example} --root 2
                     STDERR "^${example}: --root 2 is not a rank of this 2-process job. use 0\\.\\.1$")
  add_bad_input_test(${example}_root_negative NP 2 COMMAND ${example} --root -1 STDERR "got '-1'")
endforeach()
add_bad_input_test(bcast_length_text NP 2 COMMAND bcast --length ten STDERR "--length expects a whole number")
add_bad_input_test(allgather_positional NP 2 COMMAND allgather 4 STDERR "unexpected argument '4'")
