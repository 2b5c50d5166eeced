# tests/cluster/lib.sh - a small virtual cluster on one Linux machine, for tests.
# shellcheck shell=bash
#
#   . tests/cluster/lib.sh
#   cluster_can_run || exit 77                # prints why not (not root, no sshd, ...)
#   cluster_trap                              # cluster_down on exit, Ctrl-C, kill
#   cluster_up red red01 red02                # three hosts, the first is the head node
#   run_on red mpiexec --hostfile "$hf" -n 5 ./where
#   cluster_down
#
# Each host is a network namespace with its own address, a UTS namespace with its own host
# name (what MPI_Get_processor_name answers), and a mount namespace whose /etc/hosts names
# every host of the cluster (the file is /etc/netns/<ns>/hosts, so `ip netns exec <ns>`
# sees it too); /sys stays the machine's (with its cgroups). The hosts hang off one bridge
# that lives in a namespace of its own, a "switch", so nothing on the machine's own network
# changes: no interface or address outside our namespaces is touched. The processes that
# hold the namespaces and the watchdog are not children of the calling script, so a bare
# `wait` there does not wait for them.
#
# How mpiexec reaches the hosts: through a real sshd per host, each with a throw-away host
# key, and a throw-away user key for root. We chose sshd over an rsh agent that enters a
# namespace because that is what a Pi cluster does: mpiexec runs `ssh red01 orted ...`,
# ssh needs keys and known hosts, the remote command runs in a non-interactive login with
# sshd's PATH and environment, and a host whose sshd is gone fails the way it does on real
# hardware. An agent script would hide exactly the problems users meet.
# The filesystem stays shared (like an NFS home on a Pi cluster): the same build/bin path
# works on every host. Shared memory is NOT impossible between these hosts (/dev/shm is one
# tmpfs), so a test that wants to prove messages crossed hosts must force TCP itself: see
# cluster_mpi_env.
#
# Functions (the interface; other tests build on it, so it stays stable):
#   cluster_can_run           0 if this machine can host a cluster, else prints the reason
#                             on stdout and returns 1 (tests then exit 77 = ctest skip)
#   cluster_up HOST...        create the hosts (1..50, the first is the head node) and start
#                             their sshd; waits until `ssh HOST true` works for each
#   cluster_trap              install traps: cluster_down on EXIT, and on INT/TERM then
#                             exit 130/143. Bash runs a trap only between commands: run
#                             long commands as `cmd & wait $!` so a signal is not held up
#   cluster_down              kill every process in the cluster's namespaces, delete the
#                             namespaces, /etc/netns files and the temp dir. Idempotent, safe
#                             from a trap, safe if cluster_up failed half way
#   run_on HOST CMD [ARG...]  run CMD on HOST directly (its network, host name and
#                             /etc/hosts; the caller's working directory and environment)
#   cluster_ssh HOST CMD...   run CMD on HOST through ssh, the way mpiexec does
#   cluster_ns HOST           the network namespace name of HOST (for ip -n / ip netns exec)
#   cluster_addr HOST         HOST's address (10.213.0.10 for the first host, then .11 ...)
#   cluster_mpi_env           print VAR=value lines (for env / export) that make this MPI
#                             start ranks over our ssh and talk only TCP on the cluster's
#                             subnet (Open MPI or MPICH, from $CLUSTER_MPI or mpiexec)
#   cluster_link HOST up|down cut or restore HOST's cable (its port on the switch)
#   cluster_kill_host HOST    kill every process on HOST (its sshd too): a crashed node.
#                             Its namespace stays until cluster_down
#   cluster_cleanup_stale     remove what runs of earlier, now dead, scripts left behind
#                             (cluster_up calls it)
#   cluster_start_mpi FLAVOUR HOST...
#                             the start of a test that runs MPI FLAVOUR (openmpi, mpich) on
#                             the cluster: exits 77 (a ctest skip, saying why) when this
#                             machine cannot host a cluster or the cluster cannot run
#                             FLAVOUR; else cluster_trap, cluster_up HOST... (exit 1 if that
#                             fails) and export cluster_mpi_env's settings
# Variables, set by cluster_up (read them, do not change them):
#   CLUSTER_ID       mpit-<pid of the owning shell>: the prefix of every name we create
#   CLUSTER_DIR      temp dir: keys, sshd configs and logs (ssh_config, sshd-HOST.log)
#   CLUSTER_HOSTS    array of the host names, head node first
#   CLUSTER_SUBNET   10.213.0.0/24 (exists only inside our namespaces)
#   CLUSTER_SSH      $CLUSTER_DIR/bin/ssh: one executable that is ssh with the cluster's
#                    keys and known hosts (Open MPI's plm_rsh_agent, Hydra's launcher-exec
#                    want a program, not a command line)
#
# Leftovers: every name starts with mpit-<pid>-. If a run is killed with SIGKILL (no trap
# runs), a watchdog started by cluster_up notices its owner is gone and tears the cluster
# down; and cluster_up removes clusters of dead owners before building its own.
# Needs: root, iproute2, util-linux (unshare, nsenter), openssh-server and -client.

CLUSTER_SUBNET=10.213.0.0/24
CLUSTER_PREFIX=10.213.0
CLUSTER_ID=""
CLUSTER_DIR=""
CLUSTER_SSH=""
CLUSTER_HOSTS=()
CLUSTER_LIB=$(readlink -f "${BASH_SOURCE[0]}")
_cluster_watchdog=""

cluster_can_run() {
  if [ "$(id -u)" != 0 ]; then
    echo "needs root (network namespaces and sshd); run as root to test the virtual cluster"
    return 1
  fi
  local c
  for c in ip unshare nsenter ssh ssh-keygen /usr/sbin/sshd; do
    command -v "$c" >/dev/null 2>&1 || {
      echo "needs '$c' (scripts/install-deps cluster installs iproute2, util-linux, openssh)"
      return 1
    }
  done
  local probe="mpit-probe-$$"
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "cannot create network namespaces here (a container without CAP_SYS_ADMIN?)"
    return 1
  fi
  local ok=0
  ip netns exec "$probe" unshare --uts true 2>/dev/null || ok=1
  ip netns del "$probe" 2>/dev/null
  [ $ok = 0 ] || { echo "cannot create UTS namespaces here (unshare --uts failed)"; return 1; }
  return 0
}

cluster_ns() { echo "$CLUSTER_ID-$1"; }

# The position of a host in CLUSTER_HOSTS (its address and veth port derive from it).
_cluster_index() {
  local i
  for i in "${!CLUSTER_HOSTS[@]}"; do
    [ "${CLUSTER_HOSTS[$i]}" = "$1" ] && { echo "$i"; return 0; }
  done
  echo "cluster: no host '$1' in this cluster (${CLUSTER_HOSTS[*]})" >&2
  return 1
}

cluster_addr() {
  local i
  i=$(_cluster_index "$1") || return 1
  echo "$CLUSTER_PREFIX.$((10 + i))"
}

# The process that holds a host's namespaces (a sleep started inside them).
_cluster_holder() { cat "$CLUSTER_DIR/holder-$1.pid" 2>/dev/null; }

run_on() {
  local host=$1; shift
  local pid
  pid=$(_cluster_holder "$host")
  [ -n "$pid" ] || { echo "cluster: no host '$host' is up" >&2; return 1; }
  nsenter --target "$pid" --net --uts --mount --wd="$PWD" -- "$@"
}

cluster_ssh() {
  local host=$1; shift
  run_on "${CLUSTER_HOSTS[0]}" "$CLUSTER_SSH" "$host" "$@"
}

# Tear down the cluster with this id (works without the variables: used by the watchdog
# and for stale clusters).
_cluster_teardown() {
  local id=$1 ns pids try
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$id-"); do
    for try in 1 2 3 4 5 6 7 8 9 10; do
      pids=$(ip netns pids "$ns" 2>/dev/null)
      [ -n "$pids" ] || break
      # shellcheck disable=SC2086
      if [ $try -lt 6 ]; then kill -TERM $pids 2>/dev/null; else kill -KILL $pids 2>/dev/null; fi
      sleep 0.2
    done
    ip netns del "$ns" 2>/dev/null
    rm -rf "/etc/netns/$ns"
  done
  rm -rf "/tmp/$id-cluster"
}

cluster_cleanup_stale() {
  local ns owner
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^mpit-[0-9]+-'); do
    owner=${ns#mpit-}; owner=${owner%%-*}
    if ! kill -0 "$owner" 2>/dev/null; then
      echo "cluster: removing leftovers of an earlier run (mpit-$owner)" >&2
      _cluster_teardown "mpit-$owner"
    fi
  done
}

cluster_down() {
  [ -n "$CLUSTER_ID" ] || return 0
  if [ -n "$_cluster_watchdog" ]; then
    kill "$_cluster_watchdog" 2>/dev/null
    _cluster_watchdog=""
  fi
  _cluster_teardown "$CLUSTER_ID"
  CLUSTER_ID=""
  CLUSTER_DIR=""
}

cluster_trap() {
  trap 'cluster_down' EXIT
  trap 'cluster_down; trap - EXIT; exit 130' INT
  trap 'cluster_down; trap - EXIT; exit 143' TERM
}

cluster_link() {
  local port
  port=$(_cluster_port "$1") || return 1
  ip -n "$CLUSTER_ID-switch" link set "$port" "$2"
}

cluster_kill_host() {
  local ns pids
  ns=$(cluster_ns "$1")
  pids=$(ip netns pids "$ns" 2>/dev/null | grep -vx "$(_cluster_holder "$1")")
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null
  return 0
}

_cluster_port() {
  local i
  i=$(_cluster_index "$1") || return 1
  echo "port$i"
}

cluster_mpi_env() {
  local flavour=${CLUSTER_MPI:-}
  if [ -z "$flavour" ]; then
    flavour=$("$(dirname "$CLUSTER_LIB")/../../scripts/mpi-flavour") || return 1
  fi
  case "$flavour" in
    openmpi)
      # rsh launcher = our ssh; ob1 with only the tcp and self BTLs: no vader (shared
      # memory), no UCX; both the runtime (oob) and MPI traffic on our subnet only.
      echo "OMPI_MCA_plm_rsh_agent=$CLUSTER_SSH"
      echo "OMPI_MCA_pml=ob1"
      echo "OMPI_MCA_btl=tcp,self"
      echo "OMPI_MCA_btl_tcp_if_include=$CLUSTER_SUBNET"
      echo "OMPI_MCA_oob_tcp_if_include=$CLUSTER_SUBNET"
      echo "OMPI_ALLOW_RUN_AS_ROOT=1"
      echo "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
      echo "OMPI_MCA_mpi_yield_when_idle=1"
      ;;
    mpich)
      # Hydra's ssh launcher = our ssh; UCX (Debian's MPICH is ch4:ucx) with tcp only: no
      # shared memory (posix, sysv, cma). Beware: Debian 12's MPICH 4.0.2 on UCX 1.13 with
      # tcp only hangs in MPI_Finalize in about half the runs (ranks spin in
      # uct_tcp_iface_progress); with UCX's default transports it does not, but those
      # include shared memory. cluster_start_mpi therefore skips MPICH.
      echo "HYDRA_LAUNCHER=ssh"
      echo "HYDRA_LAUNCHER_EXEC=$CLUSTER_SSH"
      echo "HYDRA_IFACE=eth0"
      echo "UCX_TLS=tcp"
      echo "UCX_NET_DEVICES=eth0"
      ;;
    *) echo "cluster: unknown MPI '$flavour'" >&2; return 1 ;;
  esac
}

cluster_start_mpi() {
  local flavour=$1 reason setting
  shift
  if ! reason=$(cluster_can_run); then
    echo "SKIP: $reason"
    exit 77
  fi
  case "$flavour" in
    openmpi) ;;
    mpich)
      # Not a missing feature of ours: the tests work with MPICH (MPIT_CLUSTER_MPICH=1 runs
      # them), but Debian 12's MPICH 4.0.2 over UCX 1.13 with TCP only (UCX_TLS=tcp, the
      # only way to keep shared memory out) hangs in MPI_Finalize in about half the runs.
      if [ "${MPIT_CLUSTER_MPICH:-0}" != 1 ]; then
        echo "SKIP: MPICH 4.0.2 + UCX 1.13 with TCP only hangs in MPI_Finalize intermittently; set MPIT_CLUSTER_MPICH=1 to run anyway"
        exit 77
      fi
      ;;
    *) echo "SKIP: the virtual cluster has no settings for the MPI '$flavour'"; exit 77 ;;
  esac
  cluster_trap
  cluster_up "$@" || { echo "FAIL: could not build the virtual cluster"; exit 1; }
  while IFS= read -r setting; do export "${setting?}"; done < <(CLUSTER_MPI=$flavour cluster_mpi_env)
}

cluster_up() {
  [ $# -ge 1 ] && [ $# -le 50 ] || { echo "cluster_up: give 1 to 50 host names" >&2; return 1; }
  [ -z "$CLUSTER_ID" ] || { echo "cluster_up: a cluster is already up ($CLUSTER_ID)" >&2; return 1; }
  cluster_cleanup_stale
  CLUSTER_ID="mpit-$$"
  CLUSTER_HOSTS=("$@")
  CLUSTER_DIR="/tmp/$CLUSTER_ID-cluster"
  CLUSTER_SSH="$CLUSTER_DIR/bin/ssh"
  mkdir -p /run/sshd  # sshd's privilege-separation directory (the package's, not ours)
  rm -rf "$CLUSTER_DIR"
  mkdir -m 700 "$CLUSTER_DIR" || return 1

  # A watchdog, in its own session so a kill of our process group spares it, that tears
  # the cluster down if we die without running our trap (SIGKILL, a ctest timeout).
  # It and the hosts' holders are started from a subshell that exits at once, so they are
  # not our children: a bare `wait` in the caller's script never waits for them.
  ( setsid bash -c '. "$1"; while kill -0 "$2" 2>/dev/null; do sleep 1; done; _cluster_teardown "$3"' \
      watchdog "$CLUSTER_LIB" "$$" "$CLUSTER_ID" </dev/null >/dev/null 2>&1 &
    echo $! >"$CLUSTER_DIR/watchdog.pid" )
  _cluster_watchdog=$(cat "$CLUSTER_DIR/watchdog.pid")

  # Keys: one user key for root, one host key per host, all thrown away with the dir.
  ssh-keygen -q -t ed25519 -N "" -C "mpit-cluster" -f "$CLUSTER_DIR/id_ed25519" || return 1
  cp "$CLUSTER_DIR/id_ed25519.pub" "$CLUSTER_DIR/authorized_keys"
  mkdir "$CLUSTER_DIR/bin"
  printf '#!/bin/sh\nexec ssh -F %s/ssh_config "$@"\n' "$CLUSTER_DIR" >"$CLUSTER_SSH"
  chmod 755 "$CLUSTER_SSH"
  cat >"$CLUSTER_DIR/ssh_config" <<EOF
Host *
  User root
  IdentityFile $CLUSTER_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $CLUSTER_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
EOF

  local hosts_file="$CLUSTER_DIR/hosts" i host ns addr sw="$CLUSTER_ID-switch"
  printf '127.0.0.1\tlocalhost\n' >"$hosts_file"
  for i in "${!CLUSTER_HOSTS[@]}"; do
    printf '%s\t%s\n' "$CLUSTER_PREFIX.$((10 + i))" "${CLUSTER_HOSTS[$i]}" >>"$hosts_file"
  done

  # The switch: a bridge inside a namespace of its own.
  ip netns add "$sw" || return 1
  ip -n "$sw" link add br0 type bridge || return 1
  ip -n "$sw" link set br0 up || return 1

  for i in "${!CLUSTER_HOSTS[@]}"; do
    host=${CLUSTER_HOSTS[$i]} ns="$CLUSTER_ID-${CLUSTER_HOSTS[$i]}" addr="$CLUSTER_PREFIX.$((10 + i))"
    mkdir -p "/etc/netns/$ns" && cp "$hosts_file" "/etc/netns/$ns/hosts" || return 1
    ip netns add "$ns" || return 1
    # A cable from the switch's port<i> to the host's eth0.
    ip -n "$sw" link add "port$i" type veth peer name eth0 netns "$ns" || return 1
    ip -n "$sw" link set "port$i" master br0 up || return 1
    ip -n "$ns" addr add "$addr/24" dev eth0 || return 1
    ip -n "$ns" link set eth0 up || return 1
    ip -n "$ns" link set lo up || return 1
    # The holder: a sleep inside the host's network, UTS (host name) and mount (/etc/hosts)
    # namespaces; run_on enters its namespaces. Not `ip netns exec`: that mounts a fresh
    # /sys without cgroups (slurmd needs them); a private mount namespace of our own with
    # the hosts file bound over /etc/hosts keeps the machine's /sys. Nothing propagates out.
    ( nsenter --net="/run/netns/$ns" unshare --uts --mount --propagation private -- sh -c \
        'hostname "$1" && mount --bind "$3" /etc/hosts && echo $$ >"$2" &&
         exec sleep 2147483647' holder "$host" "$CLUSTER_DIR/holder-$host.pid" \
        "/etc/netns/$ns/hosts" </dev/null >/dev/null 2>&1 & )
    local wait_ms=0
    until [ -s "$CLUSTER_DIR/holder-$host.pid" ]; do
      sleep 0.05; wait_ms=$((wait_ms + 50))
      [ $wait_ms -lt 5000 ] || { echo "cluster_up: host $host did not start" >&2; return 1; }
    done

    ssh-keygen -q -t ed25519 -N "" -C "$host" -f "$CLUSTER_DIR/host-$host" || return 1
    printf '%s,%s %s\n' "$host" "$addr" "$(cut -d' ' -f1,2 "$CLUSTER_DIR/host-$host.pub")" \
      >>"$CLUSTER_DIR/known_hosts"
    cat >"$CLUSTER_DIR/sshd-$host.conf" <<EOF
ListenAddress $addr
HostKey $CLUSTER_DIR/host-$host
PidFile $CLUSTER_DIR/sshd-$host.pid
AuthorizedKeysFile $CLUSTER_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
LogLevel ERROR
EOF
    run_on "$host" /usr/sbin/sshd -f "$CLUSTER_DIR/sshd-$host.conf" \
      -E "$CLUSTER_DIR/sshd-$host.log" </dev/null || {
      echo "cluster_up: sshd on $host did not start: $(cat "$CLUSTER_DIR/sshd-$host.log")" >&2
      return 1
    }
  done

  # Every host must answer over ssh from the head node, under its own name.
  for host in "${CLUSTER_HOSTS[@]}"; do
    local tries=0 got=""
    until got=$(cluster_ssh "$host" hostname 2>/dev/null) && [ "$got" = "$host" ]; do
      tries=$((tries + 1))
      [ $tries -lt 50 ] || {
        echo "cluster_up: ssh to $host does not work (got '$got'); see $CLUSTER_DIR/sshd-$host.log" >&2
        return 1
      }
      sleep 0.1
    done
  done
  return 0
}
