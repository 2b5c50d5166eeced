# Tests for the point-to-point and collective examples (docs/03, docs/04).
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

# hello: one greeting per rank, every rank's number present once, then the verdict.
foreach(np 1 2 4)
  math(EXPR last "${np} - 1")
  add_mpi_test(hello_np${np} NP ${np} COMMAND hello
               CHECK --lines ${np} "^Hello, World! I am process [0-9]+ of ${np} on .+\\.$"
                     --expect "I am process ${last} of ${np} "
                     --expect "^hello: OK, ${np} of ${np} processes answered$")
endforeach()
add_bad_input_test(hello_bad_positional NP 1 COMMAND hello extra STDERR "unexpected argument 'extra'")

# send_recv: every rank's line checked against the expected output (sorted).
add_mpi_test(send_recv_np2 NP 2 COMMAND send_recv CHECK --expect-file ${E}/send_recv.np2.out)
add_mpi_test(send_recv_np4 NP 4 COMMAND send_recv CHECK --expect-file ${E}/send_recv.np4.out)
add_mpi_test(send_recv_count NP 2 COMMAND send_recv --count 8
             CHECK --expect "^process 1: record \\{id=42, size=3.5, name=disk1\\}; buffer \\[1 2 3 4 5 6 7 8\\]$"
                   --expect "^send_recv: OK, rank 1 received the record and 8 ints$")
add_bad_input_test(send_recv_one_rank NP 1 COMMAND send_recv
                   STDERR "^send_recv: needs at least 2 processes, got 1. run: mpiexec -n 2 \\./send_recv$")
add_bad_input_test(send_recv_not_number NP 2 COMMAND send_recv --count 12abc
                   STDERR "--count expects a whole number from 1 to 1000, got '12abc'")
add_bad_input_test(send_recv_negative NP 2 COMMAND send_recv --count -1 STDERR "got '-1'")
add_bad_input_test(send_recv_overflow NP 2 COMMAND send_recv --count 99999999999999999999 STDERR "got '99999999999999999999'")
add_bad_input_test(send_recv_missing_value NP 2 COMMAND send_recv --count STDERR "option '--count' needs a value")
