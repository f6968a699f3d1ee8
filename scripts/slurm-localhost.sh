#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests (Debian's slurm-wlm and munge, as root).
#
#   scripts/slurm-localhost.sh start   writes $DIR/slurm.conf for this host (its real CPU count and
#                                      memory, from `slurmd -C`), starts munged (as user munge, unless
#                                      one already runs), slurmctld and slurmd, waits until the node
#                                      is idle, then prints `export SLURM_CONF=$DIR/slurm.conf`
#   scripts/slurm-localhost.sh stop    stops the daemons this script started (by their pid files)
#   scripts/slurm-localhost.sh status  sinfo of the local cluster
#
# DIR is $DPFAH_SLURM_DIR (default /tmp/dpfah-slurm): configuration, state, spool and logs live
# there, nothing is written to /etc/slurm. Clients (sbatch, squeue, ...) find the cluster through
# SLURM_CONF. Ports: $DPFAH_SLURM_PORT (slurmctld, default 6817) and the next one (slurmd).
set -euo pipefail
DIR="${DPFAH_SLURM_DIR:-/tmp/dpfah-slurm}"
PORT="${DPFAH_SLURM_PORT:-6817}"
CONF="$DIR/slurm.conf"

die() { echo "slurm-localhost: $*" >&2; exit 1; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 t=0
  shift 2
  until "$@" >/dev/null 2>&1; do
    t=$((t + 1))
    [ "$t" -le "$((limit * 2))" ] || return 1
    sleep 0.5
  done
  echo "slurm-localhost: $what after $((t / 2)).$((t % 2 * 5)) s" >&2
}

node_idle() {
  [ "$(SLURM_CONF="$CONF" sinfo -h -N -o %T 2>/dev/null | head -1)" = "idle" ]
}

stop_pidfile() {  # stop_pidfile FILE NAME: SIGTERM, then SIGKILL after 10 s
  local f=$1 name=$2 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "slurm-localhost: stopped $name ($pid)" >&2
  fi
  rm -f "$f"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (slurmd and the daemons' state need it)"
  for b in munged slurmctld slurmd sinfo; do
    command -v "$b" >/dev/null || die "$b not found: apt-get install slurm-wlm munge"
  done
  if [ -f "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
    die "already running (SLURM_CONF=$CONF); run '$0 stop' first"
  fi
  mkdir -p "$DIR/state" "$DIR/spool"
  chmod 755 "$DIR"

  # munge: one daemon per host, shared with anything else that uses it; started only if absent.
  if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
    install -d -o munge -g munge -m 755 /run/munge
    install -d -o munge -g munge -m 700 /var/lib/munge /var/log/munge
    runuser -u munge -- munged
    cp /run/munge/munged.pid "$DIR/munged.pid"
    wait_for 10 "munged up" sh -c 'munge -n </dev/null | unmunge' || die "munged did not start (see /var/log/munge/munged.log)"
  fi

  # This host as `slurmd -C` sees it: NodeName=<host> CPUs=.. Boards=.. ... RealMemory=..
  local node host
  node=$(slurmd -C | head -1)
  host=$(hostname -s)
  cat >"$CONF" <<EOF
# Single-node test cluster written by scripts/slurm-localhost.sh for $host.
ClusterName=dpfah-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=100000
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
KillWait=5
MinJobAge=600
InactiveLimit=0
SlurmdTimeout=60
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  slurmctld -f "$CONF" -c  # -c: a clean start, no jobs from an earlier test
  slurmd -f "$CONF"
  if ! wait_for 60 "node $host idle" node_idle; then
    tail -20 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
    die "the node did not become idle within 60 s (logs above, in $DIR)"
  fi
  echo "export SLURM_CONF=$CONF"
}

stop() {
  stop_pidfile "$DIR/slurmd.pid" slurmd
  stop_pidfile "$DIR/slurmctld.pid" slurmctld
  stop_pidfile "$DIR/munged.pid" munged
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF="$CONF" sinfo ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
