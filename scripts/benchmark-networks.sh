#!/usr/bin/env bash
# Networks and gradient attacks: EstimatorZoo against the equivalent numpy script, interleaved in one
# session, both on the same number of threads (default 2), numpy on its best BLAS kernel (the
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides removed). Prints each run and the median ratios.
# Usage: scripts/benchmark-networks.sh [--repeats R] [--threads T] [--case two-layer|pgd-l2|pgd-ntk]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=3 threads=2 case_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --case) case_args=(--case "$2"); shift ;;
    *) echo "usage: $0 [--repeats R] [--threads T] [--case two-layer|pgd-l2|pgd-ntk]" >&2; exit 2 ;;
  esac
  shift
done
swift build -c release --product ZooBenchmarks >&2
log=$(mktemp)
for ((r = 1; r <= repeats; r++)); do
  ZOO_THREADS=$threads .build/release/ZooBenchmarks networks "${case_args[@]}" | sed "s/^/zoo /" | tee -a "$log"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads \
    python3 scripts/benchmark_networks_numpy.py "${case_args[@]}" | sed "s/^/numpy /" | tee -a "$log"
done
python3 - "$log" <<'PY'
import re, statistics, sys
times = {}
for line in open(sys.argv[1]):
    m = re.match(r"(zoo|numpy) networks (\S+) seconds=([0-9.]+)", line)
    if m:
        times.setdefault(m.group(2), {}).setdefault(m.group(1), []).append(float(m.group(3)))
for case, t in times.items():
    if "zoo" in t and "numpy" in t:
        z, n = statistics.median(t["zoo"]), statistics.median(t["numpy"])
        print(f"{case}: median zoo {z:.2f} s, numpy {n:.2f} s; zoo/numpy time ratio {z / n:.2f}")
PY
rm -f "$log"
