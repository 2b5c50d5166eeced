# Tests for kmeans (docs/11-kmeans.md).
set(DATA ${PROJECT_SOURCE_DIR}/data)
set(KM ${CMAKE_CURRENT_SOURCE_DIR}/kmeans)

# Rank-count independence: the SAME centroid lines, to 12 digits, at 1, 2, 3 and 4 ranks,
# and the generated centres recovered (the program's own check). The numbers come from
# the seeded generator; regenerate them only if the generator changes on purpose.
foreach(np 1 2 3 4)
  add_mpi_test(kmeans_generated_np${np} NP ${np} COMMAND kmeans --k 3 --points 30000 --seed 1
               CHECK --lines 10 "^start +[0-9]+: converged after [0-9]+ iterations, inertia "
                     --expect "^centroid 0: 12\\.4866198955 -49\\.0438616551 \\(10000 points\\)$"
                     --expect "^centroid 1: 42\\.3283167463 26\\.7163179203 \\(10000 points\\)$"
                     --expect "^centroid 2: -36\\.8558124781 38\\.1294896185 \\(10000 points\\)$"
                     --expect "^best: start +[0-9]+: converged after 2 iterations, inertia 60632\\.29214$"
                     --expect "^# csv,kmeans np=${np},ok,[0-9.]+,[0-9.]+,[-0-9: ]+,kmeans,"
                     --expect "^kmeans: OK, found the 3 generated centres within 0\\.0[0-9]+ \\(limit 0\\.085\\)$"
               TIMEOUT 30)
endforeach()
# A harder mixture (8 clusters in 3-D): recovered, and the same result at 1 and 3 ranks.
foreach(np 1 3)
  add_mpi_test(kmeans_k8_np${np} NP ${np} COMMAND kmeans --k 8 --dim 3 --points 40000 --seed 7
               CHECK --expect "^centroid 7: -37\\.9211111327 -92\\.1688312054 -83\\.7225157052 \\(5000 points\\)$"
                     --expect "^kmeans: OK, found the 8 generated centres within"
               TIMEOUT 30)
endforeach()
# Iris (real data, a header line, the label column left out): scikit-learn's best inertia
# (78.85144142614601, KMeans(n_init=10)), its 62/50/38 split, and the same labels file at 1
# and 3 ranks (point 0 is a setosa: its cluster holds exactly the 50 setosa flowers).
foreach(np 1 3)
  add_mpi_test(kmeans_iris_np${np} NP ${np}
               COMMAND kmeans --k 3 --input ${DATA}/iris.csv --header 1 --columns 4 --output labels.csv
               CHECK --expect "^best: start +[0-9]+: converged after [0-9]+ iterations, inertia 78\\.85144143$"
                     --expect "^centroid [0-2]: 5\\.006 3\\.428 1\\.462 0\\.246 \\(50 points\\)$"
                     --expect "^centroid [0-2]: .* \\(62 points\\)$"
                     --expect "^kmeans: OK, 10 starts, the inertia never rose$"
                     --then "test $(wc -l < labels.csv) = 151 && head -1 labels.csv | grep -qx point,cluster && s=$(sed -n 2p labels.csv | cut -d, -f2) && test $(head -51 labels.csv | grep -c \",$s\\$\") = 50 && test $(grep -c \",$s\\$\" labels.csv) = 50"
               TIMEOUT 30)
endforeach()
# One start from random points, as before k-means++: here it ends far from the best (the
# point of --restarts and of k-means++).
add_mpi_test(kmeans_random_start_np2 NP 2 COMMAND kmeans --k 8 --dim 3 --points 40000 --seed 1 --init random --restarts 1
             CHECK --exit 1 --lines 1 "^start  1: " --expect "^kmeans: FAILED, found the 8 generated centres within [0-9]+\\."
             TIMEOUT 30)
# --max-iter stops each start early, and says so.
add_mpi_test(kmeans_max_iter NP 2 COMMAND kmeans --k 3 --input ${DATA}/iris.csv --header 1 --columns 4 --max-iter 3 --restarts 2
             CHECK --lines 2 "^start  [12]: stopped \\(--max-iter\\) after 3 iterations, inertia "
                   --expect "^best: start  1: stopped \\(--max-iter\\) after 3 iterations, inertia 125\\.3263159$"
                   --expect "^kmeans: OK, 2 starts, the inertia never rose$" TIMEOUT 30)

# Against scikit-learn (skipped without python3-sklearn): the default start reaches its best
# of 10 starts, on iris to 4 digits (78.85), and on an overlapping mixture (tests/kmeans/
# mixture.csv, where a single random start can end 33% above) for every --seed 1..10.
set(sklearn_cases "iris|3|${DATA}/iris.csv|4|3|4|--header,1,--columns,4"
                  "mixture|4|${KM}/mixture.csv|2|10|0|")
foreach(case ${sklearn_cases})
  string(REPLACE "|" ";" f "${case}")
  list(GET f 0 name)
  list(GET f 1 k)
  list(GET f 2 file)
  list(GET f 3 columns)
  list(GET f 4 seeds)
  list(GET f 5 digits)
  list(SUBLIST f 6 -1 extra)
  string(REPLACE "," ";" extra "${extra}")
  add_test(NAME kmeans_sklearn_${name}
           COMMAND ${MPIT_BASH} ${KM}/against-sklearn ${k} ${file} ${columns} ${seeds} ${digits} --
                   ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIT_TEST_PREFLAGS}
                   $<TARGET_FILE:kmeans> --k ${k} --input ${file} ${extra})
  set_tests_properties(kmeans_sklearn_${name} PROPERTIES LABELS mpi PROCESSORS 2 SKIP_RETURN_CODE 77
                       ENVIRONMENT "${MPIT_TEST_ENV}")
  mpit_test_timeout(kmeans_sklearn_${name} 120)
endforeach()
# The known best on the mixture without scikit-learn: every rank count finds it.
foreach(np 1 3)
  add_mpi_test(kmeans_mixture_np${np} NP ${np} COMMAND kmeans --k 4 --input ${KM}/mixture.csv
               CHECK --expect "^best: start +[0-9]+: converged after [0-9]+ iterations, inertia 3871\\.295799$"
               TIMEOUT 30)
endforeach()

# Values at the edges of the double range (near DBL_MAX, near 1e160, subnormal, the smallest
# doubles): four distinct points give four clusters of one point each, inertia 0, the points
# themselves as centroids; sums of squares beyond the double range are printed, positive.
foreach(case "near-max|2|-1\\.7e\\+308 -1\\.7e\\+308" "near-1e160|3|1e\\+160" "subnormal|2|1e-310"
             "smallest|3|4\\.94065645841e-324")
  string(REPLACE "|" ";" f "${case}")
  list(GET f 0 name)
  list(GET f 1 np)
  list(GET f 2 point)
  add_mpi_test(kmeans_edge_${name} NP ${np} COMMAND kmeans --k 4 --input ${KM}/${name}.csv
               CHECK --lines 4 "^centroid [0-3]: .*\\(1 point\\)$" --expect "^centroid [0-3]: ${point} \\(1 point\\)$"
                     --expect "^best: start  1: converged after 2 iterations, inertia 0$"
                     --reject "inertia -|nan|inf|\\(0 points\\)" --expect "^kmeans: OK, " TIMEOUT 30)
endforeach()
add_mpi_test(kmeans_edge_sum_beyond_double NP 2 COMMAND kmeans --k 2 --input ${KM}/near-max.csv
             CHECK --expect "^best: start +[0-9]+: converged after 2 iterations, inertia 1\\.156000000e\\+617$"
                   --lines 2 "^centroid [01]: -?1\\.7e\\+308 0 \\(2 points\\)$" TIMEOUT 30)
add_mpi_test(kmeans_edge_tiny_sum NP 2 COMMAND kmeans --k 1 --input ${KM}/subnormal.csv
             CHECK --expect "^best: start  1: converged after 2 iterations, inertia 5\\.000000000e-620$"
                   --expect "^centroid 0: 2\\.5e-310 \\(4 points\\)$" TIMEOUT 30)
# A cluster left without points takes the point farthest from its centroid (the same at
# every rank count), so no cluster stays empty while there are --k distinct points...
foreach(np 1 3)
  add_mpi_test(kmeans_empty_cluster_np${np} NP ${np}
               COMMAND kmeans --k 3 --input ${KM}/empty-cluster.csv --init random --restarts 1 --seed 19
               CHECK --expect "^cluster 1 was left empty: it takes point 6, the farthest from its centroid$"
                     --expect "^centroid 1: 16 \\(1 point\\)$" --reject "\\(0 points\\)"
                     --expect "^kmeans: OK, " TIMEOUT 30)
endforeach()
# ... and with fewer distinct points than clusters, the run ends all the same.
add_mpi_test(kmeans_fewer_points_than_k NP 2 COMMAND kmeans --k 2 --input ${KM}/all-equal.csv
             CHECK --expect "^centroid [01]: 5 \\(5 points\\)$" --expect "^centroid [01]: 5 \\(0 points\\)$"
                   --expect "^kmeans: OK, " TIMEOUT 30)

add_bad_input_test(kmeans_bad_line NP 2 COMMAND kmeans --input ${KM}/points-bad-line.csv
                   STDERR "^kmeans: .*points-bad-line\\.csv:4: field 2 \\('x'\\) is not a number$")
add_bad_input_test(kmeans_header_not_skipped NP 2 COMMAND kmeans --input ${DATA}/iris.csv
                   STDERR "iris\\.csv:1: field 3 \\('setosa'\\) is not a number. if line 1 is a header, add --header 1$")
add_bad_input_test(kmeans_too_many_columns NP 2 COMMAND kmeans --input ${DATA}/iris.csv --header 1 --columns 9
                   STDERR "^kmeans: --columns 9, but .*iris\\.csv has only 5$")
add_bad_input_test(kmeans_k_above_points NP 2 COMMAND kmeans --k 5 --points 4
                   STDERR "^kmeans: needs at least as many points as clusters: --k is 5, --points is 4$")
add_bad_input_test(kmeans_input_and_points NP 2 COMMAND kmeans --input ${DATA}/iris.csv --points 10
                   STDERR "^kmeans: --input reads the points. --points is for generated data: drop it$")
# Set by the environment, not typed: the message names the variable the user has to unset.
add_bad_input_test(kmeans_input_and_env_points NP 2 COMMAND kmeans --input ${DATA}/iris.csv --header 1 ENV N=50
                   STDERR "^kmeans: --input reads the points. N \\(environment\\) is for generated data: unset it$")
add_bad_input_test(kmeans_env_k_above_points NP 2 COMMAND kmeans --points 4 ENV K=9
                   STDERR "^kmeans: needs at least as many points as clusters: K \\(environment\\) is 9, --points is 4$")

add_bad_input_matrix(kmeans NP 2 ARGS --k 3 INT_FLAG --k=1..1000 --points=1..10000000 --max-iter=1..10000
                     --restarts=1..1000 CHOICE_FLAG --init INPUT_FLAG --input OUTPUT_FLAG --output
                     OUTPUT_FILE labels.csv)
add_valgrind_test(kmeans ARGS --k 3 --points 2000 --seed 1 --restarts 2)
# A thousand centres in 16 dimensions take seconds per iteration: a rank killed between two
# collectives must end the job.
add_kill_test(kill_kmeans_np2 NP 2 COMMAND kmeans --points 1000000 --dim 16 --k 1000 --max-iter 10000)
# Interrupted while the labels are written (ten million lines: two million are written
# faster than the test sees the file open under MPICH): nothing left behind, the labels of
# an earlier run untouched (common/atomicfile.h).
foreach(signal INT KILL)
  add_interrupt_test(interrupt_kmeans_${signal} NP 2 SIGNAL ${signal} KEEP labels.csv
                     COMMAND kmeans --points 10000000 --max-iter 3 --restarts 1 --output labels.csv)
endforeach()
