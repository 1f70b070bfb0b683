#!/usr/bin/env bash
# The linear-zoo reference sweep: EstimatorZoo against the equivalent numpy script, interleaved in one
# session (zoo, numpy, zoo, numpy, ...), on each thread count and ZOO_ISA value asked for. Prints each
# run and, per thread count and ISA, the median times and the ratio zoo/numpy.
# Usage: scripts/benchmark-sweep.sh [--quick] [--repeats R] [--threads "1 2"] [--isa "auto avx2"]
#   --threads LIST  thread counts (default "1 2"); --isa LIST  ZOO_ISA values (default "auto")
# numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (its best kernel; the kernel is
# printed, via threadpoolctl: `pip install threadpoolctl` if it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
quick="" repeats=3 thread_counts="1 2" isas="auto"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --repeats) repeats="$2"; shift ;;
    --threads) thread_counts="$2"; shift ;;
    --isa) isas="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--repeats R] [--threads \"1 2\"] [--isa \"auto avx2\"]" >&2; exit 2 ;;
  esac
  shift
done
swift build -c release --product ZooBenchmarks >&2
numpy=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
for threads in $thread_counts; do "${numpy[@]}" python3 scripts/benchmark_linalg_numpy.py --threads "$threads" --info; done
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for ((r = 1; r <= repeats; r++)); do
  for threads in $thread_counts; do
    for isa in $isas; do
      z=$(ZOO_ISA=$isa ZOO_THREADS=$threads .build/release/ZooBenchmarks sweep $quick)
      echo "run $r, $threads thread(s), ZOO_ISA=$isa: $z"
      echo "zoo-$isa $threads $(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$z")" >>"$results"
    done
    p=$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "${numpy[@]}" python3 scripts/benchmark_sweep_numpy.py $quick)
    echo "run $r, $threads thread(s), numpy: $p"
    echo "numpy $threads $(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$p")" >>"$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    program, threads, seconds = line.split()
    runs.setdefault((program, threads), []).append(float(seconds))
for (program, threads), times in sorted(runs.items()):
    if program == "numpy":
        continue
    z, n = statistics.median(times), statistics.median(runs[("numpy", threads)])
    print(f"{threads} thread(s), ZOO_ISA={program[4:]}: median zoo {z:.2f} s, numpy {n:.2f} s; "
          f"zoo/numpy time ratio {z / n:.2f} (target <= 0.5)")
PY
