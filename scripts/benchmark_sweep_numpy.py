#!/usr/bin/env python3
"""The reference sweep of the linear-zoo issue, written the way a competent numpy user would.

spiked data (d = 10000, k = 10 spiked eigenvalues 1, tail level 0.01 per coordinate, signal 1,
noise 0.5), n in {100, 200, 400, 800, 1600}, 10 seeds, min-norm plus ridge at 20 lambda in
logspace(-4, 1), the exact l2 attack of radius 0.1, 1000 test points per seed shared across n,
test-sample standard and adversarial risks and exact population risks (target `clean`).

One eigendecomposition of the Gram matrix X X^T per dataset serves every lambda; all lambda's
weights come from one matrix product and their test predictions from another.

Usage: OPENBLAS_NUM_THREADS=2 python3 scripts/benchmark_sweep_numpy.py [--quick]
Prints the wall time and peak memory (max RSS) as `numpy-sweep seconds=... peak_mib=...`.
"""
import resource
import sys
import time

import numpy as np


def sweep(d=10000, k=10, tail_level=0.01, ns=(100, 200, 400, 800, 1600), seeds=10, test=1000,
          lambdas=np.logspace(-4, 1, 20), radius=0.1, noise=0.5):
    sigma_diag = np.full(d, tail_level)
    sigma_diag[:k] = 1.0
    scale = np.sqrt(sigma_diag)
    theta_star = np.zeros(d)
    theta_star[:k] = 1.0 / np.sqrt(k)
    shifts_all = np.concatenate([[0.0], lambdas])  # min-norm is lambda = 0
    rows = 0
    c = np.sqrt(2 / np.pi)
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        x_test = rng.standard_normal((test, d)) * scale
        signal_test = x_test @ theta_star
        for n in ns:
            x = rng.standard_normal((n, d)) * scale
            y = x @ theta_star + noise * rng.standard_normal(n)
            gram = x @ x.T
            evals, evecs = np.linalg.eigh(gram)
            uty = evecs.T @ y
            cutoff = evals.max() * max(n, d) * np.finfo(float).eps
            inv = np.where(evals[:, None] > cutoff, 1.0 / (evals[:, None] + n * shifts_all[None, :]), 0.0)
            inv[:, 1:] = 1.0 / (evals[:, None] + n * lambdas[None, :])
            alphas = evecs @ (inv * uty[:, None])        # n x L
            thetas = x.T @ alphas                          # d x L
            train_mse = np.mean((x @ thetas - y[:, None]) ** 2, axis=0)
            pred = x_test @ thetas                         # test x L
            residual = pred - signal_test[:, None]
            norms = np.linalg.norm(thetas, axis=0)
            standard = np.mean(residual ** 2, axis=0)
            adversarial = np.mean((np.abs(residual) + radius * norms[None, :]) ** 2, axis=0)
            err = thetas - theta_star[:, None]
            s2 = np.sum(sigma_diag[:, None] * err ** 2, axis=0)
            exact_std = s2
            exact_adv = s2 + 2 * c * radius * norms * np.sqrt(s2) + radius ** 2 * norms ** 2
            rows += len(shifts_all)
            assert np.all(np.isfinite(adversarial)) and np.all(np.isfinite(exact_adv)) and np.all(np.isfinite(train_mse))
            assert np.all(np.isfinite(standard)) and np.all(np.isfinite(exact_std))
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    start = time.perf_counter()
    rows = sweep(ns=(100, 200, 400) if quick else (100, 200, 400, 800, 1600), seeds=2 if quick else 10)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"numpy-sweep seconds={seconds:.3f} peak_mib={peak:.0f} rows={rows}")
