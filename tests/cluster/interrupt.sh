#!/usr/bin/env bash
# tests/cluster/interrupt.sh - a virtual cluster leaves nothing behind, however it ends.
#
#   tests/cluster/interrupt.sh        (as root; ctest runs it as cluster_interrupt)
#
# Starts a two-host cluster (tests/cluster/lib.sh) in a child script that then waits on a
# command running on a host, like a test in the middle of an mpiexec, and kills that child:
#   TERM  its trap must tear the cluster down before it exits;
#   KILL  no trap runs: the watchdog that cluster_up started must notice and tear down.
# After each, within 10 s: no namespace of that cluster, no process in one, no temp dir.
# Exit: 0 passed, 1 something was left behind, 77 cannot build a cluster here.
set -u
lib=$(dirname "$(readlink -f "$0")")/lib.sh
# shellcheck source=tests/cluster/lib.sh
. "$lib"
if ! reason=$(cluster_can_run); then
  echo "SKIP: $reason"
  exit 77
fi
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for sig in TERM KILL; do
  rm -f "$scratch/id"
  # The child: cluster up, its id written out, then a long wait on a host.
  bash -c '. "$1"; cluster_trap; cluster_up n1 n2 || exit 1
           echo "$CLUSTER_ID" >"$2.tmp" && mv "$2.tmp" "$2"
           run_on n2 sleep 60 & wait $!' child "$lib" "$scratch/id" </dev/null &
  child=$!
  for _ in $(seq 100); do [ -s "$scratch/id" ] && break; sleep 0.1; done
  if [ ! -s "$scratch/id" ]; then
    fail "SIG$sig: the child's cluster did not come up"; kill -KILL $child 2>/dev/null; wait $child
    continue
  fi
  id=$(cat "$scratch/id")
  inodes=$(for ns in $(ip netns list | awk '{print $1}' | grep "^$id-"); do
             stat -L -c %i "/run/netns/$ns"; done)
  echo "SIG$sig: cluster $id is up ($(wc -w <<<"$inodes") namespaces), killing its script"
  kill -"$sig" $child
  wait $child 2>/dev/null
  echo "  the script ended with status $?"

  left="" start=$SECONDS
  while [ $((SECONDS - start)) -lt 10 ]; do
    left=$(ip netns list | awk '{print $1}' | grep "^$id-")
    for pid_dir in /proc/[0-9]*; do
      ino=$(stat -L -c %i "$pid_dir/ns/net" 2>/dev/null) || continue
      grep -qx "$ino" <<<"$inodes" && left="$left process ${pid_dir#/proc/}"
    done
    [ -e "/tmp/$id-cluster" ] && left="$left /tmp/$id-cluster"
    [ -z "$left" ] && break
    sleep 0.5
  done
  if [ -n "$left" ]; then
    fail "SIG$sig: left behind after 10 s:" $left
  else
    echo "  nothing left behind after $((SECONDS - start)) s"
  fi
done

if [ $failures = 0 ]; then
  echo "cluster_interrupt: PASS, TERM (trap) and KILL (watchdog) both cleaned up"
  exit 0
fi
exit 1
