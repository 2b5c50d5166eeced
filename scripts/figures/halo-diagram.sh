#!/usr/bin/env bash
# scripts/figures/halo-diagram.sh - draw the blocks and ghost cells of docs/21-halo.md with
# gnuplot.
#
#   scripts/figures/halo-diagram.sh [OUTPUT]      default: docs/img/halo-blocks.png
#
# An 8 x 12 plate on a 2 x 2 process grid: four blocks of 4 x 6 cells, one per rank (cart
# ranks: 0 1 on top, 2 3 below). Rank 0's cells are blue; the orange cells are what its
# ghost layer holds, copies of rank 1's first column and rank 2's first row, which arrive
# every step through MPI_Sendrecv. The left edge of the plate is the heater. Needs gnuplot
# (scripts/install-deps core). The PNG is committed; run this again after changing the
# picture, never edit the PNG by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/img/halo-blocks.png}
command -v gnuplot >/dev/null || { echo "halo-diagram.sh: needs gnuplot; run scripts/install-deps core" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

gnuplot <<GNUPLOT
set terminal pngcairo size 900,640 font "DejaVu Sans,13" background rgb "white"
set output "$tmp"
R = 8; C = 12          # the plate: rows x columns of cells
set size ratio -1
set xrange [-3.2:C+0.6]
set yrange [-R-2.6:1.4]
unset border; unset tics; unset key
set title "An 8 x 12 plate on a 2 x 2 process grid: each rank owns a 4 x 6 block" font ",15"
# cell (r, c): x from c to c+1, y from -r-1 to -r (row 0 on top)
n = 0
do for [r=0:R-1] {
  do for [c=0:C-1] {
    n = n + 1
    own = (r < 4 && c < 6)
    ghost = (r == 4 && c < 6) || (c == 6 && r < 4)
    colour = own ? "#a8dadc" : (ghost ? "#f4a261" : "#f1faee")
    set object n rect from c, -r-1 to c+1, -r fc rgb colour fs solid 1.0 border lc rgb "#9aa5b1" lw 1
  }
}
# block borders
set arrow 1 from 0, -4 to C, -4 nohead lw 4 lc rgb "#1d3557" front
set arrow 2 from 6, 0 to 6, -R nohead lw 4 lc rgb "#1d3557" front
set object 1000 rect from 0, -R to C, 0 fs empty border lc rgb "#1d3557" lw 4 front
# the heater along the left edge
set object 1001 rect from -0.35, -R to 0, 0 fc rgb "#e63946" fs solid 1.0 noborder front
set label 1 "heater\n(held at 1)" at -1.7, -R/2.0 center font ",12" tc rgb "#e63946"
set label 2 "edges held at 0" at C/2.0, 0.75 center font ",12"
# rank names
set label 10 "rank 0\n(0,0)" at 3, -2 center front font ",15"
set label 11 "rank 1\n(0,1)" at 9, -2 center front font ",15"
set label 12 "rank 2\n(1,0)" at 3, -6 center front font ",15"
set label 13 "rank 3\n(1,1)" at 9, -6 center front font ",15"
# what travels into rank 0's ghost layer
set arrow 20 from 6.5, -0.5 to 5.5, -0.5 head filled size 0.25,25 lw 3 lc rgb "#1d3557" front
set arrow 21 from 0.5, -4.5 to 0.5, -3.5 head filled size 0.25,25 lw 3 lc rgb "#1d3557" front
set label 30 "orange: rank 0's ghost cells, copies of rank 1's first column (one element of an MPI_Type_vector)" at -3.1, -R-1.0 left font ",12" noenhanced
set label 31 "and rank 2's first row (6 contiguous doubles), refreshed every step by MPI_Sendrecv" at -3.1, -R-1.7 left font ",12" noenhanced
plot NaN notitle
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
echo "halo-diagram.sh: wrote $out"
