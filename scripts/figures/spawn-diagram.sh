#!/usr/bin/env bash
# scripts/figures/spawn-diagram.sh - draw the manager, the workers it spawned and the
# intercommunicator between them, from the output of a real run:
#
#   mpiexec -n 1 ./spawn_manager --workers 4 --intervals 100 | scripts/figures/spawn-diagram.sh [OUTPUT]
#
# OUTPUT defaults to docs/img/spawn.png (docs/05-dynamic-processes.md). The manager's
# MPI_COMM_WORLD (one process) and the workers' own MPI_COMM_WORLD (the number of "worker
# i of W" lines) are two boxes; the intercommunicator joins them. Arrows in the order they
# happen: the spawn, the broadcast of N down, the reduction of the partial sums back up to
# the manager. Each worker's share of the intervals and the pi the manager printed are
# taken from the input, which must end with spawn_manager's OK verdict. Prints one line
# naming what it drew. Needs gnuplot; scripts/figures/lib.sh has the look.
set -euo pipefail
fig_prog=spawn-diagram.sh
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/figures/lib.sh
. "$top/scripts/figures/lib.sh"
case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ $# -le 1 ] || fig_fail "takes at most one argument, the PNG to write; see --help"
fig_read_input spawn_manager
out=${1:-$top/docs/img/spawn.png}

commands=$(awk "$(fig_awk)"'
  /^worker [0-9]+ of [0-9]+: [0-9]+ of [0-9]+ intervals$/ {
    w = $2 + 0; workers = $4 + 0; share[w] = $5; intervals = $7; seen++
  }
  /^pi is about / { pi_value = $4; sub(/,$/, "", pi_value) }
  END {
    if (workers < 1 || workers > 8 || seen != workers) {
      print "#error the input shows " seen " worker lines for " workers " workers; draw 1 to 8"; exit
    }
    if (pi_value == "") { print "#error no line \"pi is about ...\" in the input"; exit }
    # 10 px per unit. The manager box on the left, the workers box on the right, the
    # intercommunicator a dashed frame round both.
    gap = 6.5; H = workers * gap + 8; ytop = -19; ybot = ytop - H
    ym = (ytop + ybot) / 2
    printf "set object %d rect from 3,%g to 97,%g fs empty border lc rgb \"#e63946\" dt 2 lw 2 back\n", ++fig_obj, ytop + 11, ybot - 2
    text(50, ytop + 8.7, "the intercommunicator: children on the manager side, parent on the workers side", "center", 12, "#e63946")
    printf "set object %d rect from 5,%g to 29,%g fc rgb \"#f1faee\" fs solid 1.0 border lc rgb \"#1d3557\" lw 1.5 back\n", ++fig_obj, ytop, ybot
    text(17, ytop - 2.3, "the manager: MPI_COMM_WORLD", "center", 11, "#1d3557")
    text(17, ytop - 4.3, "of 1 process (mpiexec -n 1)", "center", 11, "#1d3557")
    printf "set object %d rect from 65,%g to 95,%g fc rgb \"#f1faee\" fs solid 1.0 border lc rgb \"#1d3557\" lw 1.5 back\n", ++fig_obj, ytop, ybot
    text(80, ytop - 2.3, "the workers: their own MPI_COMM_WORLD", "center", 11, "#1d3557")
    text(80, ytop - 4.3, "of " workers " processes, ranks 0 to " workers - 1, "center", 11, "#1d3557")
    disc(17, ym, 2.6, 0, 0)
    text(17, ym - 5, "pi is about", "center", 11, "#e63946")
    mono(17, ym - 7, pi_value, "center", "#e63946")
    for (k = 0; k < workers; k++) {
      y = ytop - 8 - k * gap - gap / 2 + 1
      disc(70, y, 2.2, k, k)
      mono(73.5, y, share[k] " of " intervals " intervals", "left")
    }
    # 1. the spawn, above the boxes; 2. N down to every worker; 3. the sums back up
    arrow(17, ytop + 2, 80, ytop + 2, "aside")
    text(48.5, ytop + 4, "1. MPI_Comm_spawn(\"./spawn_worker\", " workers " workers, ..., MPI_COMM_SELF, &children)", "center", 11, "#8d99ae")
    arrow(20, ym + 1.2, 64.5, ym + 5, "msg")
    text(47, ym + 8.6, "2. MPI_Bcast: N = " intervals " to every worker", "center", 12, "#1d3557")
    text(47, ym + 6.7, "(root: MPI_ROOT here, 0 over there)", "center", 10, "#1d3557")
    arrow(64.5, ym - 5, 20, ym - 1.2, "last")
    text(47, ym - 6.6, "3. MPI_Reduce of the " workers " partial sums", "center", 12, "#e63946")
    text(47, ym - 8.5, "(MPI_SUM; the manager adds nothing)", "center", 10, "#e63946")
    text(50, ybot - 4.3, "4. MPI_Comm_disconnect on both sides, then each world calls MPI_Finalize on its own", "center", 11)
    text(50, -3, "spawn_manager: one process starts " workers " workers and integrates 4/(1+x^2) from 0 to 1 with them", "center", 14)
    printf "#size %d %d %g\n", 1000, (-ybot + 7) * 10, ybot - 7
    printf "#summary manager and %d workers, N = %d, pi is about %s\n", workers, intervals, pi_value
  }' <<<"$fig_input")
if grep -q '^#error ' <<<"$commands"; then
  fig_fail "$(sed -n 's/^#error //p' <<<"$commands" | head -1)"
fi
summary=$(sed -n 's/^#summary //p' <<<"$commands")
read -r w h ylo < <(sed -n 's/^#size //p' <<<"$commands")
grep -v '^#' <<<"$commands" | fig_render "$out" "$w" "$h" 0 100 "$ylo" 0
echo "$fig_prog: wrote $out ($summary)"
