#!/usr/bin/env python3
"""ridge-gcv(criterion=loo) against scikit-learn's RidgeCV (its default efficient leave-one-out).

For a few data sets (n > d and n < d, Gaussian and heavy-tailed rows, and the shipped diabetes data)
the script writes the training CSV, fits `zoo fit --estimator 'ridge-gcv(criterion=loo,...)'` and
`ridge-gcv(criterion=gcv,...)`, and fits RidgeCV(alphas = n·grid, fit_intercept=False) (the zoo's
loss is the mean, so scikit-learn's alpha is n·λ; the zoo has no intercept). It prints the λ each
chose (recovered from the weights: the grid λ whose ridge solution they equal) and the largest
weight difference from scikit-learn's. criterion=loo must choose scikit-learn's λ and match its
weights to 1e-8 relative; gcv may differ where the leverages are unequal.

Usage: scripts/ridge_loo_sklearn.py [path/to/zoo]   (default .build/release/zoo; needs numpy, scikit-learn)
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.linear_model import RidgeCV

ZOO = sys.argv[1] if len(sys.argv) > 1 else ".build/release/zoo"
LOW, HIGH, COUNT = 1e-4, 10.0, 25
GRID = [LOW * (HIGH / LOW) ** (j / (COUNT - 1)) for j in range(COUNT)]


def datasets():
    rng = np.random.default_rng(7)
    n, d = 120, 30
    x = rng.standard_normal((n, d))
    yield "gaussian n=120 d=30", x, x @ rng.standard_normal(d) / np.sqrt(d) + 0.5 * rng.standard_normal(n)
    n, d = 60, 150
    x = rng.standard_normal((n, d))
    yield "gaussian n=60 d=150", x, x[:, 0] + 0.5 * rng.standard_normal(n)
    n, d = 100, 20
    x = rng.standard_t(2.5, (n, d)) * rng.exponential(1.0, (n, 1))  # rows of very unequal leverage
    yield "heavy-tailed n=100 d=20", x, x @ rng.standard_normal(d) / np.sqrt(d) + rng.standard_normal(n)
    path = os.path.join(os.path.dirname(__file__), "..", "Examples", "data", "diabetes.csv")
    if os.path.exists(path):
        data = np.loadtxt(path, delimiter=",", skiprows=1)
        yield "diabetes (shipped)", data[:, :-1], data[:, -1]


def zoo_weights(x, y, criterion, directory):
    train = os.path.join(directory, "train.csv")
    weights = os.path.join(directory, "weights.csv")
    np.savetxt(train, np.column_stack([x, y]), delimiter=",", fmt="%.17g")
    spec = f"ridge-gcv(criterion={criterion},lambda-min={LOW},lambda-max={HIGH},count={COUNT})"
    subprocess.run([ZOO, "fit", "--estimator", spec, "--train", train, "--weights", weights], check=True,
                   capture_output=True)
    return np.loadtxt(weights, skiprows=1)


def ridge(x, y, lam):
    n, d = x.shape
    return np.linalg.solve(x.T @ x + n * lam * np.eye(d), x.T @ y)


def chosen(x, y, w):
    errors = [np.max(np.abs(ridge(x, y, lam) - w)) for lam in GRID]
    return GRID[int(np.argmin(errors))]


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as directory:
        for name, x, y in datasets():
            n = x.shape[0]
            sk = RidgeCV(alphas=[n * lam for lam in GRID], fit_intercept=False).fit(x, y)
            sk_lambda = sk.alpha_ / n
            loo = zoo_weights(x, y, "loo", directory)
            gcv = zoo_weights(x, y, "gcv", directory)
            difference = np.max(np.abs(loo - sk.coef_)) / max(np.max(np.abs(sk.coef_)), 1e-300)
            ok = np.isclose(chosen(x, y, loo), sk_lambda) and difference < 1e-8
            failures += not ok
            print(f"{name:26s} sklearn λ = {sk_lambda:.4g}  loo λ = {chosen(x, y, loo):.4g} (max rel. weight diff {difference:.1e})"
                  f"  gcv λ = {chosen(x, y, gcv):.4g}  {'ok' if ok else 'MISMATCH'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
