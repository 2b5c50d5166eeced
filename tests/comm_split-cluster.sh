#!/usr/bin/env bash
# tests/comm_split-cluster.sh - comm_split on the three-host virtual cluster: the ranks of
# each host must find each other with MPI_Comm_split_type, one leader per host.
#
#   tests/comm_split-cluster.sh SOURCE_DIR COMM_SPLIT_PROGRAM openmpi|mpich   (as root;
#                                                                ctest runs it)
#
# Builds red, red01, red02 with tests/cluster/lib.sh, keeps the lines of the sample hostfile
# (hostfiles/pi-cluster.openmpi) for those three hosts (1 + 4 + 4 slots), and runs, from red,
#   mpiexec --hostfile hostfile -n 9 comm_split
# over TCP only. The output must be tests/expected/comm_split.cluster9.out exactly: a 3 x 3
# grid, and the leaders 0 on red, 1 on red01 (ranks 1-4) and 5 on red02 (ranks 5-8).
# Exit: 0 passed, 1 failed, 77 no cluster here, or MPICH (tests/cluster/lib.sh: cluster_start_mpi).
set -u
src=$1 program=$2 flavour=$3
. "$src/tests/cluster/lib.sh"
cluster_start_mpi "$flavour" red red01 red02
cd "$CLUSTER_DIR" || exit 1
grep -E '^(red|red01|red02)[[:space:]]' "$src/hostfiles/pi-cluster.openmpi" >hostfile
run_on red timeout 60 mpiexec --hostfile hostfile -n 9 "$program" >out 2>err </dev/null &
wait $!
rc=$?
echo "== exit status $rc"; echo "== stdout:"; cat out; echo "== stderr:"; cat err
failures=0
[ "$rc" = 0 ] || { echo "FAIL: comm_split exited with status $rc"; failures=1; }
if ! diff -u <(sort "$src/tests/expected/comm_split.cluster9.out") <(sort out); then
  echo "FAIL: the output differs from tests/expected/comm_split.cluster9.out (sorted)"
  failures=1
fi
cluster_down
[ "$failures" = 0 ] && echo "comm_split-cluster: PASS, 3 hosts, 3 leaders" && exit 0
exit 1
