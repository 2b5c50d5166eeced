#!/usr/bin/env bash
# tests/cluster_check/fault.sh FAULT SOURCE_DIR BIN_DIR MPIEXEC FLAVOUR
#
# One fault, injected into a fresh virtual cluster (tests/cluster/lib.sh: hosts red, red01,
# red02, each with its own network, host name, /etc/hosts, mount namespace and sshd), then
# scripts/cluster-check run on the head node `red` must name the right host and fault,
# within a deadline (tests/check --timeout: a hang fails the test).
#   healthy          nothing wrong: exit 0, every host ok
#   down             red02's cable pulled                      -> red02 down (layer 2)
#   ssh-password     red02's sshd takes no key, asks a password -> red02 ssh-password
#   ssh-hostkey      red01 is missing from known_hosts          -> red01 ssh-hostkey
#   dialect          the hostfile is in the other MPI's dialect -> hostfile-dialect (layer 1)
#   mpi-version      red01's mpiexec reports another version    -> red01 mpi-version
#   binary-missing   red01 sees an empty build directory        -> red01 binary-missing
#   binary-differs   red02 sees another file as connectivity    -> red02 binary-differs
#   name-mismatch    red02's /etc/hosts gives red01 a wrong address -> red02 name-mismatch
#   firewall         red02 drops MPI's TCP ports (nft)          -> red02 mpi-pair (layer 4)
#   firewall-all     red02 lets in ssh only (like `ufw default deny`): mpiexec hangs ->
#                    each pair of hosts alone                   -> red02 mpi-pair (layer 4)
#   second-interface red01 has a second network: advice on pinning MPI, but exit 0
# The faults live inside the cluster's namespaces (a mount in a host's own mount namespace,
# a rule in its own network namespace), so cluster_down removes them with the hosts.
# Exit: 0 pass, 1 fail, 77 skip (not root, no namespaces, nft missing for `firewall`).
set -u
fault=$1 src=$2 bin=$3 mpiexec=$4 flavour=$5
# shellcheck disable=SC1091
. "$src/tests/cluster/lib.sh"
why=$(cluster_can_run) || { echo "SKIP: $why"; exit 77; }
if [ "${fault%-all}" = firewall ]; then
  command -v nft >/dev/null || { echo "SKIP: needs nft (scripts/install-deps cluster)"; exit 77; }
fi
[ -x "$bin/connectivity" ] || { echo "FAIL: no $bin/connectivity: build first"; exit 1; }
bin=$(cd "$bin" && pwd -P)
work=$(mktemp -d /tmp/cluster-check-test.XXXXXX)
sum_before=$(sha256sum "$bin/connectivity")
cleanup() { cluster_down; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
cluster_up red red01 red02 || { echo "FAIL: the virtual cluster did not come up"; exit 1; }

export CLUSTER_MPI=$flavour
while IFS= read -r line; do export "${line?}"; done < <(cluster_mpi_env)
# Sanitizer builds: ranks on the other hosts need ASAN_OPTIONS too (MPI's own allocations
# are no leaks of ours). Hydra forwards the environment; Open MPI's orted gets it from ssh.
if [ -n "${ASAN_OPTIONS:-}" ] && [ "$flavour" = openmpi ]; then
  printf '#!/bin/sh\nhost=$1; shift\nexec %s "$host" "export ASAN_OPTIONS=%s UBSAN_OPTIONS=%s; $*"\n' \
    "$CLUSTER_SSH" "$ASAN_OPTIONS" "${UBSAN_OPTIONS:-}" >"$work/ssh-asan"
  chmod +x "$work/ssh-asan"
  export OMPI_MCA_plm_rsh_agent=$work/ssh-asan
fi
export CLUSTER_CHECK_SSH="$CLUSTER_SSH -o ConnectTimeout=2" CLUSTER_CHECK_MPIEXEC=$mpiexec
export CLUSTER_CHECK_BIN=$bin
hosts=$src/tests/cluster_check/hosts.$flavour
other=mpich; [ "$flavour" = mpich ] && other=openmpi

# The MPI deadline: long where all should answer (it costs nothing then: the run ends when
# every message is in), short where a pair is meant to stay silent.
want_exit=1 checks=() deadline=10
row() { checks+=(--expect "^$1 +2 +$2"); }
summary() { checks+=(--expect "^cluster-check: FAILED at layer $1 .*: $2: "); }
case "$fault" in
  healthy)
    want_exit=0
    checks+=(--lines 3 '^red(01|02)? +2 +ok$' --expect '^cluster-check: OK, 3 hosts, 6 slots')
    ;;
  down)
    cluster_link red02 down
    row red02 "down: red02 does not answer"; row red01 ok; summary 2 red02
    ;;
  ssh-password)
    # A second sshd for red02 that knows no key and offers passwords: BatchMode must refuse.
    pid=$(cat "$CLUSTER_DIR/sshd-red02.pid"); kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    sed -e 's|^AuthorizedKeysFile .*|AuthorizedKeysFile /dev/null|' \
        -e 's|^PasswordAuthentication no|PasswordAuthentication yes|' \
        -e 's|sshd-red02.pid|sshd-red02-pw.pid|' "$CLUSTER_DIR/sshd-red02.conf" >"$CLUSTER_DIR/sshd-red02-pw.conf"
    run_on red02 /usr/sbin/sshd -f "$CLUSTER_DIR/sshd-red02-pw.conf" -E "$CLUSTER_DIR/sshd-red02-pw.log" </dev/null
    row red02 "ssh-password: ssh asks red02 for a password"; summary 2 red02
    checks+=(--expect "fix: ssh-copy-id red02")
    ;;
  ssh-hostkey)
    grep -v '^red01,' "$CLUSTER_DIR/known_hosts" >"$CLUSTER_DIR/known_hosts-no-red01"
    sed "s|UserKnownHostsFile .*|UserKnownHostsFile $CLUSTER_DIR/known_hosts-no-red01|" \
      "$CLUSTER_DIR/ssh_config" >"$CLUSTER_DIR/ssh_config-no-red01"
    export CLUSTER_CHECK_SSH="ssh -F $CLUSTER_DIR/ssh_config-no-red01 -o ConnectTimeout=2"
    row red01 "ssh-hostkey: red01's host key is unknown"; row red02 ok; summary 2 red01
    ;;
  dialect)
    hosts=$src/tests/cluster_check/hosts.$other
    checks+=(--expect "^cluster-check: FAILED at layer 1 \(hostfile\): hosts: an .*, which .* does not read")
    if [ "$flavour" = openmpi ]; then checks+=(--expect '^    red01 slots=2$')
    else checks+=(--expect '^    red01:2$'); fi
    ;;
  mpi-version)
    # red01's mpiexec says the same as ours with another version number.
    "$mpiexec" --version 2>&1 | sed -E '0,/[0-9]+\.[0-9]+(\.[0-9]+)?/s//9.9.9/' >"$work/version.txt"
    printf '#!/bin/sh\ncat %s\n' "$work/version.txt" >"$work/fake-mpiexec"
    chmod +x "$work/fake-mpiexec"
    run_on red01 mount --bind "$work/fake-mpiexec" "$(readlink -f "$(command -v "$mpiexec")")"
    row red01 "mpi-version: red01 runs '.*9\.9\.9.*', here it is"; summary 2 red01
    ;;
  binary-missing)
    run_on red01 mount -t tmpfs cluster-check-empty "$bin"
    row red01 "binary-missing: red01 has no $bin/"; summary 2 red01
    ;;
  binary-differs)
    cp /bin/true "$work/not-connectivity"
    run_on red02 mount --bind "$work/not-connectivity" "$bin/connectivity"
    row red02 "binary-differs: $bin/connectivity on red02 differs"; summary 2 red02
    ;;
  name-mismatch)
    # Rewrite red02's own /etc/hosts in place (it is a bind mount of its /etc/netns file).
    run_on red02 sh -c 'sed "s/^10\.213\.0\.11\t/10.213.0.99\t/" /etc/hosts >/tmp/.h.$$ && cat /tmp/.h.$$ >/etc/hosts; rm -f /tmp/.h.$$'
    row red02 "name-mismatch: red02 resolves red01 to 10\.213\.0\.99, here it is 10\.213\.0\.11"; summary 3 red02
    ;;
  firewall)
    # MPI's TCP connections (pinned to ports 20000-20099: Open MPI's tcp btl, or UCX under
    # MPICH) are dropped both ways on red02; ssh and the runtime's own connections still
    # pass: MPI_Init succeeds and the first message to or from red02 waits for ever -
    # unless someone has a deadline.
    export OMPI_MCA_btl_tcp_port_min_v4=20000 OMPI_MCA_btl_tcp_port_range_v4=100
    export UCX_TCP_PORT_RANGE=20000-20099
    deadline=2
    run_on red02 nft -f - <<'EOF'
table inet cluster_check_test {
  chain input { type filter hook input priority 0; tcp dport 20000-20099 drop; }
  chain output { type filter hook output priority 0; tcp dport 20000-20099 drop; }
}
EOF
    row red02 "mpi-pair: MPI messages to and from red02 (get no answer within 2 s|hang: a job on each pair)"; row red01 ok
    summary 4 red02
    ;;
  firewall-all)
    # Only ssh in or out on red02: MPI's runtime cannot even call back to mpiexec.
    deadline=2
    run_on red02 nft -f - <<'EOF'
table inet cluster_check_test {
  chain input { type filter hook input priority 0; policy drop; iif lo accept; tcp dport 22 accept; tcp sport 22 accept; }
  chain output { type filter hook output priority 0; policy drop; oif lo accept; tcp sport 22 accept; tcp dport 22 accept; }
}
EOF
    row red02 "mpi-pair: MPI messages to and from red02 (get no answer within 2 s|hang: a job on each pair)"; row red01 ok
    summary 4 red02
    ;;
  second-interface)
    ip -n "$(cluster_ns red01)" link add wlan0 type veth peer name wlan0-peer
    ip -n "$(cluster_ns red01)" addr add 192.168.77.21/24 dev wlan0
    ip -n "$(cluster_ns red01)" link set wlan0 up
    want_exit=0
    checks+=(--lines 3 '^red(01|02)? +2 +ok$' --expect '^cluster-check: OK, 3 hosts, 6 slots'
             --expect '^advice: red01 has 2 network interfaces. keep MPI on the cluster.s \(eth0, 10\.213\.0\.0/24\): Open MPI: --mca btl_tcp_if_include 10\.213\.0\.0/24')
    ;;
  *) echo "FAIL: unknown fault '$fault'"; exit 1 ;;
esac

cp "$hosts" "$work/hosts"  # run as the user would: `cluster-check hosts` in a work directory
head_pid=$(cat "$CLUSTER_DIR/holder-red.pid")
bash "$src/tests/check" --timeout 60 --exit "$want_exit" "${checks[@]}" -- \
  nsenter --target "$head_pid" --net --uts --mount --wd="$work" -- \
  "$src/scripts/cluster-check" hosts --np 6 --timeout "$deadline"
status=$?
# The fault must have stayed inside its namespace: our own build is untouched.
[ "$(sha256sum "$bin/connectivity")" = "$sum_before" ] || { echo "FAIL: $bin/connectivity changed outside the cluster"; status=1; }
exit $status
