# Tests for train (docs/12-data-parallel-training.md).
# No options at all, from a directory that is not the source tree: finds the shipped digits
# (path compiled in), reaches 95% held-out accuracy, and every rank holds the same weights.
foreach(np 1 2 4)
  math(EXPR last "${np} - 1")
  add_mpi_test(train_default_np${np} NP ${np} COMMAND train
               CHECK --expect "^train: 1438 training and 359 test digits, network 64-32-10 \\(2410 weights\\), ${np} ranks"
                     --lines 20 "^epoch +[0-9]+: loss [0-9.]+, train accuracy [0-9.]+, test accuracy [0-9.]+$"
                     --lines ${np} "^rank [0-9]+: weights checksum [0-9a-f]{16}$"
                     --expect "^rank ${last}: weights checksum"
                     --expect "^# csv,train np=${np} mpi,ok,[0-9.]+,[0-9.]+,[-0-9: ]+,train,[0-9]+ samples/s,"
                     --expect "^trained 28760 samples in [0-9.]+ s$"
                     --expect "^train: OK, test accuracy 0\\.9[5-9][0-9]+ >= 0\\.95, all ${np} ranks hold identical weights$"
               TIMEOUT 120)
endforeach()
# The accuracy curve does not depend on the rank count or on the allreduce used: np 1
# writes the reference, np 2 (MPI_Allreduce) and np 3 (ring) must match it to 1e-9.
set(curves ${CMAKE_BINARY_DIR}/test-work/train-curves)
file(MAKE_DIRECTORY ${curves})
set(compare "${CMAKE_CURRENT_SOURCE_DIR}/train/compare-curves ${curves}/np1.csv")
add_mpi_test(train_curve_np1 NP 1 COMMAND train --epochs 4 --target 0.9 --curve ${curves}/np1.csv
             CHECK --file ${curves}/np1.csv TIMEOUT 30)
add_mpi_test(train_curve_np2 NP 2 COMMAND train --epochs 4 --target 0.9 --curve ${curves}/np2.csv
             CHECK --then "${compare} ${curves}/np2.csv" TIMEOUT 30)
add_mpi_test(train_curve_np3_ring NP 3 COMMAND train --epochs 4 --target 0.9 --allreduce ring --curve ${curves}/np3.csv
             CHECK --expect "^train: OK, .*all 3 ranks hold identical weights$"
                   --then "${compare} ${curves}/np3.csv" TIMEOUT 30)
# Odd sizes (7 hidden units, batches of 5 split over 3 ranks: slices of 1 and 2 samples) give
# the same curve as one rank, too.
add_mpi_test(train_curve_odd_np1 NP 1 COMMAND train --epochs 2 --hidden 7 --batch 5 --target 0
             --curve ${curves}/odd1.csv CHECK --file ${curves}/odd1.csv TIMEOUT 30)
add_mpi_test(train_curve_odd_np3 NP 3 COMMAND train --epochs 2 --hidden 7 --batch 5 --target 0
             --curve ${curves}/odd3.csv
             CHECK --then "${CMAKE_CURRENT_SOURCE_DIR}/train/compare-curves ${curves}/odd1.csv ${curves}/odd3.csv"
             TIMEOUT 30)
set_tests_properties(train_curve_np1 train_curve_odd_np1 PROPERTIES FIXTURES_SETUP train_curve)
set_tests_properties(train_curve_np2 train_curve_np3_ring train_curve_odd_np3 PROPERTIES
                     FIXTURES_REQUIRED train_curve)
# A global batch larger than the training set: one update per epoch, memory for the samples
# that exist (not for 100000).
add_mpi_test(train_batch_above_set NP 2 COMMAND train --epochs 2 --batch 100000 --target 0
             CHECK --lines 2 "^epoch  [12]: loss " --expect "^train: OK, " TIMEOUT 30)
# The curve is written when training is over: a run stopped by Ctrl-C mid-training has no
# temporary file to leave behind.
set(curve_at_end ${CMAKE_BINARY_DIR}/test-work/train_curve_at_end)
file(MAKE_DIRECTORY ${curve_at_end})
add_test(NAME train_curve_at_end
         COMMAND ${MPIT_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/train/curve-at-end --
                 ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIT_TEST_PREFLAGS}
                 $<TARGET_FILE:train> --epochs 10000 --target 1 --curve curve.csv
         WORKING_DIRECTORY ${curve_at_end})
set_tests_properties(train_curve_at_end PROPERTIES LABELS mpi PROCESSORS 2
                     ENVIRONMENT "${MPIT_TEST_ENV}")
mpit_test_timeout(train_curve_at_end 90)
# The verdict can fail: too few epochs do not reach the target (exit 1, FAILED line).
add_mpi_test(train_short_fails NP 2 COMMAND train --epochs 1 --lr 0.01
             CHECK --exit 1 --expect "^train: FAILED, test accuracy 0\\.[0-9]+ < 0\\.95, all 2 ranks hold identical weights$"
             TIMEOUT 30)
add_bad_input_test(train_bad_line_gz NP 2 COMMAND train --data ${CMAKE_CURRENT_SOURCE_DIR}/train/digits-bad-line.csv.gz
                   STDERR "^train: .*digits-bad-line\\.csv\\.gz:5: field 10 \\('01x'\\) is not a number$")
add_bad_input_test(train_bad_label NP 2 COMMAND train --data ${CMAKE_CURRENT_SOURCE_DIR}/train/digits-bad-label.csv
                   STDERR "^train: .*digits-bad-label\\.csv: record 3: label 12 is not a digit 0\\.\\.9$")
add_bad_input_test(train_not_digits NP 2 COMMAND train --data ${CMAKE_CURRENT_SOURCE_DIR}/train/points-two-columns.csv
                   STDERR "^train: .*points-two-columns\\.csv: 2 columns, expected 65 \\(64 pixels and the digit\\)$")

# The hostile cases that run to the end train for 2 epochs, not 20: the curve is written
# the same, and on a machine whose cores are busy with other work each of the 900
# allreduces of 20 epochs waits for a turn on a core (20 s and more beside two CPU hogs).
add_bad_input_matrix(train NP 2 INT_FLAG --epochs=1..10000 --batch=1..100000 REAL_FLAG --lr=1e-06..10
                     CHOICE_FLAG --allreduce INPUT_FLAG --data OUTPUT_FLAG --curve OUTPUT_FILE curve.csv
                     RUN_ARGS --epochs 2 --target 0)
add_valgrind_test(train ARGS --epochs 2 --target 0)
# Ten thousand epochs take hours: a rank killed mid-training must end the job.
add_kill_test(kill_train_np2 NP 2 COMMAND train --epochs 10000 --target 1)
# Interrupted mid-training with --curve: nothing left behind, an earlier curve untouched
# (common/atomicfile.h). Signalled once the second epoch is printed: the curve may be open
# from the start or written only at the end.
foreach(signal INT KILL)
  add_interrupt_test(interrupt_train_${signal} NP 2 SIGNAL ${signal} KEEP curve.csv
                     READY "^epoch +2:" COMMAND train --epochs 10000 --target 1 --curve curve.csv)
endforeach()
