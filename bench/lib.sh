# bench/lib.sh - sourced by every bench/NAME.bench: how a benchmark reports (see bench/run).
# shellcheck shell=bash
#
#   row BENCH COMPARISON UNIT HIGHER GOAL FILE
#       One table row from FILE, which holds one line "OURS BASELINE" per run (round). HIGHER
#       says which is better: "higher" (rates: ratio = ours / baseline) or "lower" (times:
#       ratio = baseline / ours). Either way ratio > 1 means ours is better. Prints
#         result,BENCH,COMPARISON,OURS,BASELINE,UNIT,RATIO_MIN,RATIO_MEDIAN,RUNS,GOAL
#       with the medians of ours and the baseline, and the worst and the median ratio over
#       the runs. GOAL: ">=150" (the median ratio must reach 150), ">=1.3 every run" (the
#       worst must), or "-" (no goal: for information). No valid run: an error row.
#   skip BENCH COMPARISON REASON     a baseline this machine lacks (python3, mpi4py, numpy)
#   fail BENCH COMPARISON REASON     something that should be there is not, or did not work
#   (A comma in COMPARISON or REASON becomes ";": the rows are CSV.)
#   osu TITLE FILE                   FILE's "SIZE LATENCY" lines as an OSU-style block in
#                                    $OUT/osu.txt ("# TITLE", "# Size  Latency (us)")
#   median FILE                      the median of FILE's numbers
#
# What the programs print, read in one place (each reads standard input, prints a number):
#   pi_seconds      pi's run time, from its "time S s, ..." line
#   julia_seconds   julia's compute span, from its "computed H rows in S s" line
#   train_rate      train's samples/s, from its "# csv,train np=..." line

row() {
  local bench=$1 comparison=${2//,/;} unit=$3 higher=$4 goal=$5 file=$6
  awk -v b="$bench" -v c="$comparison" -v u="$unit" -v h="$higher" -v g="$goal" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
    NF >= 2 && $1 + 0 > 0 && $2 + 0 > 0 {
      n++; o[n] = $1; base[n] = $2; q[n] = (h == "higher") ? $1 / $2 : $2 / $1
      if (n == 1 || q[n] < worst) worst = q[n] }
    END {
      if (n == 0) { printf "error,%s,%s,no valid run (see the raw output in bench-results)\n", b, c; exit }
      printf "result,%s,%s,%.4g,%.4g,%s,%.3g,%.3g,%d,%s\n", b, c, median(o, n), median(base, n), u, worst, median(q, n), n, g }' "$file"
}

skip() { echo "skip,$1,${2//,/;},${3//,/;}"; }
fail() { echo "error,$1,${2//,/;},${3//,/;}"; }

osu() {
  local title=$1 file=$2
  {
    echo "# $title"
    printf '# %-10s %15s\n' Size 'Latency (us)'
    awk '{ printf "%-12s %15.2f\n", $1, $2 }' "$file"
  } >>"$OUT/osu.txt"
}

median() {
  sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2) }'
}

pi_seconds() { sed -nE 's/^time ([0-9.]+) s, .*/\1/p'; }
julia_seconds() { sed -nE 's/^computed [0-9]+ rows in ([0-9.]+) s.*/\1/p'; }
train_rate() { awk -F, '/^# csv,train np=/ { split($8, m, " "); print m[1] }'; }
