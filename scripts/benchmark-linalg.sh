#!/usr/bin/env bash
# Dense-kernel release benchmark: ZooLinalg against numpy (OpenBLAS), on the same thread counts.
#
# Usage: scripts/benchmark-linalg.sh [--threads "1 2"] [--isa "auto avx2"] [--rounds R] [--cpu-time] [case ...]
#   --threads LIST  thread counts to measure, both programs (default "1 2")
#   --isa LIST      ZOO_ISA values for ZooLinalg (default "auto": the best this CPU has; "auto avx2"
#                   also measures the AVX2 fallback)
#   --rounds R      run each case R times per program, alternating (default 1); the table keeps the
#                   median over rounds of each program's own median
#   --cpu-time      compare process CPU time instead of wall time (steadier on a busy host; use with
#                   --threads 1, since OpenBLAS threads spin while waiting)
#   case ...        restrict to these cases (see `ZooBenchmarks linalg --list`)
# Environment: ZOO_BENCHMARKS_BINARY=path uses that binary instead of building the package.
#
# numpy runs on its best kernel: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for it (this
# environment sets them, which pins OpenBLAS to its Haswell kernels even on AVX-512 CPUs), and the
# kernel it picked is printed (threadpoolctl; `pip install threadpoolctl` if it is missing).
# The programs are interleaved case by case (zoo, numpy, zoo, numpy, ...) in one session so that
# drift of the shared host affects both alike. Prints zoo time, numpy time, and the throughput ratio
# zoo/numpy (above 1: ZooLinalg is faster). Needs python3 with numpy.
set -euo pipefail

cd "$(dirname "$0")/.."
thread_counts="1 2"
isas="auto"
rounds=1
cases=()
timing=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) thread_counts="$2"; shift 2 ;;
        --isa) isas="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --cpu-time) timing=(--cpu-time); shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
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
numpy=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$numpy_script")
if [[ ${#cases[@]} -eq 0 ]]; then
    mapfile -t cases < <("$zoo" linalg --list)
fi

results="$(mktemp)"
headers="$(mktemp)"
trap 'rm -f "$results" "$headers"' EXIT
for threads in $thread_counts; do "${numpy[@]}" --threads "$threads" --info >>"$headers"; done
for ((round = 1; round <= rounds; round++)); do
    for name in "${cases[@]}"; do
        for threads in $thread_counts; do
            for isa in $isas; do
                echo "round $round: $name, $threads thread(s), ZOO_ISA=$isa" >&2
                ZOO_ISA="$isa" "$zoo" linalg --threads "$threads" ${timing[@]+"${timing[@]}"} --case "$name" >"$results.run"
                grep '^#' "$results.run" >>"$headers" || true
                grep '^linalg' "$results.run" | sed "s/^/zoo-$isa\t$threads\t/" >>"$results"
            done
            "${numpy[@]}" --threads "$threads" ${timing[@]+"${timing[@]}"} --case "$name" | grep '^linalg' | sed "s/^/numpy\t$threads\t/" >>"$results"
        done
    done
done
rm -f "$results.run"
sort -u "$headers"

python3 - "$results" "${timing[*]-}" <<'PYTHON'
import statistics
import sys

path, timing = sys.argv[1], sys.argv[2]
times, rates, units, order, programs = {}, {}, {}, [], []
for line in open(path):
    program, threads, _, name, seconds, rate, unit = line.rstrip("\n").split("\t")
    if (threads, name) not in order:
        order.append((threads, name))
    if program != "numpy" and program not in programs:
        programs.append(program)
    units[name] = unit
    times.setdefault((program, threads, name), []).append(float(seconds))
    rates.setdefault((program, threads, name), []).append(float(rate))

clock = "CPU time" if timing else "wall time"
print(f"ZooLinalg vs numpy, {clock}, medians; ratio = numpy time / zoo time (throughput ratio, above 1: zoo faster)")
print(f"{'case':<20} {'thr':>3} {'ZOO_ISA':<8} {'zoo s':>9} {'numpy s':>9} {'zoo rate':>9} {'numpy rate':>10} {'unit':<10} {'ratio':>6}")
for threads, name in order:
    numpy = times.get(("numpy", threads, name))
    for program in programs:
        zoo = times.get((program, threads, name))
        if not zoo:
            continue
        z, n = statistics.median(zoo), statistics.median(numpy) if numpy else None
        zoo_rate = statistics.median(rates[(program, threads, name)])
        numpy_rate = f"{statistics.median(rates[('numpy', threads, name)]):10.2f}" if numpy else f"{'-':>10}"
        numpy_text = f"{n:9.4f}" if n else f"{'-':>9}"
        ratio = f"{n / z:6.2f}" if n else f"{'-':>6}"
        print(f"{name:<20} {threads:>3} {program[4:]:<8} {z:9.4f} {numpy_text} {zoo_rate:9.2f} {numpy_rate} {units[name]:<10} {ratio}")
PYTHON
