# Tests for alltoall (docs/17-alltoall.md): every test of the example, in one place.
# The expected outputs hold every rank's numbers, counts and bucket; the fingerprint of the
# sorted result is the same at every rank count.
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

foreach(np 1 2 3 4)
  add_mpi_test(alltoall_np${np} NP ${np} COMMAND alltoall CHECK --expect-file ${E}/alltoall.np${np}.out)
endforeach()
# A million numbers up to 1e9: the same sorted list (fingerprint) at 1 and at 3 ranks.
foreach(np 1 3)
  add_mpi_test(alltoall_million_np${np} NP ${np} COMMAND alltoall --n 1000000 --max 1e9 --seed 5
               CHECK --lines ${np} "^rank [0-9]: sends .[0-9]" --expect "^alltoall: 1000000 numbers from 0 to 1000000000 \\(seed 5\\)"
                     --expect "^alltoall: OK, 1000000 numbers sorted on ${np} ranks? equal a serial sort \\(fingerprint cd23b301c0681b6f\\)$")
endforeach()
# Skewed data: the low buckets get most numbers, and the sort is still right.
add_mpi_test(alltoall_skew NP 3 COMMAND alltoall --n 100000 --skew 3
             CHECK --expect "^rank 0: sends \\[[0-9]+ [0-9]+ [0-9]+\\] to ranks 0..2, receives \\[[0-9]{5} [0-9]{5} [0-9]{5}\\]$"
                   --expect "^alltoall: OK, 100000 numbers sorted on 3 ranks")
# More ranks than values: rank 3's bucket is empty.
add_mpi_test(alltoall_empty_bucket NP 4 COMMAND alltoall --n 10 --max 2
             CHECK --expect "^rank 3: bucket \\(no values\\), sorted \\[\\]$" --expect "^alltoall: OK")

add_bad_input_matrix(alltoall NP 2 INT_FLAG --n --max --skew NONNEG_FLAG --seed)
add_bad_input_test(alltoall_skew_too_big NP 2 COMMAND alltoall --skew 11
                   STDERR "^alltoall: --skew expects a whole number from 1 to 10, got '11'")
add_bad_input_test(alltoall_too_many_numbers NP 2 COMMAND alltoall --n 1e9
                   STDERR "^alltoall: --n expects a whole number from 1 to 100000000, got '1e9'")
add_valgrind_test(alltoall ARGS --n 2000)
# A rank killed mid-sort (50 million numbers take seconds): the job must end, not hang.
add_kill_test(kill_alltoall_np4 NP 4 COMMAND alltoall --n 5e7)
