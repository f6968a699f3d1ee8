#!/usr/bin/env bash
# GPU readiness check, for whoever has an NVIDIA GPU: trains the synthetic smoke spec
# (experiments/synthetic-smoke.yaml, 10 epochs of a ResNet18 on 160 16-px images) with the same
# seed on the GPU and on the CPU, with the GPU build of dpfah (DPFAH_PROFILE=gpu: DJL's CUDA
# libtorch; its CPU kernels serve the CPU run), and compares the two runs:
#   - the first epoch's mean loss within 1% (relative): same seed, same initialisation and
#     data order, so only floating-point summation order differs (cuDNN vs MKL-DNN kernels);
#   - the final tie-aware mAP@all within 0.05 (absolute): after 10 epochs those small
#     differences have moved the weights, not the quality.
# These tolerances are chosen bounds, not measured ones (no GPU was at hand when they were
# set); a failure beyond them points at a device-dependent bug, not at noise.
#
#   scripts/gpu-check.sh [GPU]     GPU index, default 0 (device: gpu:N; CUDA_VISIBLE_DEVICES
#                                  applies as usual)
# Exit 0 when both runs agree, 1 when they do not, 2 when no GPU can be used (the one-line
# reason dpfah gives: a CPU libtorch, no visible GPU, too few GPUs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GPU="${1:-0}"
export DPFAH_PROFILE="${DPFAH_PROFILE:-gpu}"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/dpfah-gpu-check.XXXXXX")
SPEC=experiments/synthetic-smoke.yaml

run() {  # run DEVICE NAME: one run into $OUT/NAME, prints its run folder
  local log="$OUT/$2.log" rc=0
  ./dpfah run "$SPEC" --set device="$1" --set threads=1 --out "$OUT/$2" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    grep -E "^dpfah [a-z-]+: |FAILED" "$log" >&2 || tail -5 "$log" >&2
    exit "$rc"
  fi
  ls -d "$OUT/$2"/synthetic-smoke/*/
}

echo "gpu-check: $SPEC on gpu:$GPU and on the CPU, seed 7 ($OUT)"
gpu_dir=$(run "gpu:$GPU" gpu)
cpu_dir=$(run cpu cpu)
python3 - "$gpu_dir" "$cpu_dir" <<'EOF'
import csv, json, sys
gpu, cpu = sys.argv[1], sys.argv[2]
def figures(d):
    m = json.load(open(d + "/metrics.json"))
    h = list(csv.DictReader(open(d + "/history.csv")))
    return m["device"], float(h[0]["loss"]), m["retrieval"]["map_tie_aware"]["all"]
gd, gl, gm = figures(gpu)
cd, cl, cm = figures(cpu)
print(f"  {gd:8s} epoch-1 loss {gl:.6f}  final mAP@all {gm:.4f}")
print(f"  {cd:8s} epoch-1 loss {cl:.6f}  final mAP@all {cm:.4f}")
ok = True
if not gd.startswith("gpu"):
    print(f"gpu-check: the GPU run ran on {gd}"); ok = False
if abs(gl - cl) > 0.01 * abs(cl):
    print(f"gpu-check: epoch-1 loss differs by {abs(gl - cl) / abs(cl):.2%} (> 1%)"); ok = False
if abs(gm - cm) > 0.05:
    print(f"gpu-check: mAP@all differs by {abs(gm - cm):.4f} (> 0.05)"); ok = False
print("gpu-check: OK" if ok else "gpu-check: FAILED")
sys.exit(0 if ok else 1)
EOF
