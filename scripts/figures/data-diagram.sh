#!/usr/bin/env bash
# scripts/figures/data-diagram.sh - draw what every rank holds before and after a
# point-to-point or collective call, and the messages in between, from the output of a
# real run (each program prints every rank's data before and after):
#
#   mpiexec -n 2 ./send_recv | scripts/figures/data-diagram.sh [OUTPUT]
#   mpiexec -n 4 ./bcast | scripts/figures/data-diagram.sh [OUTPUT]
#   mpiexec -n 4 ./scatter --columns 5 | scripts/figures/data-diagram.sh [OUTPUT]
#   mpiexec -n 3 ./gather --root 1 --columns 3 | scripts/figures/data-diagram.sh [OUTPUT]
#   mpiexec -n 3 ./allgather | scripts/figures/data-diagram.sh [OUTPUT]
#
# The program is recognised by its OK verdict line; OUTPUT defaults to docs/img/PROGRAM.png
# (send_recv: docs/img/send-recv.png). The picture has one row per rank: on the left what
# the rank holds before the call, on the right after it, an arrow for every message (from
# the rank that has the data to the rank that gets it) and a dotted arrow where the root
# only copies its own part. A cell keeps its colour from before to after: the colour of the
# rank the data came from, for a scatter the rank it is dealt to. Values the program
# printed as empty or zero, which nothing was received into, are drawn faint.
# Prints one line naming what it drew. Needs gnuplot; scripts/figures/lib.sh has the look.
set -euo pipefail
fig_prog=data-diagram.sh
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/figures/lib.sh
. "$top/scripts/figures/lib.sh"
case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ $# -le 1 ] || fig_fail "takes at most one argument, the PNG to write; see --help"
fig_read_input send_recv bcast scatter gather allgather
default=$fig_program
[ "$fig_program" = send_recv ] && default=send-recv
out=${1:-$top/docs/img/$default.png}

commands=$(awk -v program="$fig_program" "$(fig_awk)"'
  # --- the data: items[side, rank] items per rank and side (b before, a after); an item is
  # one wide cell (kind "rec", its text) or a row of cells; every cell has an owner rank
  # (its colour; -1 for faint: nothing received into it)
  function add_rec(side, rank, s, owner,   i) {
    i = ++items[side, rank]; kind[side, rank, i] = "rec"
    ntext[side, rank, i] = 1; ctext[side, rank, i, 1] = s; cown[side, rank, i, 1] = owner
  }
  function add_cells(side, rank, list, owner,   i, k, m, v) {  # list: "[1 2 3]" or "[1, 4, 9]"
    gsub(/[][,]/, " ", list); m = split(list, v, / +/)
    i = ++items[side, rank]; kind[side, rank, i] = "cells"; ntext[side, rank, i] = 0
    for (k = 1; k <= m; k++) if (v[k] != "") {
      ntext[side, rank, i]++; ctext[side, rank, i, ntext[side, rank, i]] = v[k]
      cown[side, rank, i, ntext[side, rank, i]] = owner
    }
    return i
  }
  function zeros(list) { return list ~ /^\[[0 ]*\]$/ }
  function after_colon(s) { sub(/^[^:]*: [^:]*: /, "", s); return s }
  function seen(r) { if (r + 1 > n) n = r + 1 }
  function send(from, to, how) { ++narrows; afrom[narrows] = from; ato[narrows] = to; akind[narrows] = how }

  program == "send_recv" && /^process [0-9]+: record \{.*\}; buffer \[/ {
    r = $2 + 0; seen(r)
    rec = $0; sub(/^[^:]*: record /, "", rec); sub(/; buffer .*$/, "", rec)
    buf = $0; sub(/^.*; buffer /, "", buf)
    arec[r] = rec; abuf[r] = buf
  }
  program == "bcast" && /^rank [0-9]+: (before|after) bcast: record / {
    r = $2 + 0; seen(r); side = ($3 == "before" ? "b" : "a")
    rec = after_colon($0); sub(/^record /, "", rec); sub(/ and array .*$/, "", rec)
    arr = $0; sub(/^.* and array /, "", arr)
    if (side == "b" && rec != "{}") root = r
    brec[side, r] = rec; barr[side, r] = arr
  }
  program == "scatter" && /^rank [0-9]+: before scatter: list / {
    r = $2 + 0; seen(r); l = $0; sub(/^.*: list /, "", l); slist[r] = l
    if (l != "none") root = r
  }
  program == "scatter" && /^rank [0-9]+: after scatter: value / {
    r = $2 + 0; seen(r); sval[r] = $6; sub(/,$/, "", sval[r])
    row = $0; sub(/^.*, row /, "", row); srow[r] = row
  }
  program == "gather" && /^rank [0-9]+: before gather: value / {
    r = $2 + 0; seen(r); gval[r] = $6; sub(/,$/, "", gval[r])
    row = $0; sub(/^.*, row /, "", row); grow[r] = row
  }
  program == "gather" && /^rank [0-9]+: after gather: list \[/ {
    root = $2 + 0; l = $0; sub(/^.*: list /, "", l); glist = l
  }
  program == "gather" && /^rank [0-9]+: table row [0-9]+: \[/ {
    t = $0; sub(/^.*: \[/, "[", t); gtable[$5 + 0] = t
  }
  program == "allgather" && /^rank [0-9]+: row \[/ {
    r = $2 + 0; seen(r); row = $0; sub(/^.*: row /, "", row); arow[r] = row
  }
  program == "allgather" && /^rank [0-9]+:   \[/ {
    r = $2 + 0; row = $0; sub(/^rank [0-9]+:   /, "", row); atable[r, ++atrows[r]] = row
  }

  END {
    if (n < 1 || n > 8) { print "#error the input shows " n " ranks; draw 1 to 8"; exit }
    if (program == "send_recv") {
      if (n < 2) { print "#error send_recv needs ranks 0 and 1 in the input"; exit }
      call = "MPI_Send on rank 0, MPI_Recv on rank 1"
      title = "send_recv: rank 0 sends a record and a buffer to rank 1"
      # what rank 1 received is what rank 0 held before it sent (and then cleared)
      # (and the others hold what rank 0 holds after clearing its copy: nothing)
      for (r = 0; r < n; r++) {
        add_rec("b", r, "record " (r == 0 ? arec[1] : arec[0]), r == 0 ? 0 : -1)
        add_cells("b", r, r == 0 ? abuf[1] : abuf[0], r == 0 ? 0 : -1)
        add_rec("a", r, "record " arec[r], r == 1 ? 0 : -1)
        add_cells("a", r, abuf[r], r == 1 ? 0 : -1)
      }
      send(0, 1, "msg"); send(0, 1, "msg")
      alabel[1] = "the record"; alabel[2] = ntext["a", 1, 2] " ints"
      summary = sprintf("send_recv, 2 messages from rank 0 to rank 1: record %s, buffer %s", arec[1], abuf[1])
    } else if (program == "bcast") {
      if (root == "") { print "#error no rank held the record before the broadcast"; exit }
      call = "MPI_Bcast(..., root " root ", MPI_COMM_WORLD) on every rank"
      title = "bcast: the root, rank " root ", gives every rank its record and its array"
      for (r = 0; r < n; r++) {
        add_rec("b", r, "record " brec["b", r], r == root ? root : -1)
        add_cells("b", r, barr["b", r], r == root ? root : -1)
        if (brec["a", r] != brec["b", root] || barr["a", r] != barr["b", root]) {
          print "#error rank " r " does not hold the root data after the broadcast"; exit
        }
        add_rec("a", r, "record " brec["a", r], root)
        add_cells("a", r, barr["a", r], root)
        if (r != root) send(root, r, "msg")
      }
      summary = sprintf("bcast of %d ranks from root %d: record %s, array %s", n, root, brec["b", root], barr["b", root])
    } else if (program == "scatter") {
      if (root == "") { print "#error no rank held the list before the scatter"; exit }
      call = "MPI_Scatter(..., root " root ", MPI_COMM_WORLD) on every rank, once for the list, once for the table"
      title = "scatter: the root, rank " root ", deals one piece to every rank, itself included"
      for (r = 0; r < n; r++) {
        if (r == root) {
          i = add_cells("b", r, slist[r], 0)
          for (k = 1; k <= ntext["b", r, i]; k++) cown["b", r, i, k] = k - 1
          for (k = 0; k < n; k++) add_cells("b", r, srow[k], k)
        } else {
          add_rec("b", r, "list none", -1)
        }
        i = add_cells("a", r, "[" sval[r] "]", r); add_cells("a", r, srow[r], r)
        send(root, r, r == root ? "copy" : "msg")
      }
      summary = sprintf("scatter of %d ranks from root %d: list %s", n, root, slist[root])
    } else if (program == "gather") {
      if (root == "") { print "#error no rank held the list after the gather"; exit }
      call = "MPI_Gather(..., root " root ", MPI_COMM_WORLD) on every rank, once for the values, once for the rows"
      title = "gather: every rank gives one piece to the root, rank " root ", which stores them in rank order"
      for (r = 0; r < n; r++) {
        add_cells("b", r, "[" gval[r] "]", r); add_cells("b", r, grow[r], r)
        if (r == root) {
          i = add_cells("a", r, glist, 0)
          for (k = 1; k <= ntext["a", r, i]; k++) cown["a", r, i, k] = k - 1
          for (k = 0; k < n; k++) add_cells("a", r, gtable[k], k)
        } else {
          add_rec("a", r, "list none", -1)
        }
        send(r, root, r == root ? "copy" : "msg")
      }
      summary = sprintf("gather of %d ranks to root %d: list %s", n, root, glist)
    } else {
      call = "MPI_Allgather(row, ..., table, ..., MPI_COMM_WORLD) on every rank: no root"
      title = "allgather: every rank gives its row to every rank; all end with the whole table"
      for (r = 0; r < n; r++) {
        add_cells("b", r, arow[r], r)
        if (atrows[r] != n) { print "#error rank " r " printed " atrows[r] " table rows, expected " n; exit }
        for (k = 1; k <= n; k++) {
          if (atable[r, k] != arow[k - 1]) { print "#error rank " r " table row " k - 1 " is not the row of rank " k - 1; exit }
          add_cells("a", r, atable[r, k], k - 1)
        }
        for (k = 0; k < n; k++) send(r, k, r == k ? "copy" : "msg")
      }
      summary = sprintf("allgather of %d ranks: rows", n)
      for (r = 0; r < n; r++) summary = summary " " arow[r]
    }
    draw()
    print "#summary " summary
  }

  # --- the drawing: 10 px per unit; one row per rank, ranks from the top
  function item_width(side, r, i,   k, w) {
    if (kind[side, r, i] == "rec") return (length(ctext[side, r, i, 1]) + 1.6) * CW
    w = 0
    for (k = 1; k <= ntext[side, r, i]; k++) w += (length(ctext[side, r, i, k]) + 1.6) * CW
    return w
  }
  function draw_items(side, r, x0, ytop,   i, k, x, w, y) {
    for (i = 1; i <= items[side, r]; i++) {
      y = ytop - (i - 1) * IH
      x = x0
      for (k = 1; k <= ntext[side, r, i]; k++) {
        w = (length(ctext[side, r, i, k]) + 1.6) * CW
        cell(x, y - CH, x + w, y, cown[side, r, i, k], ctext[side, r, i, k], cown[side, r, i, k] < 0)
        x += w
      }
    }
  }
  function draw(   r, i, k, w, wb, wa, h, y, mid, xa, xb, xr, a, na, off, dy, legend) {
    CW = 0.9; CH = 2.2; IH = 2.7; PAD = 1.4
    # widths: the widest item of each side decides where the columns go
    wb = 0; wa = 0
    for (r = 0; r < n; r++) {
      for (i = 1; i <= items["b", r]; i++) if ((w = item_width("b", r, i)) > wb) wb = w
      for (i = 1; i <= items["a", r]; i++) if ((w = item_width("a", r, i)) > wa) wa = w
    }
    xb = 7                      # before cells start here, after the left discs
    xr = xb + wb + 16 + 2.5     # the right discs: 16 units of arrows between
    xa = xr + 3.5               # after cells
    width = xa + wa + 2
    if (width < length(title) * 0.92 + 6) width = length(title) * 0.92 + 6
    if (width < 90) width = 90
    y = -9                      # below the title and the column heads
    for (r = 0; r < n; r++) {
      h = (items["b", r] > items["a", r] ? items["b", r] : items["a", r]) * IH - (IH - CH) + 2 * PAD
      mid[r] = y - h / 2
      draw_items("b", r, xb, y - PAD - ((h - 2 * PAD) - (items["b", r] * IH - (IH - CH))) / 2)
      draw_items("a", r, xa, y - PAD - ((h - 2 * PAD) - (items["a", r] * IH - (IH - CH))) / 2)
      disc(3, mid[r], 2.2, r, r)
      disc(xr, mid[r], 2.2, r, r)
      if (r > 0) printf "set arrow %d from 0.5,%g to %g,%g nohead lw 1 lc rgb \"#d9d9d9\" back\n", ++fig_arr, y, width - 0.5, y
      y -= h
    }
    height = -y + 7
    # messages leave the right edge of the sender row (before) and end at the receiver disc
    for (a = 1; a <= narrows; a++) {
      # arrows between the same two ranks (send_recv: two messages) are drawn side by side
      off = 0; na = 0
      for (k = 1; k <= narrows; k++) if (afrom[k] == afrom[a] && ato[k] == ato[a]) { na++; if (k < a) off++ }
      # (the first one level with the first item of the row, and so on down)
      dy = na > 1 ? ((na - 1) / 2 - off) * IH : 0
      arrow(xb + wb + 1.2, mid[afrom[a]] + dy, xr - 2.9, mid[ato[a]] + dy, akind[a])
      if (alabel[a] != "")
        text((xb + wb + xr) / 2 + 0.5, (mid[afrom[a]] + mid[ato[a]]) / 2 + dy + (dy < 0 ? -1.8 : 1.5), alabel[a], "center", 11, "#1d3557")
    }
    text(width / 2, -2.6, title, "center", 14)
    text(xb, -7, "before", "left", 12, "#1d3557")
    text(xa, -7, "after", "left", 12, "#1d3557")
    text(width / 2, y - 3.2, call, "center", 11)
    if (program == "send_recv")
      legend = "faint: no data (rank 0 clears its copy after sending, to show what moved)"
    else if (program == "bcast")
      legend = "faint: no data yet. Arrows: where the data goes (MPI may relay it along a tree); the root keeps its own"
    else
      legend = "an arrow: where a piece goes (MPI may relay it along a tree); dotted: the rank copies its own part"
    text(width / 2, y - 5.6, legend, "center", 11, "#8d99ae")
    printf "#size %d %d %g %g\n", width * 10, height * 10, width, -height
  }' <<<"$fig_input")
if grep -q '^#error ' <<<"$commands"; then
  fig_fail "$(sed -n 's/^#error //p' <<<"$commands" | head -1)"
fi
summary=$(sed -n 's/^#summary //p' <<<"$commands")
read -r w h xhi ylo < <(sed -n 's/^#size //p' <<<"$commands")
grep -v '^#' <<<"$commands" | fig_render "$out" "$w" "$h" 0 "$xhi" "$ylo" 0
echo "$fig_prog: wrote $out ($summary)"
