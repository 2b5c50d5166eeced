# scripts/figures/lib.sh - what the message diagrams of docs/ share, sourced by the scripts
# beside it (ring-diagram.sh, data-diagram.sh, spawn-diagram.sh):
#
#   - one look: white paper, DejaVu fonts, every rank a disc in its own colour (rank 0
#     orange, rank 1 blue, ...), a piece of data in a cell whose colour follows it from
#     before to after (the rank it came from, or for a scatter the rank it goes to), messages as navy arrows, a local copy as a dotted arrow, the message that closes or
#     completes something in red;
#   - one input: the output of the example program on standard input, from a run whose
#     verdict line says OK (a picture is never drawn from a failed run, and never made up);
#   - one way to write the PNG: to a temporary file beside it, renamed when gnuplot is done,
#     removed on failure or Ctrl-C, so a picture is whole or absent.
#
# A script sets fig_prog (its name for messages) and then:
#   fig_read_input PROGRAM...    read stdin into $fig_input; exit 2 unless it holds the
#                                verdict "PROGRAM: OK, ..." of one of the PROGRAMs, which is
#                                then $fig_program (stdin a terminal: say what to pipe in)
#   fig_awk                      the awk helpers below, to put in front of an awk program
#                                that prints gnuplot commands
#   fig_render OUT W H XLO XHI YLO YHI   run the gnuplot commands on stdin on a W x H canvas
#                                whose plot area is exactly [XLO:XHI] x [YLO:YHI] (same scale
#                                on both axes, so circles stay round), and write OUT
# Needs bash, awk and gnuplot with the pngcairo terminal (scripts/install-deps core).
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # fig_prog is set, fig_program and fig_input read, by the caller

fig_fail() {
  echo "$fig_prog: $*" >&2
  exit 2
}

fig_read_input() {  # PROGRAM...
  local program
  if [ -t 0 ]; then
    fig_fail "reads the output of ./$1 on its standard input; pipe it in, for example: mpiexec -n 4 ./$1 | $0"
  fi
  fig_input=$(cat)
  for program in "$@"; do
    if grep -q "^$program: OK" <<<"$fig_input"; then
      fig_program=$program
      return 0
    fi
  done
  local names
  names=$(printf ' or ./%s' "$@")
  fig_fail "the input is not the output of a successful run of ${names# or } (no line '$1: OK, ...')"
}

# awk helpers: every function prints gnuplot commands; objects, labels and arrows are
# numbered by one counter each, so a picture can draw as many as it needs.
fig_awk() {
  cat <<'AWK'
function fig_colour(rank) {
  return rank < 0 ? "#ffffff" : substr("#f4a261#a8dadc#b5e48c#cdb4db#ffd166#90e0ef#f7aef8#c9ada7", (rank % 8) * 7 + 1, 7)
}
function fig_q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function disc(x, y, r, rank, text) {
  printf "set object %d circle at %g,%g size %g fc rgb \"%s\" fs solid 1.0 border lc rgb \"#1d3557\" lw 2 front\n", ++fig_obj, x, y, r, fig_colour(rank)
  printf "set label %d %s at %g,%g center front font \",%d\" noenhanced\n", ++fig_lab, fig_q(text), x, y, (length(text) > 2 ? 11 : 16)
}
# a data cell: a box in the colour of the rank the value came from (-1: white, no owner)
function cell(x1, y1, x2, y2, rank, text, faint) {
  printf "set object %d rect from %g,%g to %g,%g fc rgb \"%s\" fs solid %s border lc rgb \"%s\" lw 1 front\n", ++fig_obj, x1, y1, x2, y2, fig_colour(rank), (faint ? "0.35" : "1.0"), (faint ? "#8d99ae" : "#1d3557")
  printf "set label %d %s at %g,%g center front font \"DejaVu Sans Mono,11\" tc rgb \"%s\" noenhanced\n", ++fig_lab, fig_q(text), (x1 + x2) / 2, (y1 + y2) / 2, (faint ? "#8d99ae" : "#000000")
}
# the same, centred at x,y and as wide as its text: cw is the width of one character in
# plot units (0.72 per 10 px), h the height of the box
function tcell(x, y, text, rank, cw, h,   w) {
  w = (length(text) + 1.6) * cw
  cell(x - w / 2, y - h / 2, x + w / 2, y + h / 2, rank, text)
}
# kind: "msg" (a message: navy), "last" (the one that closes or completes: red),
# "copy" (a copy inside one process, no message: dotted grey), "aside" (dashed grey)
function arrow(x1, y1, x2, y2, kind,   colour, dash, width) {
  colour = kind == "last" ? "#e63946" : (kind == "copy" || kind == "aside" ? "#8d99ae" : "#1d3557")
  dash = kind == "copy" ? " dt 3" : (kind == "aside" ? " dt 2" : "")
  width = kind == "copy" || kind == "aside" ? 1.5 : 2.2
  printf "set arrow %d from %g,%g to %g,%g head filled size screen 0.012,25 lw %g lc rgb \"%s\"%s front\n", ++fig_arr, x1, y1, x2, y2, width, colour, dash
}
# text: align is left, center or right; size in points (0: the default 12)
function text(x, y, s, align, size, colour) {
  printf "set label %d %s at %g,%g %s front font \",%d\" tc rgb \"%s\" noenhanced\n", ++fig_lab, fig_q(s), x, y, align, (size ? size : 12), (colour ? colour : "#000000")
}
function mono(x, y, s, align, colour) {
  printf "set label %d %s at %g,%g %s front font \"DejaVu Sans Mono,11\" tc rgb \"%s\" noenhanced\n", ++fig_lab, fig_q(s), x, y, align, (colour ? colour : "#000000")
}
AWK
}

fig_render() {  # OUT W H XLO XHI YLO YHI, gnuplot commands on stdin
  local out=$1 w=$2 h=$3 xlo=$4 xhi=$5 ylo=$6 yhi=$7 body dir
  command -v gnuplot >/dev/null || fig_fail "needs gnuplot; run scripts/install-deps core"
  body=$(cat)
  dir=$(dirname "$out")
  mkdir -p "$dir" || fig_fail "cannot make the directory $dir"
  fig_tmp="$out.tmp.$$"
  trap 'rm -f "$fig_tmp"' EXIT
  trap 'rm -f "$fig_tmp"; exit 130' INT TERM
  gnuplot <<GNUPLOT || fig_fail "gnuplot failed to draw $out"
set terminal pngcairo size $w,$h font "DejaVu Sans,12" background rgb "white"
set output "$fig_tmp"
set lmargin at screen 0; set rmargin at screen 1; set bmargin at screen 0; set tmargin at screen 1
set xrange [$xlo:$xhi]; set yrange [$ylo:$yhi]
unset border; unset tics; unset key
$body
plot NaN notitle
GNUPLOT
  [ -s "$fig_tmp" ] || fig_fail "gnuplot wrote nothing for $out"
  mv "$fig_tmp" "$out" || fig_fail "cannot write $out"
  trap - EXIT INT TERM
}
