#!/usr/bin/env python3
"""adversarial-linear against cvxpy + Clarabel on the same data, interleaved in one run.

    θ̂ = argmin (1/n) Σᵢ (|yᵢ − θᵀxᵢ| + r‖θ‖_q)²,   q = 2 (norm=l2) or 1 (norm=linf)

Data: the `spiked` design of docs/conventions.md §2 with tail = 3 (k = 10 directions of variance 1, the
other d − k sharing variance 3, θ* = 1/√k on the spike, noise σ = 0.5), n = 400, d = 4000, drawn here
with numpy and written to one CSV that both solvers read. With tail = 3 the ℓ₂ interpolation threshold
is r̄ ≈ 0.025, so r = 0.05 exercises the solver (with the default tail = 10, r̄ ≈ 0.05 and the ℓ₂ fit is
often exactly min-norm). Each round fits every norm with zoo (a release build of
`ZooBenchmarks adversarial`, timing the fit only, to a certified 1e-6 relative optimality gap) and then
with cvxpy/Clarabel (wall time of `problem.solve`, Clarabel's default tolerances, 1e-8), and checks the two
objectives agree to 1e-6 relative, evaluating F at cvxpy's θ with numpy.

Run:  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/benchmark_adversarial_cvxpy.py [--rounds 3]
Needs `pip install cvxpy clarabel threadpoolctl` (this script only; never the package or its tests).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def spiked(n, d, seed, k=10, spike=1.0, tail=10.0, noise=0.5):
    rng = np.random.default_rng(seed)
    scale = np.r_[np.full(k, np.sqrt(spike)), np.full(d - k, np.sqrt(tail / (d - k)))]
    x = rng.standard_normal((n, d)) * scale
    truth = np.zeros(d)
    truth[:k] = 1 / np.sqrt(k)
    return x, x @ truth + noise * rng.standard_normal(n)


def objective(x, y, theta, radius, norm):
    penalty = np.linalg.norm(theta, 2 if norm == "l2" else 1)
    return float(np.mean((np.abs(y - x @ theta) + radius * penalty) ** 2))


def solve_cvxpy(x, y, radius, norm):
    import cvxpy as cp
    theta = cp.Variable(x.shape[1])
    penalty = cp.norm(theta, 2 if norm == "l2" else 1)
    problem = cp.Problem(cp.Minimize(cp.sum(cp.square(cp.abs(y - x @ theta) + radius * penalty)) / x.shape[0]))
    start = time.perf_counter()
    problem.solve(solver=cp.CLARABEL)
    seconds = time.perf_counter() - start
    return seconds, objective(x, y, theta.value, radius, norm), problem.solver_stats.num_iters


def solve_zoo(binary, path, radius, norm):
    output = subprocess.run([binary, "adversarial", "--train", path, "--radius", str(radius), "--norm", norm, "--rounds", "1"],
                            check=True, capture_output=True, text=True).stdout
    row = json.loads(output.strip().splitlines()[-1])
    return row["seconds"], row["objective"], row["gap"], row["newton_steps"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--d", type=int, default=4000)
    parser.add_argument("--radius", type=float, default=0.05)
    parser.add_argument("--tail", type=float, default=3.0)
    parser.add_argument("--norms", default="l2,linf")
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "ZooBenchmarks"))
    args = parser.parse_args()

    from threadpoolctl import threadpool_info
    import cvxpy
    import clarabel
    for pool in threadpool_info():
        print(f"numpy BLAS: {pool.get('internal_api')} {pool.get('version')} kernel {pool.get('architecture')} threads {pool.get('num_threads')}")
    print(f"cvxpy {cvxpy.__version__}, clarabel {clarabel.__version__}")

    x, y = spiked(args.n, args.d, seed=0, tail=args.tail)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        np.savetxt(handle, np.c_[x, y], delimiter=",", fmt="%.17g")
        path = handle.name
    print(f"spiked data n={args.n} d={args.d} tail={args.tail} radius={args.radius}, written to {path}")

    times = {norm: {"zoo": [], "cvxpy": []} for norm in args.norms.split(",")}
    worst = 0.0
    for round_index in range(args.rounds):
        for norm in times:
            zoo_seconds, zoo_objective, gap, steps = solve_zoo(args.binary, path, args.radius, norm)
            cvx_seconds, cvx_objective, iterations = solve_cvxpy(x, y, args.radius, norm)
            difference = (zoo_objective - cvx_objective) / cvx_objective
            worst = max(worst, abs(difference))
            times[norm]["zoo"].append(zoo_seconds)
            times[norm]["cvxpy"].append(cvx_seconds)
            print(f"round {round_index + 1} {norm:4s}: zoo {zoo_seconds:7.3f} s (gap {gap:.1e}, {steps} Newton steps)  "
                  f"cvxpy/Clarabel {cvx_seconds:7.2f} s ({iterations} iterations)  ratio {cvx_seconds / zoo_seconds:6.1f}x  "
                  f"objective zoo {zoo_objective:.12g} cvxpy {cvx_objective:.12g} (relative difference {difference:+.1e})", flush=True)
    for norm, entry in times.items():
        zoo, cvx = statistics.median(entry["zoo"]), statistics.median(entry["cvxpy"])
        print(f"median {norm:4s}: zoo {zoo:.3f} s, cvxpy/Clarabel {cvx:.2f} s, cvxpy/zoo {cvx / zoo:.1f}x")
    print(f"largest relative objective difference {worst:.1e}")
    os.unlink(path)
    return 0 if worst <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
