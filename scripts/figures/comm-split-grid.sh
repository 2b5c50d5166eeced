#!/usr/bin/env bash
# scripts/figures/comm-split-grid.sh - draw the process grid of docs/19-communicators.md
# with gnuplot.
#
#   scripts/figures/comm-split-grid.sh [ROWS] [COLS] [OUTPUT]
#       defaults: 3 2 docs/img/comm-split-grid.png (what `mpiexec -n 6 ./comm_split` makes)
#
# ROWS x COLS ranks, numbered row by row. Each row is one communicator of MPI_Comm_split
# (colour = row; a band behind it), each column another (colour = column). Arrows down a
# column: the MPI_Bcast of x[j] from row 0; at the end of a row: the MPI_Allreduce that
# gives every rank of the row y[i]. Each box shows the world rank and, below, its rank in
# its row's and its column's communicator. Needs gnuplot (scripts/install-deps core). The
# PNG is committed; run this again after changing the picture, never edit the PNG by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-3}
cols=${2:-2}
out=${3:-docs/img/comm-split-grid.png}
for v in "$rows" "$cols"; do
  case "$v" in ''|*[!0-9]*) echo "comm-split-grid.sh: ROWS and COLS must be whole numbers from 1 to 6, got '$rows' '$cols'" >&2; exit 2 ;; esac
  [ "$v" -ge 1 ] && [ "$v" -le 6 ] ||
    { echo "comm-split-grid.sh: ROWS and COLS must be whole numbers from 1 to 6, got '$rows' '$cols'" >&2; exit 2; }
done
command -v gnuplot >/dev/null || { echo "comm-split-grid.sh: needs gnuplot; run scripts/install-deps core" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT

palette=("#a8dadc" "#f4a261" "#e9c46a" "#2a9d8f" "#e76f51" "#b5838d")
draw=""
for ((i = 0; i < rows; i++)); do
  # the row's band, then its ranks; y grows upwards, row 0 on top
  y=$((rows - 1 - i))
  draw+="set object $((100 + i)) rect from -0.15, $y*H+0.08 to $cols*W-0.55, $y*H+H-0.08 fc rgb '${palette[$i]}' fs solid 0.45 noborder back
set label $((100 + i)) \"row $i: MPI_Allreduce\\ngives each rank y[$i]\" at $cols*W-0.35, $y*H+H/2 left font ',11' noenhanced
"
  for ((j = 0; j < cols; j++)); do
    r=$((i * cols + j))
    draw+="set object $((200 + r)) rect from $j*W+0.1, $y*H+0.25 to $j*W+W-0.8, $y*H+H-0.25 fc rgb 'white' fs solid 1 border lc rgb '#1d3557' lw 2 front
set label $((200 + r)) \"rank $r\" at $j*W+W/2-0.35, $y*H+H/2+0.2 center front font ',14'
set label $((300 + r)) \"row rank $j, col rank $i\" at $j*W+W/2-0.35, $y*H+H/2-0.25 center front font ',10'
"
  done
done
for ((j = 0; j < cols; j++)); do
  # the broadcast goes down the column, from each box to the one below
  for ((i = 0; i + 1 < rows; i++)); do
    y=$((rows - 1 - i))
    draw+="set arrow $((1 + j * rows + i)) from $j*W+W/2-0.35, $y*H+0.25 to $j*W+W/2-0.35, $y*H-0.25 head filled size 0.12,25 lw 3 lc rgb '#e63946' front
"
  done
  draw+="set label $((400 + j)) \"column $j: MPI_Bcast\\nof x[$j] from row 0\" at $j*W+W/2-0.35, $rows*H+0.35 center font ',11' tc rgb '#e63946' noenhanced
"
done

gnuplot <<GNUPLOT
set terminal pngcairo size $((360 + 230 * cols)),$((160 + 150 * rows)) font "DejaVu Sans,13" background rgb "white"
set output "$tmp"
W = 2.6   # width of one column
H = 1.6   # height of one row
set xrange [-0.4:$cols*W+2.9]
set yrange [-0.3:$rows*H+0.9]
unset border; unset tics; unset key
set title "$((rows * cols)) ranks as a $rows x $cols grid: MPI_Comm_split by row and by column" font ",14" noenhanced
$draw
plot NaN notitle
GNUPLOT
mv "$tmp" "$out"
trap - EXIT
echo "comm-split-grid.sh: wrote $out ($rows x $cols)"
