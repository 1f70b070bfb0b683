#!/usr/bin/env python3
"""numpy's side of the dense-kernel benchmark (see scripts/benchmark-linalg.sh).

Runs the same cases as `ZooBenchmarks linalg` and prints lines in the same format:
    linalg <TAB> case <TAB> median seconds <TAB> rate <TAB> unit
Rates count the same useful flops: 2n^3 for GEMM, n^2 k for a Gram matrix (numpy calls syrk),
2mn for GEMV, n^3/3 for Cholesky, 9n^3 (nominal) for eigh; samples per second for sampling.

Usage: benchmark_linalg_numpy.py [--threads N] [--case NAME] [--list] [--cpu-time]
The thread count must be fixed before numpy is imported, through the BLAS environment variables.
"""
import argparse
import os
import sys
import time


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--case", default=None)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--cpu-time", action="store_true", help="report process CPU time instead of wall time")
    return parser.parse_args()


ARGUMENTS = parse_arguments()
if ARGUMENTS.threads:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[variable] = str(ARGUMENTS.threads)

import numpy as np  # noqa: E402  (after the thread variables on purpose)


def random(rows, columns, seed):
    return np.random.default_rng(seed).standard_normal((rows, columns))


def spd(n):
    """A well-conditioned symmetric positive definite matrix: G G^T / n + I."""
    g = random(n, n, 7)
    return g @ g.T / n + np.eye(n)


def cases():
    """(name, work, unit, prepare) with prepare() -> the timed callable."""
    result = []
    for n in (512, 1024, 2048):
        def prepare(n=n):
            a, b = random(n, n, 1), random(n, n, 2)
            return lambda: a @ b
        result.append((f"gemm-{n}", 2.0 * n**3, "GFLOP/s", prepare))
    for rows, columns in ((1000, 10_000), (2000, 20_000)):
        def prepare(rows=rows, columns=columns):
            x = random(rows, columns, 3)
            return lambda: x @ x.T
        result.append((f"gram-{rows}x{columns}", float(rows) ** 2 * columns, "GFLOP/s", prepare))
    rows, columns = 2000, 20_000

    def prepare_gemv():
        x, v = random(rows, columns, 4), random(columns, 1, 5)[:, 0].copy()
        return lambda: x @ v

    def prepare_gemv_transposed():
        x, w = random(rows, columns, 4), random(rows, 1, 6)[:, 0].copy()
        return lambda: x.T @ w

    result.append((f"gemv-{rows}x{columns}", 2.0 * rows * columns, "GFLOP/s", prepare_gemv))
    result.append((f"gemvT-{rows}x{columns}", 2.0 * rows * columns, "GFLOP/s", prepare_gemv_transposed))
    for n in (1000, 2000):
        def prepare(n=n):
            a = spd(n)
            return lambda: np.linalg.cholesky(a)
        result.append((f"cholesky-{n}", n**3 / 3.0, "GFLOP/s", prepare))
    for n in (500, 1000, 2000):
        def prepare(n=n):
            a = spd(n)
            return lambda: np.linalg.eigh(a)
        result.append((f"eigh-{n}", 9.0 * n**3, "GFLOP/s", prepare))

    def prepare_normal():
        generator = np.random.default_rng(0)
        return lambda: generator.standard_normal(10_000_000)

    result.append(("normal-10M", 1e7, "Msamples/s", prepare_normal))

    def prepare_knn():
        # What a numpy user writes for brute-force k-NN: blocks of 2000 queries (its fastest block here), |q|^2 + |r|^2 - 2 q r^T, argpartition,
        # then the k found sorted nearest first (as NearestRows returns them).
        queries, references, k = random(80_000, 10, 8), random(2000, 10, 9), 7
        reference_norms = (references * references).sum(axis=1)

        def run():
            out = np.empty((queries.shape[0], k), dtype=np.int64)
            for start in range(0, queries.shape[0], 2000):
                block = queries[start:start + 2000]
                d2 = (block * block).sum(axis=1)[:, None] + reference_norms[None, :] - 2.0 * (block @ references.T)
                part = np.argpartition(d2, k - 1, axis=1)[:, :k]
                order = np.take_along_axis(d2, part, axis=1).argsort(axis=1)
                out[start:start + 2000] = np.take_along_axis(part, order, axis=1)
            return out
        return run

    result.append(("knn-80000x2000x10-k7", 80_000.0, "Msamples/s", prepare_knn))
    return result


def report(name, work, unit, prepare):
    run = prepare()
    clock = time.process_time if ARGUMENTS.cpu_time else time.perf_counter
    start = clock()
    run()
    warmup = clock() - start
    repetitions = max(3, min(10, int(1.5 / max(warmup, 1e-6))))
    times = []
    for _ in range(repetitions):
        start = clock()
        run()
        times.append(clock() - start)
    times.sort()
    median = times[len(times) // 2]
    scale = 1e9 if unit == "GFLOP/s" else 1e6
    print(f"linalg\t{name}\t{median:.5f}\t{work / median / scale:.2f}\t{unit}", flush=True)


def main():
    all_cases = cases()
    if ARGUMENTS.list:
        for name, *_ in all_cases:
            print(name)
        return
    chosen = [case for case in all_cases if ARGUMENTS.case in (None, case[0])]
    if not chosen:
        sys.exit(f"no case named {ARGUMENTS.case}")
    print(f"# numpy {np.__version__} on {ARGUMENTS.threads or 'default'} thread(s)")
    for case in chosen:
        report(*case)


if __name__ == "__main__":
    main()
