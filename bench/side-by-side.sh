#!/usr/bin/env bash
# Side-by-side benchmark: dpfah's real training step / encoding (./dpfah bench-train) against the
# same network, loss and optimiser in eager PyTorch (bench/torch_reference.py), run alternately
# (PyTorch, dpfah, PyTorch, dpfah, ...), every measurement in a fresh process, same threads and
# environment; then the table of medians, ranges and ratios (./dpfah bench-table). See
# bench/README.md.
#
#   bench/side-by-side.sh                          # full grid, 3 rounds (long: see README)
#   bench/side-by-side.sh --sizes 32 --modes train --rounds 2 --steps 3 --warmup 1
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
SIZES=32,64,224
ATTENTION=none,pfa
MODES=train,encode
BACKBONE=resnet18
THREADS="$(nproc)"
BATCH=64
ENCODE_BATCH=256
STEPS=30
WARMUP=40
ENCODE_STEPS=10
ENCODE_WARMUP=40
WARMUP_SECONDS=10
BITS=64
CLASSES=10
TRAIN_IMAGES=5000
OUT=""
PYTHON=/usr/bin/python3
NICE=0
OMP=PASSIVE
MALLOC=tuned

usage() {
  cat <<EOF
usage: bench/side-by-side.sh [options]
  --rounds N           rounds; each round runs every cell once per side (default $ROUNDS)
  --sizes LIST         image sides, comma separated (default $SIZES)
  --attention LIST     none,pfa (default $ATTENTION)
  --modes LIST         train,encode (default $MODES)
  --backbone NAME      resnet18 or resnet50 (default $BACKBONE)
  --threads N          intra-op threads of both sides (default: nproc = $THREADS)
  --batch N            training batch (default $BATCH)
  --encode-batch N     encoding batch (default $ENCODE_BATCH)
  --steps N            timed training steps per process (default $STEPS)
                       These four and --encode-steps also take per-size values, N,SIZE:N,...:
                       '--batch 64,224:32' trains 224 px images in batches of 32, others of 64.
  --warmup N           untimed training steps first (default $WARMUP: the JIT compiler's work
                       follows the number of steps, not their length; see bench/README.md)
  --encode-steps N     timed encoding batches per process (default $ENCODE_STEPS)
  --encode-warmup N    untimed encoding batches first (default $ENCODE_WARMUP)
  --warmup-seconds S   untimed steps go on for at least S seconds on both sides, so that dpfah's
                       JIT compiler has settled (default $WARMUP_SECONDS; 0 = steps only)
  --bits N             code length K (default $BITS)
  --classes N          classes (default $CLASSES)
  --train-images N     rows of the code memory (default $TRAIN_IMAGES)
  --out DIR            results folder (default bench/results/<date-time>)
  --python PATH        Python with torch 1.13 / torchvision 0.14 (default $PYTHON)
  --nice N             run both sides under nice -n N (default $NICE)
  --omp-wait-policy P  OMP_WAIT_POLICY for both sides, or 'inherit' to leave the environment as
                       it is (dpfah's launcher then uses PASSIVE; default $OMP)
  --malloc M           tuned: both sides get the launcher's glibc malloc thresholds
                       (scripts/launcher.sh dpfah_malloc_env); inherit: PyTorch runs with the
                       environment as it is, dpfah's launcher still sets its own (default $MALLOC)
Writes DIR/lines.txt (every measurement), DIR/logs/, DIR/settings.txt, DIR/table.md,
DIR/summary.csv and DIR/measurements.csv. Exit status 3 when some measurement failed.
EOF
}

need() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    echo "side-by-side.sh: $1 needs a value (see --help)" >&2
    exit 2
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) need "$@"; ROUNDS="$2"; shift 2 ;;
    --sizes) need "$@"; SIZES="$2"; shift 2 ;;
    --attention) need "$@"; ATTENTION="$2"; shift 2 ;;
    --modes) need "$@"; MODES="$2"; shift 2 ;;
    --backbone) need "$@"; BACKBONE="$2"; shift 2 ;;
    --threads) need "$@"; THREADS="$2"; shift 2 ;;
    --batch) need "$@"; BATCH="$2"; shift 2 ;;
    --encode-batch) need "$@"; ENCODE_BATCH="$2"; shift 2 ;;
    --steps) need "$@"; STEPS="$2"; shift 2 ;;
    --warmup) need "$@"; WARMUP="$2"; shift 2 ;;
    --encode-steps) need "$@"; ENCODE_STEPS="$2"; shift 2 ;;
    --encode-warmup) need "$@"; ENCODE_WARMUP="$2"; shift 2 ;;
    --warmup-seconds) need "$@"; WARMUP_SECONDS="$2"; shift 2 ;;
    --bits) need "$@"; BITS="$2"; shift 2 ;;
    --classes) need "$@"; CLASSES="$2"; shift 2 ;;
    --train-images) need "$@"; TRAIN_IMAGES="$2"; shift 2 ;;
    --out) need "$@"; OUT="$2"; shift 2 ;;
    --python) need "$@"; PYTHON="$2"; shift 2 ;;
    --nice) need "$@"; NICE="$2"; shift 2 ;;
    --omp-wait-policy) need "$@"; OMP="$2"; shift 2 ;;
    --malloc) need "$@"; MALLOC="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "side-by-side.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for v in ROUNDS THREADS WARMUP ENCODE_WARMUP BITS CLASSES TRAIN_IMAGES NICE; do
  if ! [[ "${!v}" =~ ^[0-9]+$ ]]; then
    echo "side-by-side.sh: --$(echo "$v" | tr 'A-Z_' 'a-z-'): expected a whole number, got '${!v}'" >&2
    exit 2
  fi
done
# Per-size values: N (every size) or N,SIZE:N,... (a size's own entry wins over the plain N).
for v in BATCH ENCODE_BATCH STEPS ENCODE_STEPS; do
  if ! [[ "${!v}" =~ ^([0-9]+|[0-9]+:[0-9]+)(,([0-9]+|[0-9]+:[0-9]+))*$ ]] \
      || ! [[ ",${!v}," =~ ,[0-9]+, ]]; then
    echo "side-by-side.sh: --$(echo "$v" | tr 'A-Z_' 'a-z-'): expected N or N,SIZE:N,... (whole" \
      "numbers, one plain N for the other sizes), got '${!v}'" >&2
    exit 2
  fi
done
# for_size LIST SIZE: the value LIST gives for SIZE.
for_size() {
  local entry plain=""
  for entry in ${1//,/ }; do
    case "$entry" in
      "$2":*) echo "${entry#*:}"; return ;;
      *:*) ;;
      *) plain="$entry" ;;
    esac
  done
  echo "$plain"
}
for m in ${MODES//,/ }; do
  case "$m" in train|encode) ;; *) echo "side-by-side.sh: --modes: expected train and/or encode, got '$m'" >&2; exit 2 ;; esac
done
for a in ${ATTENTION//,/ }; do
  case "$a" in none|pfa) ;; *) echo "side-by-side.sh: --attention: expected none and/or pfa (the reference has no other), got '$a'" >&2; exit 2 ;; esac
done
if ! [[ "$WARMUP_SECONDS" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "side-by-side.sh: --warmup-seconds: expected a number of seconds, got '$WARMUP_SECONDS'" >&2
  exit 2
fi
case "$MALLOC" in
  tuned|inherit) ;;
  *) echo "side-by-side.sh: --malloc: expected tuned or inherit, got '$MALLOC'" >&2; exit 2 ;;
esac
if ! "$PYTHON" -c 'import torch, torchvision' 2>/dev/null; then
  echo "side-by-side.sh: $PYTHON cannot import torch and torchvision;" \
    "install Debian's: apt-get install -y python3-torch python3-torchvision" >&2
  exit 2
fi

OUT="${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT/logs"
LINES="$OUT/lines.txt"
: >"$LINES"
if [ "$OMP" != inherit ]; then
  export OMP_WAIT_POLICY="$OMP"
fi
if [ "$MALLOC" = tuned ]; then
  . "$ROOT/scripts/launcher.sh"
  dpfah_malloc_env
fi

# Build dpfah once, outside any measurement.
"$ROOT/dpfah" --version >/dev/null

{
  echo "date: $(date -Is)"
  echo "host: $(uname -n), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "OMP_WAIT_POLICY: ${OMP_WAIT_POLICY:-unset}"
  echo "malloc: $MALLOC ($(env | grep '^MALLOC_' | sort | tr '\n' ' '))"
  echo "python: $("$PYTHON" -c 'import torch, torchvision; print("torch", torch.__version__, "torchvision", torchvision.__version__)')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "command: $0 --rounds $ROUNDS --sizes $SIZES --attention $ATTENTION --modes $MODES" \
    "--backbone $BACKBONE --threads $THREADS --batch $BATCH --encode-batch $ENCODE_BATCH" \
    "--steps $STEPS --warmup $WARMUP --encode-steps $ENCODE_STEPS --encode-warmup $ENCODE_WARMUP" \
    "--warmup-seconds $WARMUP_SECONDS" \
    "--bits $BITS --classes $CLASSES --train-images $TRAIN_IMAGES --nice $NICE --omp-wait-policy $OMP --malloc $MALLOC"
} | tee "$OUT/settings.txt" >&2
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 4) }'; then
  echo "side-by-side.sh: warning: load average $load on $(nproc) cores; figures will be noisy" >&2
fi

failed=0
# One measurement: IMPL MODE SIZE ATTENTION ROUND
measure() {
  local impl=$1 mode=$2 size=$3 att=$4 round=$5
  local steps warmup=$WARMUP
  steps=$(for_size "$STEPS" "$size")
  if [ "$mode" = encode ]; then
    steps=$(for_size "$ENCODE_STEPS" "$size")
    warmup=$ENCODE_WARMUP
  fi
  local batch encode_batch
  batch=$(for_size "$BATCH" "$size")
  encode_batch=$(for_size "$ENCODE_BATCH" "$size")
  local args=(--mode "$mode" --backbone "$BACKBONE" --size "$size" --attention "$att"
    --batch "$batch" --encode-batch "$encode_batch" --bits "$BITS" --classes "$CLASSES"
    --train-images "$TRAIN_IMAGES" --warmup "$warmup" --warmup-seconds "$WARMUP_SECONDS"
    --steps "$steps" --threads "$THREADS")
  local log="$OUT/logs/r$round-$impl-$mode-$size-$att.log"
  local cmd
  if [ "$impl" = pytorch ]; then
    cmd=("$PYTHON" "$ROOT/bench/torch_reference.py" "${args[@]}")
  else
    cmd=("$ROOT/dpfah" bench-train "${args[@]}" --device cpu)
  fi
  if nice -n "$NICE" "${cmd[@]}" >"$log" 2>&1 && grep -q '^bench ' "$log"; then
    grep '^bench ' "$log" >>"$LINES"
    echo "round $round/$ROUNDS $impl $mode ${size}px $att: $(grep '^bench ' "$log" | tail -1 \
      | sed 's/.*images_per_s=\([^ ]*\).*/\1/') img/s" >&2
  else
    echo "round $round/$ROUNDS $impl $mode ${size}px $att: FAILED, see $log" >&2
    failed=$((failed + 1))
  fi
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in ${MODES//,/ }; do
    for size in ${SIZES//,/ }; do
      for att in ${ATTENTION//,/ }; do
        measure pytorch "$mode" "$size" "$att" "$round"
        measure dpfah "$mode" "$size" "$att" "$round"
      done
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/settings.txt" >&2
if grep -q '^bench ' "$LINES"; then
  "$ROOT/dpfah" bench-table "$LINES" --csv "$OUT" | tee "$OUT/table.md"
fi
echo "results in $OUT" >&2
if [ "$failed" -gt 0 ]; then
  echo "side-by-side.sh: $failed measurement(s) failed" >&2
  exit 3
fi
