#!/bin/bash
# Proves the Slurm path on this machine: a single-node Slurm on localhost runs an example experiment as
# a 3-task array (scripts/slurm-array.sh through scripts/slurm-submit.sh) plus the dependent merge job,
# and the merged file must equal the unsharded `zoo run` byte for byte (the example has
# "timings": false, so no column depends on the clock). Not part of CI (CI runs `swift test` only).
#
#   sudo scripts/test-slurm.sh [SPEC.json]      # default Examples/ridge-grid.json; run as root
#
# ZOO selects the binary (default: .build/debug/zoo, built if missing). What it does, step by step:
#  1. installs Debian's slurm-wlm (which brings munge and creates /etc/munge/munge.key):
#     apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm
#  2. starts munged as the munge user unless one is running (mkdir -p /run/munge; chown munge:munge;
#     su -s /bin/sh munge -c /usr/sbin/munged) and checks `munge -n | unmunge`;
#  3. writes a minimal slurm.conf in a scratch folder DIR: ClusterName=local, SlurmctldHost=$(hostname -s),
#     AuthType=auth/munge, ProctrackType=proctrack/linuxproc, TaskPlugin=task/none,
#     SchedulerType=sched/builtin, SelectType=select/cons_tres, SelectTypeParameters=CR_Core,
#     state, spool, logs and pid files under DIR, SlurmUser=root, ReturnToService=2, one node
#     (NodeName=HOST CPUs=2 State=UNKNOWN) in one partition (PartitionName=debug Nodes=HOST Default=YES
#     MaxTime=INFINITE State=UP);
#  4. SLURM_CONF=DIR/slurm.conf; starts slurmctld and slurmd and waits until sinfo shows the node idle;
#  5. submits the array and the merge job, waits for the merge job to leave the queue, compares;
#  6. stops what it started by its pid files (DIR/ctld.pid, DIR/d.pid, /run/munge/munged.pid), never by name.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
spec=${1:-$repo/Examples/ridge-grid.json}
shards=3
[ "$(id -u)" = 0 ] || { echo "test-slurm.sh: run as root (it installs packages and starts daemons)" >&2; exit 2; }

zoo=${ZOO:-$repo/.build/debug/zoo}
if [ ! -x "$zoo" ]; then (cd "$repo" && swift build --product zoo); fi
zoo=$(cd "$(dirname "$zoo")" && pwd)/$(basename "$zoo")

echo "== 1. slurm-wlm"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm >/dev/null
fi
slurmctld -V

dir=$(mktemp -d /tmp/zoo-slurm.XXXXXX)
chmod 755 "$dir"
started_munge=0
cleanup() {
    set +e
    local pids=()
    for pidfile in "$dir/d.pid" "$dir/ctld.pid"; do
        [ -s "$pidfile" ] && pids+=("$(cat "$pidfile")")
    done
    if [ "$started_munge" = 1 ] && [ -s /run/munge/munged.pid ]; then pids+=("$(cat /run/munge/munged.pid)"); fi
    [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
    for _ in $(seq 1 30); do   # wait until every one has exited (slurmd takes a few seconds)
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.5
    done
    echo "stopped the daemons this script started (pids ${pids[*]}); logs in $dir/log"
}
trap cleanup EXIT

echo "== 2. munge"
mkdir -p /run/munge && chown munge:munge /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    su -s /bin/sh munge -c /usr/sbin/munged
    started_munge=1
    sleep 1
fi
munge -n | unmunge | grep STATUS

echo "== 3. slurm.conf in $dir"
host=$(hostname -s)
mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/out"
cat > "$dir/slurm.conf" <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldLogFile=$dir/log/ctld.log
SlurmdLogFile=$dir/log/d.log
SlurmctldPidFile=$dir/ctld.pid
SlurmdPidFile=$dir/d.pid
SlurmUser=root
ReturnToService=2
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf

echo "== 4. slurmctld and slurmd"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then break; fi
    sleep 1
done
sinfo

echo "== 5. the array job and the merge job"
"$zoo" run "$spec" --out "$dir/unsharded.jsonl" --quiet
merge_job=$(ZOO="$zoo" "$repo/scripts/slurm-submit.sh" "$spec" "$shards" "$dir/out")
echo "merge job $merge_job submitted after the array"
for _ in $(seq 1 300); do
    if [ -z "$(squeue -h -o '%i' 2>/dev/null)" ]; then break; fi
    sleep 1
done
squeue
sacct >/dev/null 2>&1 || true
cat "$dir/out/log/merge.out" 2>/dev/null || true
wc -l "$dir/out"/shard-*.jsonl "$dir/unsharded.jsonl"
if [ -s "$dir/out/results.jsonl" ] && cmp "$dir/out/results.jsonl" "$dir/unsharded.jsonl"; then
    echo "PASS: $shards Slurm array tasks merged into exactly the rows of the unsharded run ($(wc -l < "$dir/unsharded.jsonl") rows)"
else
    echo "FAIL: the merged file differs from the unsharded run (or is missing); see $dir/out/log" >&2
    tail -n 20 "$dir/log/ctld.log" "$dir/log/d.log" "$dir/out/log/"*.out >&2 || true
    exit 1
fi
