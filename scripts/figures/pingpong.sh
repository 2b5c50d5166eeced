#!/usr/bin/env bash
# scripts/figures/pingpong.sh - docs/img/pingpong.png: latency and bandwidth against message
# size, in shared memory, over TCP on one host and over TCP between two hosts (docs/20).
#
#   scripts/figures/pingpong.sh [--runs DIR] [--csv FILE] [--out PNG]
#
# With --runs, first makes the CSV (default docs/img/pingpong.csv) from the runs in DIR:
#   DIR/shm.N   output of `mpiexec -n 2 ./pingpong --iterations 100` on one machine
#   DIR/tcp.N   output of `tests/cluster/lessons.sh SRC BIN openmpi pingpong` (as root),
#               which holds a run on one host with TCP only and one across two hosts
# every figure being the median over the N runs of each kind. Then draws the CSV (default
# docs/img/pingpong.png) with gnuplot. The CSV and the PNG are committed; without --runs
# the script only redraws the picture from the CSV.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
runs="" csv=$top/docs/img/pingpong.csv out=$top/docs/img/pingpong.png
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --csv) csv=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pingpong.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
command -v gnuplot >/dev/null || { echo "pingpong.sh: needs gnuplot (scripts/install-deps core)" >&2; exit 2; }

if [ -n "$runs" ]; then
  ls "$runs"/shm.* "$runs"/tcp.* >/dev/null 2>&1 ||
    { echo "pingpong.sh: no shm.N and tcp.N files in '$runs'" >&2; exit 2; }
  # One line per measurement: transport,table,size,value (table: latency or bandwidth).
  # In a tcp file, "$ ... red:2 ..." starts the one-host run and "$ ... red,red01 ..." the
  # two-host run.
  awk '
    FNR == 1 { kind = (FILENAME ~ /\/shm\.[^\/]*$/) ? "shared-memory" : "" }
    /^\$ / { kind = ($0 ~ /red:2/) ? "tcp-one-host" : "tcp-two-hosts" }
    /Latency \(us\)/ { table = "latency"; next }
    /Bandwidth \(MB\/s\)/ { table = "bandwidth"; next }
    /^pingpong: / { table = "" }
    table != "" && kind != "" && /^[0-9]+ +[0-9.]+$/ { print kind "," table "," $1 "," $2 }
  ' "$runs"/shm.* "$runs"/tcp.* | sort -t, -k1,1 -k2,2 -k3,3n -k4,4g |
  awk -F, '
    function flush(   m) { if (n == 0) return
                           m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
                           print key "," m "," n; n = 0 }
    { k = $1 "," $2 "," $3; if (k != key) { flush(); key = k } v[++n] = $4 }
    END { flush() }
  ' | { echo "transport,table,size,median,runs"; cat; } >"$csv.tmp"
  mv "$csv.tmp" "$csv"
  echo "pingpong.sh: wrote $csv ($(($(wc -l <"$csv") - 1)) medians)"
fi
[ -s "$csv" ] || { echo "pingpong.sh: no CSV '$csv'; make one with --runs DIR" >&2; exit 2; }

mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
data=$(mktemp)
trap 'rm -f "$tmp" "$data"' EXIT
# gnuplot reads one block per transport and table: "index" numbers them.
for t in shared-memory tcp-one-host tcp-two-hosts; do
  for table in latency bandwidth; do
    awk -F, -v t="$t" -v tb="$table" '$1 == t && $2 == tb { print ($3 == 0 ? 0.5 : $3), $4 }' "$csv"
    printf '\n\n'
  done
done >"$data"

gnuplot <<GNUPLOT
set terminal pngcairo size 1000,420 font "DejaVu Sans,11" background rgb "white"
set output "$tmp"
set datafile separator " "
set multiplot layout 1,2 title "pingpong on the two-core test machine: medians of five runs (0 B drawn at 0.5 B)"
set logscale xy
set xrange [0.4:8e6]
set grid
set key top left
set xlabel "message size (bytes)"
set format x "%.0s%cB"
set ylabel "one-way latency (us)"
plot "$data" index 0 using 1:2 with linespoints lw 2 pt 7 lc rgb "#1d3557" title "shared memory", \
     "$data" index 2 using 1:2 with linespoints lw 2 pt 5 lc rgb "#f4a261" title "TCP, one host", \
     "$data" index 4 using 1:2 with linespoints lw 2 pt 9 lc rgb "#e63946" title "TCP, two hosts"
set ylabel "bandwidth (MB/s)"
set key bottom right
plot "$data" index 1 using 1:2 with linespoints lw 2 pt 7 lc rgb "#1d3557" title "shared memory", \
     "$data" index 3 using 1:2 with linespoints lw 2 pt 5 lc rgb "#f4a261" title "TCP, one host", \
     "$data" index 5 using 1:2 with linespoints lw 2 pt 9 lc rgb "#e63946" title "TCP, two hosts"
unset multiplot
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
rm -f "$data"
echo "pingpong.sh: wrote $out"
