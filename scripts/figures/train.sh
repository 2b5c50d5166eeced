#!/usr/bin/env bash
# scripts/figures/train.sh - the loss curve of docs/12: docs/img/train-loss.png
#
#   scripts/figures/train.sh [BUILD]      (BUILD: the build directory, default build)
#
# Trains with the defaults at 1 and 2 ranks (each writes --curve CSV), then plots the
# training loss and the held-out accuracy per epoch with gnuplot. The two runs draw on top
# of each other: that is the point (the curve does not depend on the rank count).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
[ -x "$build/bin/train" ] || { echo "train.sh: no $build/bin/train; build first: cmake --preset default && cmake --build build" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "train.sh: needs gnuplot (scripts/install-deps core)" >&2; exit 2; }
# shellcheck source=scripts/mpi-env
. "$top/scripts/mpi-env"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for np in 1 2; do
  mpiexec $MPIEXEC_OVERSUBSCRIBE -n $np "$build/bin/train" --curve "$work/np$np.csv" | grep -E '^train: (OK|FAILED)'
done
mkdir -p "$top/docs/img"
out=$top/docs/img/train-loss.png
gnuplot <<GNUPLOT
set terminal pngcairo size 900,420 font "DejaVu Sans,11"
set output "$out.tmp"
set datafile separator ","
set key autotitle columnhead
set multiplot layout 1,2 title "train with its defaults: 64-32-10 network on the UCI digits, global batch 32, lr 0.2"
set xlabel "epoch"
set ylabel "mean cross-entropy loss (training)"
set logscale y
set grid
plot "$work/np1.csv" using 1:2 with lines lw 3 lc rgb "#1f77b4" title "1 rank", \
     "$work/np2.csv" using 1:2 with points pt 7 ps 0.6 lc rgb "#d62728" title "2 ranks"
unset logscale y
set ylabel "accuracy"
set yrange [0.5:1]
set key bottom right
plot "$work/np1.csv" using 1:3 with lines lw 2 lc rgb "#2ca02c" title "training (1 rank)", \
     "$work/np1.csv" using 1:4 with lines lw 3 lc rgb "#ff7f0e" title "held-out test (1 rank)", \
     "$work/np2.csv" using 1:4 with points pt 7 ps 0.6 lc rgb "#d62728" title "held-out test (2 ranks)", \
     0.95 with lines dt 2 lc rgb "gray" title "95%"
unset multiplot
GNUPLOT
mv "$out.tmp" "$out"
echo "wrote $out"
