#!/usr/bin/env bash
# dpfah slurm on a real Slurm: a single-node cluster on localhost (scripts/slurm-localhost.sh,
# Debian's slurm-wlm and munge, installed with apt when missing) runs the script `dpfah slurm`
# writes for a synthetic sweep of 6 runs (3 epochs each) as an array of 3 tasks. Task 2 is
# cancelled (scancel) in epoch 2 of its first run, after that run's first checkpoint; then
# `dpfah slurm --submit` again submits what is left. Checked:
#   - the first submission finished the 4 runs of tasks 1 and 3 and left task 2's 2 runs
#     unfinished (the killed one only as a hidden work folder with its checkpoint); its report
#     job built the report of those 4 runs once the array had ended, and no task built a report;
#   - the resubmission is task 2 alone; it resumes the killed run from its checkpoint and
#     finishes the sweep: 6 runs finished with 3 epochs of history each, each
#     started once except the killed one (started twice: killed, then resumed); nothing
#     replaced, no work folder left; its report job built the report of all 6 runs.
# Needs root (slurmd, munged); without root or apt it says so and exits 0 (NOT TESTED).
# Prints its wall time. Leaves nothing running: the cluster is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
T0=$(date +%s)

if [ "$(id -u)" -ne 0 ]; then
  echo "== Slurm: NOT TESTED: needs root to install and start slurmctld, slurmd and munged"
  exit 0
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
    || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "== Slurm: NOT TESTED: slurm-wlm and munge are not installed and there is no apt-get"
    exit 0
  fi
  echo "== Slurm: installing slurmctld slurmd slurm-client munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/dpfah-slurm-test.XXXXXX")
export DPFAH_SLURM_DIR="$W/cluster"
# The tasks run the checkout as built (DPFAH_NO_BUILD): after scripts/test.sh's `mvn package`
# that is target/classes and target/lib without the launcher's stamp; the stamp made for this
# test is removed again, so later steps (the JDK 25 build) still rebuild as they expect.
STAMP="$ROOT/target/.built-cpu"
made_stamp=""
if [ ! -f "$STAMP" ] && [ -d "$ROOT/target/classes/io/dpfah" ] && [ -d "$ROOT/target/lib" ]; then
  touch "$STAMP"
  made_stamp=1
fi
cleanup() {
  bash "$ROOT/scripts/slurm-localhost.sh" stop || true
  [ -z "$made_stamp" ] || rm -f "$STAMP"
}
trap cleanup EXIT
fail() {
  echo "slurm test FAILED: $*" >&2
  for f in "$W"/results/slurm-ci/.slurm/*.out; do
    [ -f "$f" ] && { echo "--- $f"; tail -25 "$f"; } >&2
  done
  tail -15 "$DPFAH_SLURM_DIR/slurmctld.log" >&2 || true
  exit 1
}

eval "$(bash scripts/slurm-localhost.sh start)"  # exports SLURM_CONF
export DPFAH_JAVA_OPTS="${DPFAH_JAVA_OPTS:--Xmx1g}"
cat >"$W/slurm-ci.yaml" <<'EOF'
# 6 tiny synthetic runs for scripts/slurm-test.sh.
name: slurm-ci
threads: 1
device: cpu
data:
  dataset: synthetic
  image_size: 8
  normalization: none
  synthetic: {classes: 2, train_per_class: 8, query_per_class: 4, database_per_class: 8, noise: 0.2}
model: {backbone: resnet18, stem: cifar, attention: none}
hash: {bits: 8}
optim: {optimizer: adam, lr: 0.001, batch_size: 8, epochs: 3, schedule: none}
eval: {topk: [all], precision_at: [1], batch_size: 16}
sweep:
  axes:
    seed: [1, 2, 3]
    model.attention: [none, pfa]
EOF
SPEC="$W/slurm-ci.yaml"
RES="$W/results"
EXP="$RES/slurm-ci"
./dpfah validate "$SPEC" >/dev/null  # builds the checkout if it is not built; the tasks never do
mapfile -t ALL < <(./dpfah sweep "$SPEC" --out "$RES" --dry-run --shard 1/1 | sed -n 's/^\[to run\] *//p')
mapfile -t TASK2 < <(./dpfah sweep "$SPEC" --out "$RES" --dry-run --shard 2/3 | sed -n 's/^\[to run\] *//p')
[ "${#ALL[@]}" -eq 6 ] && [ "${#TASK2[@]}" -eq 2 ] || fail "expected 6 runs, 2 in shard 2/3: ${ALL[*]}"
KILLED=${TASK2[0]}
NEVER=${TASK2[1]}

submit() {  # submit LOG: dpfah slurm --submit; sets ARRAY and REPORT
  ./dpfah slurm "$SPEC" --results "$RES" --tasks 3 --time 00:20:00 --report-time 00:20:00 \
    --submit >"$1" 2>&1 || { cat "$1"; fail "dpfah slurm --submit failed"; }
  cat "$1"
  ARRAY=$(sed -n 's/^array job \([0-9]*\) .*/\1/p' "$1")
  REPORT=$(sed -n 's/.*report job \([0-9]*\) .*/\1/p' "$1")
  [ -n "$ARRAY" ] && [ -n "$REPORT" ] || fail "no job ids in $(cat "$1")"
}
wait_jobs() {  # wait_jobs SECONDS: until neither ARRAY nor REPORT is pending or running
  local t=0
  while [ -n "$(squeue -h -j "$ARRAY,$REPORT" -o %i 2>/dev/null)" ]; do
    t=$((t + 1))
    [ "$t" -le "$1" ] || fail "jobs $ARRAY/$REPORT still running after $1 s"
    sleep 1
  done
}
finished() {  # finished ID: its metrics.json says finished
  grep -Eq '"status" *: *"finished"' "$EXP/$1/metrics.json" 2>/dev/null
}
starts() {  # starts ID: how many times a task started the run (SweepRunner's "[k/n] ID" line)
  cat "$EXP"/.slurm/dpfah-slurm-ci-*_*.out | grep -Ec "^\[[0-9]+/[0-9]+\] ${1//./\\.}( \(|$)" || true
}

echo "== Slurm: submission 1 (3 tasks); task 2 is cancelled in epoch 2 of its run $KILLED"
submit "$W/submit1.log"
grep -q "^#SBATCH --array=1-3$" "$EXP/.slurm/sweep.sbatch" || fail "first script: not --array=1-3"
t=0
until ls "$EXP"/.tmp-"$KILLED"-*/checkpoint.safetensors >/dev/null 2>&1; do
  t=$((t + 1))
  [ "$t" -le 3000 ] || fail "task 2 did not checkpoint epoch 1 of $KILLED within 600 s"
  finished "$KILLED" && fail "$KILLED finished before it could be cancelled"
  sleep 0.2
done
scancel "${ARRAY}_2"
echo "   cancelled ${ARRAY}_2 after $(($(date +%s) - T0)) s"
wait_jobs 900
scontrol show job "${ARRAY}_2" -o | grep -q "JobState=CANCELLED" \
  || fail "task 2 is not CANCELLED: $(scontrol show job "${ARRAY}_2" -o)"
for id in "${ALL[@]}"; do
  if [ "$id" = "$KILLED" ] || [ "$id" = "$NEVER" ]; then
    finished "$id" && fail "$id finished although its task was cancelled"
  else
    finished "$id" || fail "$id (task 1 or 3) did not finish"
  fi
done
ls "$EXP"/.tmp-"$KILLED"-*/checkpoint.safetensors >/dev/null 2>&1 \
  || fail "the killed run left no work folder with its checkpoint"
[ "$(starts "$NEVER")" -eq 0 ] || fail "$NEVER started although task 2 was cancelled before it"
grep -q "4 runs: 4 finished" "$EXP/report/index.html" || fail "report 1 is not that of the 4 finished runs"
[ "$(cat "$EXP"/.slurm/dpfah-slurm-ci-report-*.out | grep -c '^Report: ')" -eq 1 ] \
  || fail "submission 1: the report job did not build the report exactly once"

echo "== Slurm: submission 2 (what is left: task 2)"
submit "$W/submit2.log"
grep -q "^#SBATCH --array=2$" "$EXP/.slurm/sweep.sbatch" || fail "second script: not --array=2"
wait_jobs 900
grep -q "resuming from checkpoint .*/\.tmp-${KILLED//./\\.}-[^/]*/checkpoint\.safetensors: epoch [12] done of 3 epochs" \
  "$EXP"/.slurm/dpfah-slurm-ci-"$ARRAY"_2.out || fail "the resubmitted task did not resume $KILLED from its checkpoint"
grep -q '"resumed_from"' "$EXP/$KILLED/metrics.json" || fail "$KILLED/metrics.json has no resumed_from"
for id in "${ALL[@]}"; do
  finished "$id" || fail "$id is not finished after the resubmission"
  n=$(starts "$id")
  want=1
  [ "$id" = "$KILLED" ] && want=2
  [ "$n" -eq "$want" ] || fail "$id was started $n times (expected $want)"
  [ "$(grep -c '^[0-9]' "$EXP/$id/history.csv")" -eq 3 ] || fail "$id/history.csv: not 3 epochs"
done
if ls -d "$EXP"/.tmp-* "$EXP"/.replaced-* "$EXP"/.previous-* >/dev/null 2>&1; then
  fail "left behind: $(ls -d "$EXP"/.tmp-* "$EXP"/.replaced-* "$EXP"/.previous-* 2>/dev/null)"
fi
grep -q "6 runs: 6 finished" "$EXP/report/index.html" || fail "report 2 is not that of all 6 runs"
[ "$(cat "$EXP"/.slurm/dpfah-slurm-ci-report-*.out | grep -c '^Report: ')" -eq 2 ] \
  || fail "the two report jobs did not build the report once each"
[ "$(cat "$EXP"/.slurm/dpfah-slurm-ci-[0-9]*_*.out | grep -c '^report: not built by a shard')" -eq 3 ] \
  || fail "not every finished task skipped the report"
echo "== Slurm: OK: 6 runs in a 3-task array, one task cancelled and resubmitted," \
  "2 reports by the report jobs; wall time $(($(date +%s) - T0)) s"
