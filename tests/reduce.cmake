# Tests for reduce (docs/16-reductions.md): every test of the example, in one place.
# The expected outputs hold every line (sorted before comparing: ranks print in any order).
# Their mean, deviation, extremes and fixed-point sum are the same at every rank count;
# only the outlier offsets and the plain double sum change with it.
set(E ${CMAKE_CURRENT_SOURCE_DIR}/expected)

foreach(np 1 2 3 4)
  add_mpi_test(reduce_np${np} NP ${np} COMMAND reduce CHECK --expect-file ${E}/reduce.np${np}.out)
endforeach()
# Another seed, an uneven split and another outlier threshold: still bit for bit the serial.
# (".": a lone "[" in a CMake argument would swallow the arguments after it into one.)
add_mpi_test(reduce_seed7_np3 NP 3 COMMAND reduce --seed 7 --n 100001 --sigmas 2
             CHECK --expect "^reduce: 100001 readings \\(seed 7\\), 3 ranks hold 33333 or 33334 each$"
                   --lines 3 "^rank [0-2]: [0-9]+ outliers, at .[0-9]+, [0-9]+. of the array"
                   --expect "^outliers in all: [0-9]+ \\(more than 2 deviations from the mean\\)$"
                   --expect "^reduce: OK, mean, deviation, extremes and offsets equal a serial recomputation bit for bit$")
# Fewer readings than ranks: rank 3 holds none (its extremes are +-infinity, its count 0).
add_mpi_test(reduce_empty_rank NP 4 COMMAND reduce --n 3 --sigmas 0.5
             CHECK --expect "^reduce: 3 readings \\(seed 1\\), 4 ranks hold 0 or 1 each$"
                   --expect "^rank 0: 0 outliers, at .0, 0. of the array of all outliers$"
                   --expect "^rank 1: 1 outlier, at .0, 1. of the array of all outliers$"
                   --expect "^reduce: OK")

add_bad_input_matrix(reduce NP 2 INT_FLAG --n NONNEG_FLAG --seed REAL_FLAG --sigmas)
add_bad_input_test(reduce_sigmas_too_small NP 2 COMMAND reduce --sigmas 0.01
                   STDERR "^reduce: --sigmas expects .*got '0.01'")
add_valgrind_test(reduce ARGS --n 5000)
# A rank killed while the others wait in a reduction: the job must end, not hang.
add_kill_test(kill_reduce_np4 NP 4 COMMAND reduce --n 1e12)
