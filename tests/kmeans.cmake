# Tests for kmeans (docs/11-kmeans.md).
set(DATA ${PROJECT_SOURCE_DIR}/data)

# Rank-count independence: the SAME centroid lines, to 12 decimals, at 1, 2, 3 and 4 ranks,
# and the generated centres recovered (the program's own check). The numbers come from
# the seeded generator; regenerate them only if the generator changes on purpose.
foreach(np 1 2 3 4)
  add_mpi_test(kmeans_generated_np${np} NP ${np} COMMAND kmeans --k 3 --points 30000 --seed 1
               CHECK --expect "^centroid 0: -36\\.855812478092 38\\.129489618451 \\(10000 points\\)$"
                     --expect "^centroid 1: 12\\.486619895483 -49\\.043861655134 \\(10000 points\\)$"
                     --expect "^centroid 2: 42\\.328316746295 26\\.716317920305 \\(10000 points\\)$"
                     --expect "^converged after 2 iterations, inertia 60632\\.292142$"
                     --expect "^kmeans: OK, found the 3 generated centres within 0\\.0[0-9]+ \\(limit 0\\.085\\)$"
               TIMEOUT 30)
endforeach()
# A harder mixture (8 clusters in 3-D): recovered, and the same result at 1 and 3 ranks.
foreach(np 1 3)
  add_mpi_test(kmeans_k8_np${np} NP ${np} COMMAND kmeans --k 8 --dim 3 --points 40000 --seed 7
               CHECK --expect "^centroid 7: -88\\.3[0-9]+ -42\\.5[0-9]+ -44\\.6[0-9]+ \\(5000 points\\)$"
                     --expect "^kmeans: OK, found the 8 generated centres within"
               TIMEOUT 30)
endforeach()
# Iris (real data, a header line, the label column left out): the known optimum, the same
# labels file at 1 and 3 ranks.
foreach(np 1 3)
  add_mpi_test(kmeans_iris_np${np} NP ${np}
               COMMAND kmeans --k 3 --input ${DATA}/iris.csv --header 1 --columns 4 --output labels.csv
               CHECK --expect "^converged after 8 iterations, inertia 78\\.855666$"
                     --expect "^centroid 1: 5\\.006000000000 3\\.428000000000 1\\.462000000000 0\\.246000000000 \\(50 points\\)$"
                     --expect "^kmeans: OK, 8 iterations, the inertia never rose$"
                     --then "test $(wc -l < labels.csv) = 151 && head -1 labels.csv | grep -qx point,cluster && sed -n 2p labels.csv | grep -qx 0,1 && test $(grep -c ',1$' labels.csv) = 50"
               TIMEOUT 30)
endforeach()
# --max-iter stops it early, and says so.
add_mpi_test(kmeans_max_iter NP 2 COMMAND kmeans --k 3 --input ${DATA}/iris.csv --header 1 --columns 4 --max-iter 3
             CHECK --lines 3 "^iteration [1-3]: inertia " --expect "^stopped \\(--max-iter\\) after 3 iterations, inertia 81\\.543603$"
                   --expect "^kmeans: OK, 3 iterations, the inertia never rose$" TIMEOUT 30)
add_bad_input_test(kmeans_bad_line NP 2 COMMAND kmeans --input ${CMAKE_CURRENT_SOURCE_DIR}/kmeans/points-bad-line.csv
                   STDERR "^kmeans: .*points-bad-line\\.csv:4: field 2 \\('x'\\) is not a number$")
add_bad_input_test(kmeans_header_not_skipped NP 2 COMMAND kmeans --input ${DATA}/iris.csv
                   STDERR "iris\\.csv:1: field 3 \\('setosa'\\) is not a number. if line 1 is a header, add --header 1$")
add_bad_input_test(kmeans_too_many_columns NP 2 COMMAND kmeans --input ${DATA}/iris.csv --header 1 --columns 9
                   STDERR "^kmeans: --columns 9, but .*iris\\.csv has only 5$")
add_bad_input_test(kmeans_k_above_points NP 2 COMMAND kmeans --k 5 --points 4
                   STDERR "^kmeans: --k 5 needs at least 5 points, --points is 4$")
add_bad_input_test(kmeans_input_and_points NP 2 COMMAND kmeans --input ${DATA}/iris.csv --points 10
                   STDERR "^kmeans: --input reads the points. drop --points")

add_bad_input_matrix(kmeans NP 2 ARGS --k 3 INT_FLAG --k=1..1000 --points=1..10000000 --max-iter=1..1000000
                     INPUT_FLAG --input OUTPUT_FLAG --output OUTPUT_FILE labels.csv)
add_valgrind_test(kmeans ARGS --k 3 --points 2000 --seed 1)
# A thousand centres in 16 dimensions take seconds per iteration: a rank killed between two
# MPI_Allreduce calls must end the job.
add_kill_test(kill_kmeans_np2 NP 2 COMMAND kmeans --points 1000000 --dim 16 --k 1000 --max-iter 1000000)
