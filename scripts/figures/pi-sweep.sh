#!/usr/bin/env bash
# scripts/figures/pi-sweep.sh - Monte Carlo pi over darts = 4^5 ... 4^14, several repeats:
# a CSV of every run and a gnuplot picture of time and error against the number of darts.
#
#   scripts/figures/pi-sweep.sh [--np N] [--repeats R] [--out DIR]
#
# Defaults: np 2, 5 repeats (seeds 1..5), DIR docs/img: writes DIR/pi-sweep.csv and
# DIR/pi-sweep.png. Needs a build (cmake --preset default && cmake --build build) and gnuplot.
# Takes well under a minute: the largest runs are 4^14 = 268 million darts.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
np=2 repeats=5 out=$top/docs/img
while [ $# -gt 0 ]; do
  case "$1" in
    --np) np=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pi-sweep.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
pi=${BUILD:-$top/build}/bin/pi
[ -x "$pi" ] || { echo "pi-sweep.sh: no $pi; run: cmake --preset default && cmake --build build" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "pi-sweep.sh: needs gnuplot (scripts/install-deps dev)" >&2; exit 2; }
. "$top/scripts/mpi-env"
mkdir -p "$out"
csv=$out/pi-sweep.csv
tmp=$(mktemp) && trap 'rm -f "$tmp" "$csv.tmp"' EXIT

echo "darts,repeat,seed,processes,pi,error,abs_error,sigma,seconds,darts_per_s" >"$csv.tmp"
for e in $(seq 5 14); do
  darts=$((4 ** e))
  echo "pi-sweep: 4^$e = $darts darts x $repeats" >&2
  for r in $(seq 1 "$repeats"); do
    mpiexec $MPIEXEC_OVERSUBSCRIBE -n "$np" "$pi" --darts "$darts" --seed "$r" >"$tmp"
    awk -v d="$darts" -v r="$r" -v np="$np" '
      /^pi ~ / { pi = $3; err = $5; sigma = $9; sub(/\)$/, "", sigma) }
      /^time / { secs = $2 }
      END { a = err < 0 ? -err : err
            printf "%s,%s,%s,%s,%s,%s,%.6e,%s,%s,%.6e\n", d, r, r, np, pi, err, a, sigma, secs, d / secs }' "$tmp" >>"$csv.tmp"
  done
done
mv "$csv.tmp" "$csv"

# pngcairo draws nicer lines; plain png is there on every gnuplot build.
term="pngcairo size 1100,450 font ',10'"
gnuplot -e 'set terminal pngcairo' 2>/dev/null || term="png size 1100,450"
gnuplot <<GP
set terminal $term
set output '$out/pi-sweep.png'
set datafile separator ','
set key autotitle columnhead
set logscale x 4
set logscale y 10
set format x '4^{%L}'
set xrange [4**4.7:4**14.3]
set grid
set multiplot layout 1,2 title 'Monte Carlo pi on $np processes, $repeats seeds per size'
set xlabel 'darts'
set ylabel 'time (s)'
set format y '10^{%L}'
set key left top
plot '$csv' using 1:9 with points pt 7 ps 0.6 title 'each run', \
     '' using 1:(\$1/2.0e9) with lines dt 2 title 'darts / (2e9 darts/s)'
set ylabel '|estimate - pi|'
set key right top
plot '$csv' using 1:7 with points pt 7 ps 0.6 title 'each run', \
     '' using 1:8 with lines lw 2 title 'sigma = 4 sqrt(p(1-p)/darts)', \
     '' using 1:(5*\$8) with lines dt 2 title '5 sigma'
unset multiplot
GP
echo "pi-sweep: wrote $csv and $out/pi-sweep.png" >&2
