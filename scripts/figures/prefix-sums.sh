#!/usr/bin/env bash
# scripts/figures/prefix-sums.sh - draw the prefix sums of docs/16-reductions.md with gnuplot.
#
#   scripts/figures/prefix-sums.sh [COUNTS] [OUTPUT]
#       defaults: 117,107,110,117 (the outliers of `mpiexec -n 4 ./reduce`),
#                 docs/img/prefix-sums.png
#
# Each rank holds a count (how many outliers it will write); the outliers of all ranks go
# into one array, rank by rank. MPI_Exscan gives rank r the sum of the counts of ranks 0..r-1,
# where its outliers start; MPI_Scan the sum of 0..r, where they end; the last rank's Scan is
# the total. Needs gnuplot (scripts/install-deps core). The PNG is committed; run this
# again after changing the picture, never edit the PNG by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=${1:-117,107,110,117}
out=${2:-docs/img/prefix-sums.png}
bad() { echo "prefix-sums.sh: COUNTS must be 2 to 8 whole numbers from 0 to 1000000, separated by commas, got '$counts'" >&2; exit 2; }
[[ "$counts" =~ ^[0-9]{1,7}(,[0-9]{1,7}){1,7}$ ]] || bad
IFS=, read -r -a c <<<"$counts"
for v in "${c[@]}"; do [ "$((10#$v))" -le 1000000 ] || bad; done
command -v gnuplot >/dev/null || { echo "prefix-sums.sh: needs gnuplot; run scripts/install-deps core" >&2; exit 2; }
n=${#c[@]}
total=0
starts=()
for v in "${c[@]}"; do starts+=("$total"); total=$((total + 10#$v)); done
[ "$total" -gt 0 ] || bad
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

# One gnuplot line per rank: its box on top, its segment of the array below, an arrow between.
objects=""
palette=("#a8dadc" "#f4a261" "#e9c46a" "#2a9d8f" "#e76f51" "#8ab17d" "#b5838d" "#6d6875")
for ((r = 0; r < n; r++)); do
  v=$((10#${c[$r]})) s=${starts[$r]} col=${palette[$r]}
  objects+="set object $((r + 1)) rect from $r*W+0.1, 3.2 to $r*W+W-0.1, 4.2 fc rgb '$col' fs solid 1 border lc rgb '#1d3557' lw 1.5
set label $((r + 1)) \"rank $r\\n$v outliers\" at $r*W+W/2, 3.7 center front
set object $((r + 101)) rect from $s*L, 0.6 to ($s+$v)*L, 1.6 fc rgb '$col' fs solid 1 border lc rgb '#1d3557' lw 1.5
set arrow $((r + 1)) from $r*W+W/2, 3.15 to ($s+$v/2.0)*L, 1.65 head filled size 0.12,20 lw 1.5 lc rgb '#1d3557'
set label $((r + 101)) \"Exscan $s\\nScan $((s + v))\" at ($s+$v/2.0)*L + 0.08, 2.4 left font ',11' tc rgb '#1d3557'
set label $((r + 201)) '$s' at $s*L, 0.3 center font ',11'
"
done

gnuplot <<GNUPLOT
set terminal pngcairo size 900,420 font "DejaVu Sans,13" background rgb "white"
set output "$tmp"
W = 10.0/$n        # width of one rank's box on top
L = 10.0/$total    # width of one item in the array below
set xrange [-0.3:10.6]
set yrange [-0.4:5.0]
unset border; unset tics; unset key
set title "Where each rank's outliers go: MPI_Exscan = where they start, MPI_Scan = where they end" font ",14" noenhanced
$objects
set label 900 "$total" at 10, 0.3 center font ",11"
set label 901 "one array of all $total outliers (the last rank's Scan is the total)" at 5, -0.15 center font ",12"
plot NaN notitle
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
echo "prefix-sums.sh: wrote $out ($n ranks, $total outliers)"
