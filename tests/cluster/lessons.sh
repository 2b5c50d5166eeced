#!/usr/bin/env bash
# tests/cluster/lessons.sh - Part II lessons on the three-host virtual cluster: pingpong
# between two hosts (docs/20-pingpong.md) and pi across one, two and three hosts
# (docs/10-monte-carlo-pi.md, "Several computers").
#
#   tests/cluster/lessons.sh SOURCE_DIR BIN_DIR openmpi|mpich pingpong|pi   (as root;
#                                                                   ctest runs it)
#
# The hosts red, red01 and red02 come from tests/cluster/lib.sh (network namespaces with
# their own address and host name, an sshd each, TCP forced between them: see that file).
# Every command runs on the head node red, in BIN_DIR, written exactly as the chapter shows
# it; its output is printed under a "$ command" line, ready to paste into the chapter.
#   pingpong: 1. two ranks on red, TCP only (--mca btl tcp,self): the TCP stack alone;
#             2. one rank on red, one on red01: every message crosses the virtual cable.
#             Checks: the verdict, the hosts named in the header, and that red01's eth0
#             received at least one packet per ping sent to it (so the messages really went
#             over the network, not through shared memory).
#   pi:       the same darts and seed on 1, 2 and 3 hosts with 1 and 2 ranks each. Checks:
#             every run says OK and prints the same estimate, bit for bit (the darts are
#             numbered, so the split cannot change them); the table of wall-clock time
#             (mpiexec, start-up included) and pi's own time (throwing + MPI_Reduce) is
#             printed for the chapter. A second set with --darts 1 measures start-up alone.
# Exit: 0 all passed, 1 a check failed, 77 cannot build a cluster here (ctest: skipped).
set -u
src=$1 bin=$2 flavour=$3 what=$4
. "$src/tests/cluster/lib.sh"

hosts=(red red01 red02)
cluster_start_mpi "$flavour" "${hosts[@]}"
echo "cluster $CLUSTER_ID: ${hosts[*]} on $CLUSTER_SUBNET, reached over ssh ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# For measuring (docs/20's table): LESSONS_YIELD=0 lets Open MPI's ranks poll instead of
# yielding the core while they wait, its default on a machine of your own. The tests leave
# it at cluster_mpi_env's 1, which keeps oversubscribed runs on a busy machine moving.
[ -z "${LESSONS_YIELD:-}" ] || export OMPI_MCA_mpi_yield_when_idle=$LESSONS_YIELD
# Open MPI: --host red:2 (host:slots), --mca btl tcp,self; MPICH: -hosts red:2, and TCP
# only is what cluster_mpi_env already asked UCX for.
# shellcheck disable=SC2054 # "tcp,self" is one argument: the comma is Open MPI's
mpiexec=mpiexec host_opt=--host tcp_only=(--mca btl tcp,self)
if [ "$flavour" = mpich ]; then mpiexec=mpiexec.mpich host_opt=-hosts tcp_only=(); fi
out=$CLUSTER_DIR/out
mkdir -p "$out"
cd "$bin" || exit 1

rx_packets() { ip netns exec "$(cluster_ns "$1")" cat /sys/class/net/eth0/statistics/rx_packets; }

# run NAME COMMAND...: on red, in the background so a signal reaches our trap at once.
# Output in $out/NAME.out; wall-clock seconds in $out/NAME.wall; shown as "$ COMMAND".
run() {
  local name=$1; shift
  echo "\$ $*" | sed "s#^\\\$ $mpiexec #\$ mpiexec #"
  local t0 t1
  t0=$(date +%s.%N)
  run_on red timeout 150 "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null &
  wait $!
  local rc=$?
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >"$out/$name.wall"
  cat "$out/$name.out"
  [ ! -s "$out/$name.err" ] || sed 's/^/  stderr: /' "$out/$name.err" | head -20
  [ $rc = 0 ] || fail "$name exited with status $rc$( [ $rc = 124 ] && echo ' (a hang: killed after 150 s)')"
  return $rc
}

if [ "$what" = pingpong ]; then
  # 1. Both ranks on red, TCP only: what the TCP stack costs without a cable.
  run tcp_one_host "$mpiexec" "${tcp_only[@]}" $host_opt red:2 -n 2 ./pingpong --iterations 100
  grep -qx "# pingpong: MPI latency, rank 0 on red, rank 1 on red" "$out/tcp_one_host.out" ||
    fail "pingpong on one host: both ranks should run on red"
  # 2. One rank per host: every message goes over red01's cable and back.
  before=$(rx_packets red01)
  run tcp_two_hosts "$mpiexec" $host_opt red,red01 -n 2 ./pingpong --iterations 100
  got=$(($(rx_packets red01) - before))
  grep -qx "# pingpong: MPI latency, rank 0 on red, rank 1 on red01" "$out/tcp_two_hosts.out" ||
    fail "pingpong across hosts: rank 0 should run on red, rank 1 on red01"
  # Pings sent to rank 1 (--warmup is 100, 10 above 8 KiB): 100 + 10 for each of the 14
  # sizes up to 8 KiB, 10 + 1 for each of the 10 above.
  pings=$((14 * 110 + 10 * 11))
  echo "packets received on red01's eth0: $got (pings sent to it: $pings)"
  [ "$got" -ge "$pings" ] || fail "red01 received $got packets, fewer than the $pings pings sent to it"
  for name in tcp_one_host tcp_two_hosts; do
    grep -qE "^pingpong: OK, 24 sizes from 0 to 4194304 bytes echoed intact, 23 streamed intact" \
      "$out/$name.out" || fail "$name: no OK verdict for 24 sizes"
  done
elif [ "$what" = pi ]; then
  darts=2e9 seed=7
  printf '%-6s %-6s %-9s %-11s %s\n' hosts ranks "wall (s)" "pi (s)" "start-up etc. (s)" >"$out/table"
  for per_host in 1 2; do
    for n_hosts in 1 2 3; do
      list=$(printf "%s:$per_host," "${hosts[@]:0:$n_hosts}"); list=${list%,}
      np=$((n_hosts * per_host))
      name=pi_${n_hosts}x${per_host}
      run "$name" "$mpiexec" $host_opt "$list" -n $np ./pi --darts $darts --seed $seed || continue
      grep -qE "^Monte Carlo pi: 2000000000 darts on $np process(es)?, seed $seed$" "$out/$name.out" ||
        fail "$name: the heading does not say $np processes"
      grep -q "^pi: OK, " "$out/$name.out" || fail "$name: no OK verdict"
      grep '^pi ~ ' "$out/$name.out" >"$out/$name.estimate"
      if [ -f "$out/first.estimate" ]; then
        cmp -s "$out/first.estimate" "$out/$name.estimate" ||
          fail "$name: estimate $(cat "$out/$name.estimate") differs from the first run's $(cat "$out/first.estimate")"
      else
        cp "$out/$name.estimate" "$out/first.estimate"
      fi
      compute=$(sed -nE 's/^time ([0-9.]+) s, .*/\1/p' "$out/$name.out")
      printf '%-6s %-6s %-9s %-11s %s\n' "$n_hosts" "$np" "$(cat "$out/$name.wall")" "$compute" \
        "$(awk -v w="$(cat "$out/$name.wall")" -v c="$compute" 'BEGIN { printf "%.3f", w - c }')" >>"$out/table"
    done
  done
  # Start-up alone: one dart.
  for n_hosts in 1 2 3; do
    list=$(printf "%s," "${hosts[@]:0:$n_hosts}"); list=${list%,}
    run "start_$n_hosts" "$mpiexec" $host_opt "$list" -n "$n_hosts" ./pi --darts 1 --seed $seed \
      >/dev/null || continue
    echo "start-up, $n_hosts host(s), one rank each, one dart: $(cat "$out/start_$n_hosts.wall") s"
  done
  echo "== pi, $darts darts, seed $seed: time against hosts and ranks (this machine: $(nproc) cores, shared by every host; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  cat "$out/table"
else
  echo "lessons.sh: say pingpong or pi, not '$what'" >&2
  exit 2
fi

id=$CLUSTER_ID
cluster_down
left=$(ip netns list | awk '{print $1}' | grep -c "^$id-")
[ "$left" = 0 ] || fail "$left namespace(s) of $id left behind"
if [ $failures = 0 ]; then
  echo "cluster lessons ($what): PASS"
  exit 0
fi
echo "cluster lessons ($what): $failures check(s) failed"
exit 1
