#!/usr/bin/env bash
# Streamed-design benchmark: the Gram matrix XXᵀ of an n×d Gaussian design that is never stored
# (ZooLinalg's StreamedGaussianDesign) against the in-memory Gram matrix of an n×D2 matrix, both ours
# (SYRK) and numpy's (x @ x.T, which OpenBLAS runs as SYRK), as flop rates (n²·columns).
#
# Usage: scripts/benchmark-streaming.sh [--n N] [--d D] [--stored-d D2]
#   defaults n = 4000, d = 1000000 (X would take 32 GB), D2 = 20000 (640 MB, held by both programs)
# Environment: ZOO_BENCHMARKS_BINARY=path uses that binary instead of building the package.
#
# numpy runs on its best kernel (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset) and prints it
# (threadpoolctl). Prints our instruction set, both rates, the streamed ÷ stored ratio (the target is
# a streamed time within 1.3× of the stored flop rate, i.e. a ratio ≥ 0.77), one streaming pass X·v,
# and the peak resident memory. The default streamed Gram is 1.6·10¹³ flops: minutes, run once.
set -euo pipefail

cd "$(dirname "$0")/.."
n=4000 d=1000000 stored=20000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --n) n="$2"; shift 2 ;;
        --d) d="$2"; shift 2 ;;
        --stored-d) stored="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
if [[ -n "${ZOO_BENCHMARKS_BINARY:-}" ]]; then
    zoo="$ZOO_BENCHMARKS_BINARY"
else
    swift build -c release --product ZooBenchmarks >&2
    zoo="$(swift build -c release --show-bin-path)/ZooBenchmarks"
fi

numpy=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3)
"${numpy[@]}" scripts/benchmark_linalg_numpy.py --info  # numpy's version and the kernel OpenBLAS picked
"${numpy[@]}" - "$n" "$stored" <<'PY'
import sys, time
import numpy as np
n, columns = int(sys.argv[1]), int(sys.argv[2])
x = np.random.default_rng(1).standard_normal((n, columns))
x @ x.T
times = []
for _ in range(3):
    start = time.perf_counter(); x @ x.T; times.append(time.perf_counter() - start)
t = sorted(times)[1]
print(f"numpy-stored-gram-{n}x{columns}\t{t:.3f} s\t{n * n * columns / t / 1e9:.1f} GFLOP/s")
PY
"$zoo" streaming --n "$n" --d "$d" --stored-d "$stored"
