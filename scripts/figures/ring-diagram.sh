#!/usr/bin/env bash
# scripts/figures/ring-diagram.sh - draw the ranks on a circle and the messages between
# neighbours, from the output of a real run:
#
#   mpiexec -n 4 ./ring --count 2 --debug --start 6 | scripts/figures/ring-diagram.sh [OUTPUT]
#       the ring of docs/08-ring.md (default OUTPUT docs/img/ring-diagram.png): the token
#       goes round one hop at a time; each arrow carries the values the --debug lines say
#       were sent along it, lap by lap; the last hop, back to rank 0, is red
#   mpiexec -n 4 ./isend_irecv | scripts/figures/ring-diagram.sh [OUTPUT]
#       the neighbour exchange of docs/03-point-to-point.md (default OUTPUT
#       docs/img/isend-irecv.png): every rank sends its values to its right-hand neighbour,
#       all at the same time; each arrow carries what the receiving rank printed
#
# Every arrow and number comes from the input, and the input must end with the program's
# OK verdict. Prints one line naming what it drew. Needs gnuplot (scripts/lib.sh says what
# the pictures share). The PNGs in docs/img are committed; run this again after the
# program's output changes, never edit a PNG by hand.
set -euo pipefail
fig_prog=ring-diagram.sh
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/figures/lib.sh
. "$top/scripts/figures/lib.sh"
case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ $# -le 1 ] || fig_fail "takes at most one argument, the PNG to write; see --help"
fig_read_input ring isend_irecv
if [ "$fig_program" = ring ]; then
  out=${1:-$top/docs/img/ring-diagram.png}
else
  out=${1:-$top/docs/img/isend-irecv.png}
fi

# gnuplot commands, then one last line "#summary ..." for the message below
commands=$(awk -v program="$fig_program" "$(fig_awk)"'
  BEGIN { n = 0; laps = 0 }
  program == "ring" && /^Communicator group with [0-9]+ process(es)?, token starts at -?[0-9]+$/ {
    n = $4; start = $NF
  }
  program == "ring" && /^process [0-9]+: lap [0-9]+, sent -?[0-9]+ to process [0-9]+$/ {
    from = $2 + 0; lap = $4 + 0; to = $NF + 0
    if (lap > laps) laps = lap
    sent[from, lap] = $6; dest[from] = to; hops++
  }
  program == "ring" && /^Final token at process 0: / { final = $6 }
  program == "isend_irecv" && /^process [0-9]+: from left neighbour [0-9]+ received \[/ {
    to = $2 + 0; from = $6 + 0
    s = $0; sub(/^.* received /, "", s)
    got[from] = s; dest[from] = to; hops++
    if (to + 1 > n) n = to + 1
  }
  program == "isend_irecv" && /^process [0-9]+: after isend\/irecv the value is / {
    if ($NF != "none") { part1_rank = $2 + 0; part1_value = $NF }
  }
  END {
    if (n < 2 || n > 12) { print "#error the input shows " n " ranks; draw 2 to 12"; exit }
    if (hops != (program == "ring" ? n * laps : n)) {
      print "#error the input shows " hops " messages, expected one per rank" (program == "ring" ? " and lap" : "")
      exit
    }
    for (k = 0; k < n; k++)
      if (dest[k] != (k + 1) % n) {
        print "#error rank " k " sent to " dest[k] ", not to its right-hand neighbour " (k + 1) % n
        exit
      }
    pi = atan2(0, -1); R = 1.0; r = 0.17
    for (k = 0; k < n; k++) {
      a = pi / 2 - 2 * pi * k / n
      disc(R * cos(a), R * sin(a), r, k, k)
      # the arrow from rank k to rank k+1 runs along the circle, between the two discs
      t1 = a - 1.3 * r / R; t2 = a - 2 * pi / n + 1.3 * r / R
      arrow(0.93 * R * cos(t1), 0.93 * R * sin(t1), 0.93 * R * cos(t2), 0.93 * R * sin(t2),
            (program == "ring" && k == n - 1) ? "last" : "msg")
      m = a - pi / n
      if (program == "ring") {
        label = ""
        for (l = 1; l <= laps && l <= 3; l++) label = label (l > 1 ? ", " : "") sent[k, l]
        if (laps > 3) label = label ", ..."
      } else {
        label = got[k]
      }
      # the values in a cell in the colour of the sender, beside the middle of the arrow
      w = (length(label) + 1.6) * 0.0335
      lx = 1.2 * R * cos(m) + (cos(m) > 0.3 ? w / 2 - 0.05 : (cos(m) < -0.3 ? 0.05 - w / 2 : 0))
      tcell(lx, 1.2 * R * sin(m), label, k, 0.0335, 0.13)
    }
    if (program == "ring") {
      back = ""
      for (l = 1; l <= laps && l <= 3; l++) back = back (l == 1 ? "" : (l == laps ? " and then " : ", ")) sent[n - 1, l]
      if (laps > 3) back = back ", ... " final
      text(0, 1.5, "ring: the token starts at " start " and goes round " n " ranks " laps " time" (laps == 1 ? "" : "s"), "center", 14)
      text(0, 1.36, "on each arrow: the token it carried" (laps > 1 ? ", lap by lap" : ""), "center", 11, "#8d99ae")
      text(0, 0.12, "every hop adds 1;", "center", 12)
      text(0, -0.04, "the red hop closes the ring:", "center", 12, "#e63946")
      text(0, -0.20, "rank 0 gets back " back, "center", 12, "#e63946")
      text(0, -1.42, "rank 0: MPI_Send to the right, then MPI_Recv from the left", "center", 12)
      text(0, -1.58, "the others: MPI_Recv from the left, then MPI_Send to the right", "center", 12)
      printf "#summary ring of %d ranks, token %d -> %d over %d laps\n", n, start, final, laps
    } else {
      text(0, 1.5, "isend_irecv: every rank sends to its right-hand neighbour, all at once", "center", 14)
      text(0, 1.36, "on each arrow: the values the receiver got, in the colour of the sender", "center", 11, "#8d99ae")
      text(0, 0.08, "each rank: MPI_Irecv from the left,", "center", 12)
      text(0, -0.08, "MPI_Isend to the right, then MPI_Waitall", "center", 12)
      text(0, -1.42, "(before that, part 1: rank 0 sent " part1_value " to rank " part1_rank ")", "center", 12, "#8d99ae")
      printf "#summary neighbour exchange of %d ranks, rank 0 received %s\n", n, got[n - 1]
    }
  }' <<<"$fig_input")
if grep -q '^#error ' <<<"$commands"; then
  fig_fail "$(sed -n 's/^#error //p' <<<"$commands" | head -1)"
fi
summary=$(sed -n 's/^#summary //p' <<<"$commands")
grep -v '^#' <<<"$commands" | fig_render "$out" 680 715 -1.6 1.6 -1.75 1.615
echo "$fig_prog: wrote $out ($summary)"
