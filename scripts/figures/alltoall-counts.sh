#!/usr/bin/env bash
# scripts/figures/alltoall-counts.sh - draw the counts exchange of docs/17-alltoall.md with
# gnuplot.
#
#   scripts/figures/alltoall-counts.sh [COUNTS] [OUTPUT]
#       defaults: 3,1,1,5/3,0,3,4/0,4,3,3/2,4,2,2 (the send counts of
#                 `mpiexec -n 4 ./alltoall`: row r is what rank r sends to ranks 0..3),
#                 docs/img/alltoall-counts.png
#
# Left, the send counts: row r is rank r's send_counts, coloured by the sender. Right, what
# MPI_Alltoall leaves in every rank's recv_counts: row d is rank d's, and its entry r came
# from rank r. The right matrix is the left one transposed: rank r's row became column r.
# Needs gnuplot (scripts/install-deps core). The PNG is committed; run this again after
# changing the picture, never edit the PNG by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=${1:-3,1,1,5/3,0,3,4/0,4,3,3/2,4,2,2}
out=${2:-docs/img/alltoall-counts.png}
bad() { echo "alltoall-counts.sh: COUNTS must be a square of 2x2 to 6x6 whole numbers (0 to 9999), rows separated by '/', numbers by ',', got '$counts'" >&2; exit 2; }
IFS=/ read -r -a rows <<<"$counts"
n=${#rows[@]}
[ "$n" -ge 2 ] && [ "$n" -le 6 ] || bad
declare -A m
for ((r = 0; r < n; r++)); do
  [[ "${rows[$r]}" =~ ^[0-9]{1,4}(,[0-9]{1,4})*$ ]] || bad
  IFS=, read -r -a row <<<"${rows[$r]}"
  [ "${#row[@]}" -eq "$n" ] || bad
  for ((d = 0; d < n; d++)); do m[$r,$d]=$((10#${row[$d]})); done
done
command -v gnuplot >/dev/null || { echo "alltoall-counts.sh: needs gnuplot; run scripts/install-deps core" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

palette=("#a8dadc" "#f4a261" "#e9c46a" "#2a9d8f" "#e76f51" "#b5838d")
cells="" k=0
# cell(x0, row, col, sender, value): one coloured square with its number
cell() {
  k=$((k + 1))
  cells+="set object $k rect from $1+$3, $n-$2-1 to $1+$3+1, $n-$2 fc rgb '${palette[$4]}' fs solid 1 border lc rgb '#1d3557' lw 1.5
set label $k '$5' at $1+$3+0.5, $n-$2-0.5 center front font ',15'
"
}
for ((r = 0; r < n; r++)); do
  for ((d = 0; d < n; d++)); do
    cell 0 "$r" "$d" "$r" "${m[$r,$d]}"            # left: sender r, row r
    cell "$((n + 2))" "$d" "$r" "$r" "${m[$r,$d]}" # right: receiver d's row, column r
  done
done
labels="" k=500
for ((i = 0; i < n; i++)); do
  labels+="set label $((k + i)) 'rank $i' at -0.15, $n-$i-0.5 right font ',12'
set label $((k + 20 + i)) 'rank $i' at $n+2-0.15, $n-$i-0.5 right font ',12'
set label $((k + 40 + i)) 'to $i' at $i+0.5, $n+0.25 center font ',11'
set label $((k + 60 + i)) 'from $i' at $n+2+$i+0.5, $n+0.25 center font ',11'
"
done

gnuplot <<GNUPLOT
set terminal pngcairo size 900,$((260 + 60 * n)) font "DejaVu Sans,13" background rgb "white"
set output "$tmp"
set size ratio -1
set xrange [-1.4:2*$n+2.3]
set yrange [-1.3:$n+1.2]
unset border; unset tics; unset key
set title "MPI_Alltoall of the counts: every rank's row becomes a column" font ",14" noenhanced
$cells
$labels
set label 900 "send_counts (row = sender)" at $n/2.0, -0.5 center font ",12" noenhanced
set label 901 "recv_counts (row = receiver)" at $n+2+$n/2.0, -0.5 center font ",12" noenhanced
set label 902 "colour = the rank that sends the number" at $n+1, -1.05 center font ",11" tc rgb "#1d3557"
set arrow 1 from $n+0.3, $n/2.0 to $n+1.7, $n/2.0 head filled size 0.25,25 lw 3 lc rgb "#e63946"
plot NaN notitle
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
echo "alltoall-counts.sh: wrote $out ($n ranks)"
