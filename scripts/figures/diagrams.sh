#!/usr/bin/env bash
# scripts/figures/diagrams.sh - the message diagrams of the chapters, each drawn from a real
# run of the program with the arguments its chapter shows:
#
#   scripts/figures/diagrams.sh [--bin DIR] [--mpiexec PATH] [--out DIR] [NAME...]
#   scripts/figures/diagrams.sh --check [NAME...]
#
#   NAME          picture        chapter                       drawn from
#   send-recv     send-recv.png  03-point-to-point (fig. 1)    mpiexec -n 2 ./send_recv
#   isend-irecv   isend-irecv.png 03-point-to-point            mpiexec -n 4 ./isend_irecv
#   bcast         bcast.png      04-collectives (fig. 2)       mpiexec -n 4 ./bcast
#   scatter       scatter.png    04-collectives (fig. 3)       mpiexec -n 4 ./scatter --columns 5
#   gather        gather.png     04-collectives (fig. 4)       mpiexec -n 3 ./gather --root 1 --columns 3
#   allgather     allgather.png  04-collectives (fig. 5)       mpiexec -n 3 ./allgather
#   spawn         spawn.png      05-dynamic-processes (fig. 6) mpiexec -n 1 ./spawn_manager --workers 4 --intervals 100
#   ring-diagram  ring-diagram.png 08-ring (fig. 7)            mpiexec -n 4 ./ring --count 2 --debug --start 6
#
# (fig. N: the tutorial's figure it stands for.) Default: every NAME; --bin the build's
# bin directory (build/bin), --mpiexec the mpiexec that goes with that build (mpiexec;
# MPICH: mpiexec.mpich), --out the directory for the PNGs (docs/img). The drawing itself is
# done by ring-diagram.sh, data-diagram.sh and spawn-diagram.sh. spawn needs an MPI that can
# spawn processes (Open MPI; see docs/05-dynamic-processes.md).
# --check draws nothing: it checks that each picture's chapter still shows the picture and,
# as a command, the run it is drawn from (so that a chapter whose example changes cannot
# keep a picture of the old one).
# Exit status: 0 every picture written (or checked), 1 one failed (the others are still
# done), 2 usage.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/bin mpiexec=mpiexec out=$top/docs/img names=() check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=${2:?}; shift 2 ;;
    --mpiexec) mpiexec=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --check) check=1; shift ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "diagrams.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
all=(send-recv isend-irecv bcast scatter gather allgather spawn ring-diagram)
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
for name in "${names[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] ||
    { echo "diagrams.sh: no picture named '$name'; see --help" >&2; exit 2; }
done
if [ "$check" = 0 ]; then
  [ -d "$bin" ] || { echo "diagrams.sh: no directory $bin; build first (cmake --preset default && cmake --build build) or give --bin" >&2; exit 2; }
  # shellcheck source=scripts/mpi-env
  . "$top/scripts/mpi-env"
fi

failed=0
for name in "${names[@]}"; do
  case "$name" in
    send-recv) np=2 run=(send_recv) draw=data-diagram.sh chapter=03-point-to-point ;;
    isend-irecv) np=4 run=(isend_irecv) draw=ring-diagram.sh chapter=03-point-to-point ;;
    bcast) np=4 run=(bcast) draw=data-diagram.sh chapter=04-collectives ;;
    scatter) np=4 run=(scatter --columns 5) draw=data-diagram.sh chapter=04-collectives ;;
    gather) np=3 run=(gather --root 1 --columns 3) draw=data-diagram.sh chapter=04-collectives ;;
    allgather) np=3 run=(allgather) draw=data-diagram.sh chapter=04-collectives ;;
    spawn) np=1 run=(spawn_manager --workers 4 --intervals 100) draw=spawn-diagram.sh
      chapter=05-dynamic-processes ;;
    ring-diagram) np=4 run=(ring --count 2 --debug --start 6) draw=ring-diagram.sh chapter=08-ring ;;
  esac
  if [ "$check" = 1 ]; then
    doc=$top/docs/$chapter.md command="mpiexec -n $np ./${run[*]}"
    if ! grep -qF "(img/$name.png)" "$doc"; then
      echo "diagrams.sh: docs/$chapter.md does not show img/$name.png" >&2
      failed=1
    elif ! grep -qxF "\$ $command" "$doc"; then
      echo "diagrams.sh: docs/$chapter.md shows img/$name.png but not the run it is drawn from: \$ $command" >&2
      failed=1
    else
      echo "diagrams.sh: $name.png: docs/$chapter.md shows it and its run, $command"
    fi
    continue
  fi
  [ -x "$bin/${run[0]}" ] || { echo "diagrams.sh: no program $bin/${run[0]}" >&2; failed=1; continue; }
  (cd "$bin" && "$mpiexec" -n "$np" "./${run[0]}" "${run[@]:1}") |
    "$top/scripts/figures/$draw" "$out/$name.png" || failed=1
done
exit $failed
