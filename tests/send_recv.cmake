# Tests for send_recv (docs/03-point-to-point.md): every rank's line checked against the
# expected output (sorted: ranks print in any order).
foreach(np 2 4)
  add_mpi_test(send_recv_np${np} NP ${np} COMMAND send_recv
               CHECK --expect-file ${EXPECTED}/send_recv.np${np}.out)
endforeach()
add_mpi_test(send_recv_count NP 2 COMMAND send_recv --count 8
             CHECK --expect "^process 1: record \\{id=42, size=3.5, name=disk1\\}; buffer \\[1 2 3 4 5 6 7 8\\]$"
                   --expect "^send_recv: OK, rank 1 received the record and 8 ints$")

add_bad_input_matrix(send_recv NP 2 MIN_RANKS 2 INT_FLAG --count=1..1000)
add_valgrind_test(send_recv ARGS --count 8)
mpit_coverage_exemption(send_recv KILL "ends within a second: no run to kill a rank of")
