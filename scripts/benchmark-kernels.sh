#!/usr/bin/env bash
# Kernel-estimator release benchmark: `ntk` and `random-features` against the same maths in numpy.
#
# Usage: scripts/benchmark-kernels.sh [--threads N] [--rounds R] [--repetitions K] [case ...]
#   --threads N      threads for both programs (default 2)
#   --rounds R       alternate zoo and numpy R times per case (default 5); the table keeps the median
#                    over rounds of each program's own median, and the range of the per-round ratios
#   --repetitions K  timed repetitions inside each program run (default 3)
#   case ...         restrict to these cases (see `ZooBenchmarks kernels --list`)
# Environment: ZOO_BENCHMARKS_BINARY=path uses that binary instead of building the package.
#
# numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its best kernel for
# this CPU; the script prints which one ran (threadpoolctl). Ratio = zoo time / numpy time (below 1:
# EstimatorZoo is faster). Needs python3 with numpy and scipy.
set -euo pipefail

cd "$(dirname "$0")/.."
threads=2
rounds=5
repetitions=3
cases=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --repetitions) repetitions="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) cases+=("$1"); shift ;;
    esac
done

if [[ -n "${ZOO_BENCHMARKS_BINARY:-}" ]]; then
    zoo="$ZOO_BENCHMARKS_BINARY"
else
    swift build -c release --product ZooBenchmarks >&2
    zoo="$(swift build -c release --show-bin-path)/ZooBenchmarks"
fi
numpy=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/benchmark_kernels_numpy.py)
if [[ ${#cases[@]} -eq 0 ]]; then
    mapfile -t cases < <("$zoo" kernels --list)
fi

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= rounds; round++)); do
    for name in "${cases[@]}"; do
        echo "round $round: $name" >&2
        output="$("$zoo" kernels --threads "$threads" --repetitions "$repetitions" --case "$name")"
        if [[ $round -eq 1 ]]; then grep '^# [a-z]' <<<"$output" >&2 || true; fi
        grep '^kernels' <<<"$output" | sed "s/^/zoo\t$round\t/" >>"$results"
        output="$("${numpy[@]}" --threads "$threads" --repetitions "$repetitions" --case "$name")"
        if [[ $round -eq 1 ]]; then grep '^#' <<<"$output" | sort -u >&2 || true; fi
        grep '^kernels' <<<"$output" | sed "s/^/numpy\t$round\t/" >>"$results"
    done
done

python3 - "$results" "$threads" "$rounds" <<'PYTHON'
import statistics
import sys

path, threads, rounds = sys.argv[1], sys.argv[2], sys.argv[3]
times, order = {}, []
for line in open(path):
    program, round_, _, name, median, _low, _high = line.rstrip("\n").split("\t")
    if name not in order:
        order.append(name)
    times.setdefault((program, name), {})[round_] = float(median)

print(f"EstimatorZoo vs numpy, {threads} thread(s), {rounds} interleaved rounds; ratio = zoo time / numpy time")
print(f"{'case':<30} {'zoo s':>8} {'numpy s':>8} {'ratio':>6}  {'per-round ratios':<24}")
for name in order:
    zoo, numpy = times.get(("zoo", name), {}), times.get(("numpy", name), {})
    paired = sorted(zoo[r] / numpy[r] for r in zoo if r in numpy)
    if not paired:
        continue
    zoo_median, numpy_median = statistics.median(zoo.values()), statistics.median(numpy.values())
    print(f"{name:<30} {zoo_median:8.3f} {numpy_median:8.3f} {zoo_median / numpy_median:6.2f}  "
          f"{paired[0]:.2f}–{paired[-1]:.2f} (median {statistics.median(paired):.2f})")
PYTHON
