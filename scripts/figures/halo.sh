#!/usr/bin/env bash
# scripts/figures/halo.sh - docs/img/halo-heat.png: the plate of docs/21-halo.md after 1000
# steps, computed by halo on a 2x1 process grid (the picture the program itself writes;
# every process grid gives the same picture, bit for bit).
#
#   scripts/figures/halo.sh [BUILD] [OUTDIR]    defaults: build, docs/img
#
# The PNG is committed; run this again after changing the kernel or the plate, never edit
# the PNG by hand.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
outdir=${2:-$top/docs/img}
[ -x "$build/bin/halo" ] || { echo "halo.sh: no $build/bin/halo; run: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
# shellcheck source=scripts/mpi-env
. "$top/scripts/mpi-env"
# The mpiexec of the MPI the build uses (an MPICH build next to Open MPI's mpiexec on PATH
# would start every rank as a job of its own); --oversubscribe is Open MPI's only.
mpiexec=$(sed -n 's/^MPIEXEC_EXECUTABLE:FILEPATH=//p' "$build/CMakeCache.txt" 2>/dev/null)
mpiexec=${mpiexec:-mpiexec}
"$mpiexec" --version 2>/dev/null | grep -qE 'Open MPI|OpenRTE' || MPIEXEC_OVERSUBSCRIBE=""
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck disable=SC2086
"$mpiexec" $MPIEXEC_OVERSUBSCRIBE -n 2 "$build/bin/halo" --dims 2x1 >halo.out
grep -q '^halo: OK, ' halo.out || { cat halo.out >&2; echo "halo.sh: halo did not say OK" >&2; exit 1; }
mv heat.png "$outdir/halo-heat.png"
echo "halo.sh: wrote $outdir/halo-heat.png (240x320 cells, 1000 steps, 2x1 processes)"
