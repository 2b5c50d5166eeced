# Tests for the AI chapter: kmeans, train, ring_allreduce (docs/11, docs/12).
set(AI_DATA ${PROJECT_SOURCE_DIR}/data)
set(AI_BAD ${PROJECT_SOURCE_DIR}/tests/data)

# --- kmeans -------------------------------------------------------------------------------
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
               COMMAND kmeans --k 3 --input ${AI_DATA}/iris.csv --header 1 --columns 4 --output labels.csv
               CHECK --expect "^converged after 8 iterations, inertia 78\\.855666$"
                     --expect "^centroid 1: 5\\.006000000000 3\\.428000000000 1\\.462000000000 0\\.246000000000 \\(50 points\\)$"
                     --expect "^kmeans: OK, 8 iterations, the inertia never rose$"
                     --then "test $(wc -l < labels.csv) = 151 && head -1 labels.csv | grep -qx point,cluster && sed -n 2p labels.csv | grep -qx 0,1 && test $(grep -c ',1$' labels.csv) = 50"
               TIMEOUT 30)
endforeach()
# --max-iter stops it early, and says so.
add_mpi_test(kmeans_max_iter NP 2 COMMAND kmeans --k 3 --input ${AI_DATA}/iris.csv --header 1 --columns 4 --max-iter 3
             CHECK --lines 3 "^iteration [1-3]: inertia " --expect "^stopped \\(--max-iter\\) after 3 iterations, inertia 81\\.543603$"
                   --expect "^kmeans: OK, 3 iterations, the inertia never rose$" TIMEOUT 30)
add_bad_input_test(kmeans_missing_file NP 2 COMMAND kmeans --input nope.csv
                   STDERR "^kmeans: cannot open 'nope.csv': No such file or directory$")
add_bad_input_test(kmeans_bad_line NP 2 COMMAND kmeans --input ${AI_BAD}/points-bad-line.csv
                   STDERR "^kmeans: .*points-bad-line\\.csv:4: field 2 \\('x'\\) is not a number$")
add_bad_input_test(kmeans_header_not_skipped NP 2 COMMAND kmeans --input ${AI_DATA}/iris.csv
                   STDERR "iris\\.csv:1: field 3 \\('setosa'\\) is not a number. if line 1 is a header, add --header 1$")
add_bad_input_test(kmeans_too_many_columns NP 2 COMMAND kmeans --input ${AI_DATA}/iris.csv --header 1 --columns 9
                   STDERR "^kmeans: --columns 9, but .*iris\\.csv has only 5$")
add_bad_input_test(kmeans_k_above_points NP 2 COMMAND kmeans --k 5 --points 4
                   STDERR "^kmeans: --k 5 needs at least 5 points, --points is 4$")
add_bad_input_test(kmeans_input_and_points NP 2 COMMAND kmeans --input ${AI_DATA}/iris.csv --points 10
                   STDERR "^kmeans: --input reads the points. drop --points")
add_bad_input_test(kmeans_unwritable_output NP 2 COMMAND kmeans --output /nonexistent/labels.csv
                   STDERR "^kmeans: .*/nonexistent" NO_FILE /nonexistent/labels.csv)

# --- train --------------------------------------------------------------------------------
# No options at all, from a directory that is not the source tree: finds the shipped digits
# (path compiled in), reaches 95% held-out accuracy, and every rank holds the same weights.
foreach(np 1 2 4)
  math(EXPR last "${np} - 1")
  add_mpi_test(train_default_np${np} NP ${np} COMMAND train
               CHECK --expect "^train: 1438 training and 359 test digits, network 64-32-10 \\(2410 weights\\), ${np} ranks"
                     --lines 20 "^epoch +[0-9]+: loss [0-9.]+, train accuracy [0-9.]+, test accuracy [0-9.]+$"
                     --lines ${np} "^rank [0-9]+: weights checksum [0-9a-f]{16}$"
                     --expect "^rank ${last}: weights checksum"
                     --expect "^# csv,train np=${np} mpi,ok,[0-9.]+,[0-9.]+,[-0-9: ]+,,[0-9]+ samples/s,"
                     --expect "^trained 28760 samples in [0-9.]+ s$"
                     --expect "^train: OK, test accuracy 0\\.9[5-9][0-9]+ >= 0\\.95, all ${np} ranks hold identical weights$"
               TIMEOUT 60)
endforeach()
# The accuracy curve does not depend on the rank count or on the allreduce used: np 1
# writes the reference, np 2 (MPI_Allreduce) and np 3 (ring) must match it to 1e-9.
set(curves ${CMAKE_BINARY_DIR}/test-work/train-curves)
file(MAKE_DIRECTORY ${curves})
set(compare "${PROJECT_SOURCE_DIR}/tests/ai-compare-curves ${curves}/np1.csv")
add_mpi_test(train_curve_np1 NP 1 COMMAND train --epochs 10 --target 0.9 --curve ${curves}/np1.csv
             CHECK --file ${curves}/np1.csv TIMEOUT 30)
add_mpi_test(train_curve_np2 NP 2 COMMAND train --epochs 10 --target 0.9 --curve ${curves}/np2.csv
             CHECK --then "${compare} ${curves}/np2.csv" TIMEOUT 30)
add_mpi_test(train_curve_np3_ring NP 3 COMMAND train --epochs 10 --target 0.9 --allreduce ring --curve ${curves}/np3.csv
             CHECK --expect "^train: OK, .*all 3 ranks hold identical weights$"
                   --then "${compare} ${curves}/np3.csv" TIMEOUT 30)
set_tests_properties(train_curve_np1 PROPERTIES FIXTURES_SETUP train_curve)
set_tests_properties(train_curve_np2 train_curve_np3_ring PROPERTIES FIXTURES_REQUIRED train_curve)
# The verdict can fail: too few epochs do not reach the target (exit 1, FAILED line).
add_mpi_test(train_short_fails NP 2 COMMAND train --epochs 1 --lr 0.01
             CHECK --exit 1 --expect "^train: FAILED, test accuracy 0\\.[0-9]+ < 0\\.95, all 2 ranks hold identical weights$"
             TIMEOUT 30)
add_bad_input_test(train_missing_file NP 2 COMMAND train --data nope.csv.gz
                   STDERR "^train: cannot open 'nope.csv.gz': No such file or directory$")
add_bad_input_test(train_bad_line_gz NP 2 COMMAND train --data ${AI_BAD}/digits-bad-line.csv.gz
                   STDERR "^train: .*digits-bad-line\\.csv\\.gz:5: field 10 \\('01x'\\) is not a number$")
add_bad_input_test(train_bad_label NP 2 COMMAND train --data ${AI_BAD}/digits-bad-label.csv
                   STDERR "^train: .*digits-bad-label\\.csv: record 3: label 12 is not a digit 0\\.\\.9$")
add_bad_input_test(train_not_digits NP 2 COMMAND train --data ${AI_BAD}/points-two-columns.csv
                   STDERR "^train: .*points-two-columns\\.csv: 2 columns, expected 65 \\(64 pixels and the digit\\)$")
add_bad_input_test(train_bad_allreduce NP 2 COMMAND train --allreduce tree STDERR "--allreduce .*tree")
add_bad_input_test(train_bad_batch NP 2 COMMAND train --batch -3 STDERR "--batch expects a whole number from 1 to 100000, got '-3'")
add_bad_input_test(train_unwritable_curve NP 2 COMMAND train --curve /nonexistent/c.csv
                   STDERR "^train: .*/nonexistent" NO_FILE /nonexistent/c.csv)

# --- ring_allreduce -----------------------------------------------------------------------
# Ring == MPI_Allreduce on random vectors of many lengths (0, 1, ..., 2p+2, then up to
# 100003): exactly on whole numbers, within rounding on reals, bit-identical on all ranks.
foreach(np 1 2 3 4)
  math(EXPR nlen "2 * ${np} + 3 + 11")  # 0..2p+2, then 11 longer ones
  add_mpi_test(ring_allreduce_np${np} NP ${np} COMMAND ring_allreduce
               CHECK --expect "^checked ${nlen} lengths from 0 to 100003 at ${np} ranks: whole numbers equal, reals equal"
                     --expect "^ring_allreduce: OK, equals MPI_Allreduce on ${nlen} lengths from 0 to 100003 at ${np} ranks$"
               TIMEOUT 30)
endforeach()
# Long enough for the ring to send each chunk in several segments (RING_SEGMENT doubles).
foreach(np 2 3)
  add_mpi_test(ring_allreduce_segments_np${np} NP ${np} COMMAND ring_allreduce --max-count 400009
               CHECK --expect "^ring_allreduce: OK, equals MPI_Allreduce on [0-9]+ lengths from 0 to 400009 at ${np} ranks$"
               TIMEOUT 60)
endforeach()
# Only lengths below the rank count: most chunks are empty.
add_mpi_test(ring_allreduce_short NP 4 COMMAND ring_allreduce --max-count 3
             CHECK --expect "^ring_allreduce: OK, equals MPI_Allreduce on 4 lengths from 0 to 3 at 4 ranks$" TIMEOUT 30)
add_bad_input_test(ring_allreduce_bad_count NP 2 COMMAND ring_allreduce --max-count 0 STDERR "--max-count expects")
