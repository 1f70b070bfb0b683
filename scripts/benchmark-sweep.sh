#!/usr/bin/env bash
# The linear-zoo reference sweep: EstimatorZoo against the equivalent numpy script, interleaved in one
# session, both on the same number of threads (default 2). Prints each run and the median ratio.
# Usage: scripts/benchmark-sweep.sh [--quick] [--repeats R] [--threads T]
set -euo pipefail
cd "$(dirname "$0")/.."
quick="" repeats=3 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --repeats) repeats="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--repeats R] [--threads T]" >&2; exit 2 ;;
  esac
  shift
done
swift build -c release --product ZooBenchmarks >&2
zoo_times=() numpy_times=()
for ((r = 1; r <= repeats; r++)); do
  z=$(ZOO_THREADS=$threads .build/release/ZooBenchmarks sweep $quick)
  p=$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads python3 scripts/benchmark_sweep_numpy.py $quick)
  echo "run $r: $z | $p"
  zoo_times+=("$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$z")")
  numpy_times+=("$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$p")")
done
python3 - "${zoo_times[*]}" "${numpy_times[*]}" <<'PY'
import statistics, sys
zoo = [float(t) for t in sys.argv[1].split()]
numpy = [float(t) for t in sys.argv[2].split()]
z, n = statistics.median(zoo), statistics.median(numpy)
print(f"median wall time: zoo {z:.2f} s, numpy {n:.2f} s; zoo/numpy time ratio {z / n:.2f} (numpy is {n / z:.2f}x slower)")
PY
