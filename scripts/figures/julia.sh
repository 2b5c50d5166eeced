#!/usr/bin/env bash
# scripts/figures/julia.sh - docs/img/julia.png: the tutorial's Julia set (c = 0.65i,
# 640x480, colour palette), computed by julia with two workers.
#
#   scripts/figures/julia.sh [BUILD]      BUILD: the build directory (default: build)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
[ -x "$build/bin/julia" ] || { echo "julia.sh: no $build/bin/julia; run: cmake --preset default && cmake --build --preset default" >&2; exit 2; }
# shellcheck source=scripts/mpi-env
. "$top/scripts/mpi-env"
mkdir -p "$top/docs/img"
cd "$top/docs/img"
mpiexec $MPIEXEC_OVERSUBSCRIBE -n 3 "$build/bin/julia" --output julia.png | tail -1
