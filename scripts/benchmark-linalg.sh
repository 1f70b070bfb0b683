#!/usr/bin/env bash
# Dense-kernel release benchmark: ZooLinalg against numpy (OpenBLAS), both on the same thread count.
#
# Usage: scripts/benchmark-linalg.sh [--threads N] [--rounds R] [--cpu-time] [case ...]
#   --threads N  threads for both programs (default 2)
#   --rounds R   run each case R times per program, alternating (default 1); the table keeps the
#                median over rounds of each program's own median
#   --cpu-time   compare process CPU time instead of wall time (steadier on a busy host; use with
#                --threads 1, since OpenBLAS threads spin while waiting)
#   case ...     restrict to these cases (see `ZooBenchmarks linalg --list`)
# Environment: ZOO_BENCHMARKS_BINARY=path uses that binary instead of building the package.
#
# The two programs are interleaved case by case (zoo, numpy, zoo, numpy, ...) in one session so that
# drift of the shared host affects both alike. Prints zoo time, numpy time, and the throughput ratio
# zoo/numpy (above 1: ZooLinalg is faster). Needs python3 with numpy.
set -euo pipefail

cd "$(dirname "$0")/.."
threads=2
rounds=1
cases=()
timing=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --cpu-time) timing=(--cpu-time); shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) cases+=("$1"); shift ;;
    esac
done

# ZOO_BENCHMARKS_BINARY: use an already built ZooBenchmarks instead of building the package.
if [[ -n "${ZOO_BENCHMARKS_BINARY:-}" ]]; then
    zoo="$ZOO_BENCHMARKS_BINARY"
else
    swift build -c release --product ZooBenchmarks >&2
    zoo="$(swift build -c release --show-bin-path)/ZooBenchmarks"
fi
numpy_script="scripts/benchmark_linalg_numpy.py"
if [[ ${#cases[@]} -eq 0 ]]; then
    mapfile -t cases < <("$zoo" linalg --list)
fi

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= rounds; round++)); do
    for name in "${cases[@]}"; do
        echo "round $round: $name" >&2
        "$zoo" linalg --threads "$threads" ${timing[@]+"${timing[@]}"} --case "$name" | grep '^linalg' | sed 's/^/zoo\t/' >>"$results"
        python3 "$numpy_script" --threads "$threads" ${timing[@]+"${timing[@]}"} --case "$name" | grep '^linalg' | sed 's/^/numpy\t/' >>"$results"
    done
done

python3 - "$results" "$threads" "${timing[*]-}" <<'PYTHON'
import statistics
import sys

path, threads, timing = sys.argv[1], sys.argv[2], sys.argv[3]
times = {}
rates = {}
order = []
units = {}
for line in open(path):
    program, _, name, seconds, rate, unit = line.rstrip("\n").split("\t")
    if name not in units:
        order.append(name)
    units[name] = unit
    times.setdefault((program, name), []).append(float(seconds))
    rates.setdefault((program, name), []).append(float(rate))

clock = "CPU time" if timing else "wall time"
print(f"ZooLinalg vs numpy, {threads} thread(s), {clock}; ratio = numpy time / zoo time (throughput ratio)")
print(f"{'case':<20} {'zoo s':>10} {'numpy s':>10} {'zoo rate':>9} {'numpy rate':>10} {'unit':<10} {'ratio':>7}")
for name in order:
    zoo = times.get(("zoo", name))
    numpy = times.get(("numpy", name))
    zoo_text = f"{statistics.median(zoo):10.4f}" if zoo else f"{'-':>10}"
    numpy_text = f"{statistics.median(numpy):10.4f}" if numpy else f"{'-':>10}"
    ratio = f"{statistics.median(numpy) / statistics.median(zoo):7.2f}" if zoo and numpy else f"{'-':>7}"
    zoo_rate = f"{statistics.median(rates[('zoo', name)]):9.2f}" if zoo else f"{'-':>9}"
    numpy_rate = f"{statistics.median(rates[('numpy', name)]):10.2f}" if numpy else f"{'-':>10}"
    print(f"{name:<20} {zoo_text} {numpy_text} {zoo_rate} {numpy_rate} {units[name]:<10} {ratio}")
PYTHON
