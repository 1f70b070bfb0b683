#!/usr/bin/env bash
# Symmetric eigendecomposition with vectors: ZooLinalg's SymmetricEigen against numpy.linalg.eigh
# (LAPACK syevd on OpenBLAS), on 1 and on 2 threads, interleaved, several rounds.
#
# Usage: scripts/benchmark-eigh.sh [--rounds R] [--threads "1 2"] [--cpu-time] [n ...]   (n in 500 1000 2000)
#   --cpu-time  process CPU time instead of wall time (steadier on a busy host; meaningful on 1 thread,
#               since OpenBLAS threads spin while waiting)
# Environment: ZOO_BENCHMARKS_BINARY=path uses that binary instead of building the package.
#
# numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its best kernel for
# this CPU (the kernel is printed, from threadpoolctl). Each invocation reports its own median over
# repetitions; the table keeps the median over rounds. Ratio = numpy time / zoo time (above 1: zoo
# is faster).
set -euo pipefail

cd "$(dirname "$0")/.."
rounds=3
threads_list="1 2"
sizes=()
timing=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --threads) threads_list="$2"; shift 2 ;;
        --cpu-time) timing=(--cpu-time); shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(500 1000 2000)

if [[ -n "${ZOO_BENCHMARKS_BINARY:-}" ]]; then
    zoo="$ZOO_BENCHMARKS_BINARY"
else
    swift build -c release --product ZooBenchmarks >&2
    zoo="$(swift build -c release --show-bin-path)/ZooBenchmarks"
fi
numpy=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3)
"${numpy[@]}" -c 'import numpy, threadpoolctl
for info in threadpoolctl.threadpool_info():
    print("# numpy", numpy.__version__ + ":", info.get("internal_api"), info.get("version"), "kernel", info.get("architecture"))'
grep -m1 'model name' /proc/cpuinfo | sed 's/^.*: /# CPU: /' || true

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= rounds; round++)); do
    for threads in $threads_list; do
        for n in "${sizes[@]}"; do
            echo "round $round: eigh-$n on $threads thread(s)" >&2
            "$zoo" linalg --threads "$threads" ${timing[@]+"${timing[@]}"} --case "eigh-$n" | grep '^linalg' | sed "s/^/zoo\t$threads\t/" >>"$results"
            "${numpy[@]}" scripts/benchmark_linalg_numpy.py --threads "$threads" ${timing[@]+"${timing[@]}"} --case "eigh-$n" | grep '^linalg' \
                | sed "s/^/numpy\t$threads\t/" >>"$results"
        done
    done
done

python3 - "$results" "$rounds" "${timing[*]-}" <<'PYTHON'
import statistics
import sys

times = {}
for line in open(sys.argv[1]):
    program, threads, _, name, seconds, _, _ = line.rstrip("\n").split("\t")
    times.setdefault((program, threads, name), []).append(float(seconds))
clock = "CPU time" if sys.argv[3] else "wall time"
print(f"eigh with vectors, {clock}, median of {sys.argv[2]} interleaved rounds; ratio = numpy time / zoo time")
print(f"{'case':<12} {'threads':>7} {'zoo s':>9} {'numpy s':>9} {'ratio':>6}   zoo rounds / numpy rounds")
for (program, threads, name) in sorted({key for key in times if key[0] == "zoo"}, key=lambda k: (k[1], int(k[2].split("-")[1]))):
    zoo, numpy = times[("zoo", threads, name)], times.get(("numpy", threads, name), [])
    ratio = statistics.median(numpy) / statistics.median(zoo) if numpy else float("nan")
    rounds = " ".join(f"{t:.3f}" for t in zoo) + " / " + " ".join(f"{t:.3f}" for t in numpy)
    print(f"{name:<12} {threads:>7} {statistics.median(zoo):9.4f} {statistics.median(numpy) if numpy else float('nan'):9.4f} {ratio:6.2f}   {rounds}")
PYTHON
