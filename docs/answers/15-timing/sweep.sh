#!/bin/bash
# sweep.sh - run one of the timed examples on 1, 2 and 4 processes and collect the rows of
# its StopWatch (its "# csv,<program>" lines) in runs.csv (docs/answers/15-timing.md).
#
#   sweep.sh PROGRAM [OPTIONS...]      from build/bin, e.g.  sweep.sh pi --darts 1e8 --seed 1
#
# Stops at the first run that fails, with that run's exit status, and then leaves runs.csv
# as it was: the rows are collected in runs.csv.tmp, which becomes runs.csv only when every
# run worked.
set -e
set -o pipefail
[ $# -ge 1 ] || { echo "usage: sweep.sh PROGRAM [OPTIONS...]" >&2; exit 2; }
program=$1
shift
trap 'rm -f runs.csv.tmp "$program.out"' EXIT
: >runs.csv.tmp
for n in 1 2 4; do
    mpiexec -n "$n" "./$program" "$@" >"$program.out"
    grep -F "# csv,$program " "$program.out" >>runs.csv.tmp
done
mv runs.csv.tmp runs.csv
echo "sweep.sh: $(wc -l <runs.csv) runs of $program in runs.csv"
