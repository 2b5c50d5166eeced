#!/usr/bin/env bash
# scripts/figures/ring-diagram.sh - draw the ring of docs/08-ring.md with gnuplot.
#
#   scripts/figures/ring-diagram.sh [RANKS] [OUTPUT]     defaults: 6, docs/img/ring-diagram.png
#
# RANKS processes sit on a circle; an arrow from each rank to (rank + 1) % size is the one
# message it sends per lap. Rank 0 starts the token and gets it back from the last rank,
# which closes the ring. Needs gnuplot (scripts/install-deps core). The PNG is committed;
# run this again after changing the picture, never edit the PNG by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
ranks=${1:-6}
out=${2:-docs/img/ring-diagram.png}
case "$ranks" in ''|*[!0-9]*) echo "ring-diagram.sh: RANKS must be a whole number from 2 to 12, got '$ranks'" >&2; exit 2 ;; esac
[ "$ranks" -ge 2 ] && [ "$ranks" -le 12 ] ||
  { echo "ring-diagram.sh: RANKS must be a whole number from 2 to 12, got '$ranks'" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "ring-diagram.sh: needs gnuplot; run scripts/install-deps core" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

gnuplot <<GNUPLOT
set terminal pngcairo size 640,640 font "DejaVu Sans,13" background rgb "white"
set output "$tmp"
n = $ranks
R = 1.0          # radius of the ring
r = 0.17         # radius of one rank's disc
set size square
set xrange [-1.55:1.55]
set yrange [-1.55:1.55]
unset border; unset tics; unset key
set title "A ring of ".n." processes: each rank sends to (rank + 1) % size" font ",14"
# rank k sits at angle a(k), rank 0 at the top, ranks counting clockwise
a(k) = pi/2 - 2*pi*k/n
do for [k=0:n-1] {
  set object (k+1) circle at R*cos(a(k)), R*sin(a(k)) size r \
      fc rgb (k == 0 ? "#f4a261" : "#a8dadc") fs solid 1.0 border lc rgb "#1d3557" lw 2 front
  set label (k+1) sprintf("%d", k) at R*cos(a(k)), R*sin(a(k)) center front font ",18"
  # the arrow from rank k to rank k+1, along the circle, between the two discs
  d = 2*pi/n
  g = 1.25*r/R
  t1 = a(k) - g
  t2 = a(k) - d + g
  set arrow (k+1) from 0.93*R*cos(t1), 0.93*R*sin(t1) to 0.93*R*cos(t2), 0.93*R*sin(t2) \
      head filled size 0.07,25 lw 2.5 lc rgb (k == n-1 ? "#e63946" : "#1d3557") front
}
set label 100 "rank 0 starts the token" at 0, R + r + 0.16 center font ",12"
set label 101 "the last rank sends it back to 0:\nthat closes the ring" at 0, 0 center font ",12" tc rgb "#e63946"
set label 102 "rank 0: MPI_Send, then MPI_Recv\nthe others: MPI_Recv from the left, then MPI_Send to the right" at 0, -R - r - 0.22 center font ",12" noenhanced
plot NaN notitle
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
echo "ring-diagram.sh: wrote $out ($ranks ranks)"
