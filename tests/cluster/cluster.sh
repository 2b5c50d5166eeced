#!/usr/bin/env bash
# tests/cluster/cluster.sh - hello, where and ring on a three-host virtual cluster.
#
#   tests/cluster/cluster.sh SOURCE_DIR BIN_DIR openmpi|mpich [RING|none]   (as root;
#                                                                  ctest runs it)
#
# Builds red, red01 and red02 with tests/cluster/lib.sh (network namespaces with their own
# addresses and host names, an sshd each; see that file for why sshd), then, from the head
# node red, the way a user on a Pi cluster would:
#   1. hello and where with the sample hostfile (hostfiles/pi-cluster.openmpi, or .mpich
#      for MPICH), -n 9: rank 0 must run on red, 1-4 on red01, 5-8 on red02;
#   2. where with the sample rankfile (Open MPI only: MPICH has none), -n 5: host AND cores
#      of every rank must be those the rankfile names (tests/cluster/expected/);
#   3. ring, one rank per host, so every hop crosses a cable (skipped while the ring
#      example is not built);
#   4. Open MPI only: the same where with TCP taken away must fail.
# The sample files name five Pis; lines for red03 and red04 are dropped ("mapped" onto our
# three hosts), nothing else is changed.
#
# Did messages really cross hosts over TCP? The ranks of different hosts share a kernel,
# so shared memory between them is NOT impossible (/dev/shm is one tmpfs). We therefore
# force TCP (Open MPI: pml ob1 with btl tcp,self, no vader, no UCX; MPICH: UCX_TLS=tcp)
# on the cluster's subnet only, and check two things: every host's eth0 received at least
# as many packets as the ring sent tokens to it, and (step 4) without TCP the ranks cannot
# talk at all.
# Exit: 0 all passed, 1 a check failed, 77 cannot build a cluster here (ctest: skipped).
# Nothing is left behind: the script tears the cluster down itself and then checks that no
# namespace of it and no process inside one survived.
set -u
src=$1 bin=$2 flavour=$3 ring=${4:-none}
. "$src/tests/cluster/lib.sh"

hosts=(red red01 red02)
cluster_start_mpi "$flavour" "${hosts[@]}"
echo "cluster $CLUSTER_ID: ${hosts[*]} on $CLUSTER_SUBNET, reached over ssh"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
work=$CLUSTER_DIR/work
mkdir -p "$work" && cd "$work" || exit 1

# Keep the lines of a sample file whose host is one of ours (and the comments).
# $2 says how to find the host: openmpi "red01 slots=4", mpich "red01:4",
# rankfile "rank 1=red01 slot=0".
map_hosts() {
  awk -v kind="$2" -v ours="${hosts[*]}" '
    BEGIN { n = split(ours, h, " "); for (i = 1; i <= n; i++) keep[h[i]] = 1 }
    /^[ \t]*(#|$)/ { print; next }
    { host = $1
      if (kind == "mpich") { split($1, p, ":"); host = p[1] }
      if (kind == "rankfile") { split($2, p, "="); host = p[2] }
      if (host in keep) print }' "$1"
}
if [ "$flavour" = openmpi ]; then
  map_hosts "$src/hostfiles/pi-cluster.openmpi" openmpi >hostfile
  host_flag=(--hostfile "$work/hostfile")
  one_per_host=(--hostfile "$work/hostfile" --map-by node)
else
  map_hosts "$src/hostfiles/pi-cluster.mpich" mpich >hostfile
  host_flag=(-f "$work/hostfile")
  one_per_host=(-f "$work/hostfile" -ppn 1)
fi
map_hosts "$src/hostfiles/pi-cluster.rankfile" rankfile >rankfile
# Ranks on other hosts start from sshd with a clean environment; Open MPI passes on only
# what -x names (Hydra passes everything). The sanitizer build needs its options there.
for v in ASAN_OPTIONS UBSAN_OPTIONS; do
  if [ -n "${!v:-}" ] && [ "$flavour" = openmpi ]; then
    host_flag+=(-x "$v") one_per_host+=(-x "$v")
  fi
done
mpiexec=mpiexec
[ "$flavour" = mpich ] && mpiexec=mpiexec.mpich

declare -A rx_before rx_delta
# Packets received so far on each host's eth0 (its only cable).
rx_packets() { ip netns exec "$(cluster_ns "$1")" cat /sys/class/net/eth0/statistics/rx_packets; }

# run NAME EXPECTED_STATUS COMMAND...: on the head node, in the background so that a
# signal reaches our trap at once; output in NAME.out / NAME.err, shown in the log.
run() {
  local name=$1 want=$2 h; shift 2
  echo "== $name: $*"
  for h in "${hosts[@]}"; do rx_before[$h]=$(rx_packets "$h"); done
  local start=$SECONDS
  run_on red timeout 60 "$@" >"$name.out" 2>"$name.err" </dev/null &
  wait $!
  local rc=$?
  echo "   exit status $rc after $((SECONDS - start)) s"
  for h in "${hosts[@]}"; do rx_delta[$h]=$(($(rx_packets "$h") - rx_before[$h])); done
  cat "$name.out"
  echo "   packets received on eth0: red ${rx_delta[red]}, red01 ${rx_delta[red01]}, red02 ${rx_delta[red02]}"
  [ ! -s "$name.err" ] || sed 's/^/  stderr: /' "$name.err" | head -20
  if [ "$want" = 0 ] && [ $rc != 0 ]; then fail "$name exited with status $rc"; fi
  if [ "$want" = fail ] && [ $rc = 0 ]; then fail "$name should have failed but exited 0"; fi
  if [ $rc = 124 ] || [ $rc = 137 ]; then fail "$name hung (killed after 60 s)"; fi
}

# The placement the sample hostfile promises for -n 9 (see its header).
expect_host=(red red01 red01 red01 red01 red02 red02 red02 red02)

# 1. hello and where across the hosts, placed by the hostfile.
run hello 0 "$mpiexec" "${host_flag[@]}" -n 9 "$bin/hello"
for r in "${!expect_host[@]}"; do
  grep -qx "Hello, World! I am process $r of 9 on ${expect_host[$r]}\." hello.out ||
    fail "hello: rank $r did not report host ${expect_host[$r]}"
done
grep -qx "hello: OK, 9 of 9 processes answered" hello.out || fail "hello: no OK verdict"

run where_hostfile 0 "$mpiexec" "${host_flag[@]}" -n 9 "$bin/where"
# Cores depend on the machine when the hostfile binds nothing: compare all but them.
if ! diff -u "$src/tests/cluster/expected/where-hostfile.out" \
       <(sed -E 's/, cores [0-9,-]+$/, cores */' where_hostfile.out) >where_hostfile.diff; then
  fail "where with the hostfile: placement differs from the hostfile's:"; cat where_hostfile.diff
fi
distinct=$(grep -oE '^rank [0-9]+: host [^,]+' where_hostfile.out | awk '{print $4}' | sort -u | wc -l)
[ "$distinct" = 3 ] || fail "where: ranks ran on $distinct distinct hosts, expected 3"

# 2. The rankfile: host and cores of every rank, exactly.
if [ "$flavour" = openmpi ]; then
  run where_rankfile 0 "$mpiexec" "${host_flag[@]:2}" --rankfile "$work/rankfile" -n 5 "$bin/where"
  if ! diff -u "$src/tests/cluster/expected/where-rankfile.out" where_rankfile.out \
         >where_rankfile.diff; then
    fail "where with the rankfile: placement differs from the rankfile's:"; cat where_rankfile.diff
  fi
else
  echo "== where_rankfile: skipped, MPICH has no rankfiles"
fi

# 3. The ring, one rank per host: every hop goes over a cable.
count=1000
if [ "$ring" != none ]; then
  run ring 0 "$mpiexec" "${one_per_host[@]}" -n 3 "$ring" --count $count
  grep -qE "^ring: OK, the token went round 3 processes $count times" ring.out ||
    fail "ring: no OK verdict for 3 processes and $count laps"
  for h in "${hosts[@]}"; do
    got=${rx_delta[$h]}
    [ "$got" -ge $count ] || fail "ring: $h received only $got packets, fewer than the $count tokens sent to it"
  done
else
  echo "== ring: skipped, the ring example is not part of this build"
fi

# 4. Take TCP away: if the ranks still managed to talk, they had another way (shared
# memory) and the runs above proved nothing about the network.
if [ "$flavour" = openmpi ]; then
  OMPI_MCA_btl=self run where_without_tcp fail "$mpiexec" "${one_per_host[@]}" -n 3 "$bin/where"
fi

# Tear down, then prove nothing is left: no namespace of ours, no process in one.
id=$CLUSTER_ID
inodes=$(for ns in $(ip netns list | awk '{print $1}' | grep "^$id-"); do
           stat -L -c %i "/run/netns/$ns"; done)
cluster_down
left_ns=$(ip netns list | awk '{print $1}' | grep -c "^$id-")
[ "$left_ns" = 0 ] || fail "$left_ns namespace(s) of $id left behind"
for pid_dir in /proc/[0-9]*; do
  ino=$(stat -L -c %i "$pid_dir/ns/net" 2>/dev/null) || continue
  if grep -qx "$ino" <<<"$inodes"; then
    fail "process ${pid_dir#/proc/} still runs in a namespace of the cluster: $(tr '\0' ' ' <"$pid_dir/cmdline")"
  fi
done
[ ! -e "/tmp/$id-cluster" ] || fail "/tmp/$id-cluster left behind"

if [ $failures = 0 ]; then
  echo "cluster: PASS, ranks ran on 3 hosts where the sample files put them, over TCP"
  exit 0
fi
echo "cluster: $failures check(s) failed"
exit 1
