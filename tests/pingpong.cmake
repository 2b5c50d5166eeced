# Tests for pingpong (docs/20-pingpong.md): everything about the one example, in one file.
#
# pingpong needs exactly 2 ranks, so its output is checked at np 2; np 1 and np 3 are bad
# input (the matrix's too_few_ranks and too_many_ranks). The tables' numbers are timings:
# the output is compared with tests/expected/pingpong.*.out after masking them (a row
# "4096  12.34" becomes "4096 @NUM@", the host names @HOST@), so the sizes, the headers, the
# Pass/Fail column and the verdict are checked exactly. pingpong checks every size itself
# (the pattern of the last round, or of every message with --validate).
function(pingpong_masked_diff out expected)
  set(${out} "sed -E -e 's/^([0-9]+) +[0-9]+[.][0-9][0-9]/\\1 @NUM@/' -e 's/ on [^,]+, rank 1 on .+$/ on @HOST@, rank 1 on @HOST@/' -e 's/[0-9]+[.][0-9]+ (us|MB.s)/@NUM@ \\1/g' \"$CHECK_STDOUT\" | diff -u ${PROJECT_SOURCE_DIR}/tests/expected/${expected} -" PARENT_SCOPE)
endfunction()

# 0 B .. 64 KiB: 18 latency rows, 17 bandwidth rows (sizes above 8 KiB: a tenth of the
# iterations, at least 1).
pingpong_masked_diff(PINGPONG_NP2 pingpong.np2.out)
add_mpi_test(pingpong_np2 NP 2 COMMAND pingpong --max-size 65536 --iterations 20 --warmup 2
             CHECK --then "${PINGPONG_NP2}" TIMEOUT 90)
# --validate: every message stamped and checked, the Validation column says Pass.
pingpong_masked_diff(PINGPONG_VALIDATE pingpong.validate.np2.out)
add_mpi_test(pingpong_validate_np2 NP 2 COMMAND pingpong --validate --min-size 1
             --max-size 1048576 --iterations 20 --warmup 2
             CHECK --then "${PINGPONG_VALIDATE}" TIMEOUT 90)
# The whole default range, 0 B .. 4 MiB (fewer iterations than the default, for time).
add_mpi_test(pingpong_full_range NP 2 COMMAND pingpong --iterations 20 --warmup 2
             CHECK --lines 47 "^[0-9]+ +[0-9]+[.][0-9]{2}$"
                   --expect "^0 +[0-9]+[.][0-9]{2}$" --expect "^4194304 +[0-9]+[.][0-9]{2}$"
                   --expect "^# Size +Latency \\(us\\)$" --expect "^# Size +Bandwidth \\(MB/s\\)$"
                   --expect "^pingpong: latency [0-9.]+ us for 0 B, [0-9.]+ us for 4194304 B \\(one way\\)$"
                   --expect "^pingpong: bandwidth [0-9.]+ MB/s for 4194304 B messages$"
                   --expect "^pingpong: OK, 24 sizes from 0 to 4194304 bytes echoed intact, 23 streamed intact \\(the last round of each size checked\\)$"
             TIMEOUT 120)
# One size only (what bench/pingpong.bench runs), and a window larger than 16 MiB allows.
add_mpi_test(pingpong_one_size NP 2 COMMAND pingpong --min-size 8 --max-size 8 --iterations 100
             CHECK --stdout-lines 9 --lines 2 "^8 +[0-9]+[.][0-9]{2}$"
                   --expect "^# pingpong: MPI bandwidth, windows of 64 messages \\(at most 16 MiB\\)$"
                   --expect "^pingpong: OK, 1 size from 8 to 8 bytes echoed intact, 1 streamed intact "
             TIMEOUT 30)
add_mpi_test(pingpong_big_window NP 2 COMMAND pingpong --min-size 4194304 --max-size 4194304
             --window 1024 --iterations 10 --validate
             CHECK --lines 2 "^4194304 +[0-9]+[.][0-9]{2} +Pass$"
                   --expect "^pingpong: OK, 1 size from 4194304 to 4194304 bytes echoed intact, 1 streamed intact \\(every message checked\\)$"
             TIMEOUT 60)

# Bad input: the matrix (flags, rank counts), then pingpong's own rules for the sizes.
add_bad_input_matrix(pingpong NP 2 MIN_RANKS 2 MAX_RANKS 2 INT_FLAG --iterations --window
                     NONNEG_FLAG --max-size --warmup --min-size)
add_bad_input_test(pingpong_bad_not_power_of_two NP 2 COMMAND pingpong --max-size 1000
                   STDERR "^pingpong: --min-size 0 and --max-size 1000 must be 0 or powers of 2, the first not larger. e.g. --min-size 8 --max-size 1048576$")
add_bad_input_test(pingpong_bad_min_above_max NP 2 COMMAND pingpong --min-size 64 --max-size 8
                   STDERR "^pingpong: --min-size 64 and --max-size 8 must be")
add_bad_input_test(pingpong_bad_huge NP 2 COMMAND pingpong --max-size 1e9
                   STDERR "^pingpong: --max-size expects a whole number from 0 to 268435456, got '1e9'. see \\./pingpong --help$")

# Memory errors: a short run with every message checked.
add_valgrind_test(pingpong ARGS --max-size 4096 --iterations 4 --warmup 1 --validate)

# Rank 1 SIGKILLed while rank 0 waits for its echo: the job must end within seconds.
add_kill_test(kill_pingpong_np2 NP 2 COMMAND pingpong --max-size 0 --iterations 1e9
              READY "^# Size")

# The chapter's picture comes out of its script: scripts/figures/pingpong.sh redraws
# docs/img/pingpong.png from the committed medians (docs/img/pingpong.csv; --runs DIR remakes
# those from runs of pingpong and of tests/cluster/lessons.sh).
set(pingpong_fig ${CMAKE_BINARY_DIR}/test-work/docs_figure_pingpong)
file(MAKE_DIRECTORY ${pingpong_fig})
mpit_scaled(deadline 60)
add_test(NAME docs_figure_pingpong
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --timeout ${deadline} --file ${pingpong_fig}/pingpong.png
                 --expect "^pingpong.sh: wrote .*/pingpong.png$"
                 --then "head -c 8 ${pingpong_fig}/pingpong.png | od -An -c | grep -q 'P   N   G'"
                 -- ${MPIT_BASH} -c "rm -f '${pingpong_fig}/pingpong.png' && '${PROJECT_SOURCE_DIR}/scripts/figures/pingpong.sh' --out '${pingpong_fig}/pingpong.png'")
add_test(NAME docs_figure_pingpong_bad
         COMMAND ${MPIT_BASH} ${MPIT_CHECK} --exit 2 --stderr-lines 1
                 --expect-stderr "^pingpong.sh: no shm.N and tcp.N files in '/nonexistent'$"
                 -- ${PROJECT_SOURCE_DIR}/scripts/figures/pingpong.sh --runs /nonexistent --csv ${pingpong_fig}/bad.csv)
set_tests_properties(docs_figure_pingpong docs_figure_pingpong_bad PROPERTIES LABELS docs)
mpit_test_timeout(docs_figure_pingpong 70)
mpit_test_timeout(docs_figure_pingpong_bad 70)
