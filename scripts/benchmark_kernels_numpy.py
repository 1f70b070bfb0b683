#!/usr/bin/env python3
"""numpy's side of the kernel benchmark (see scripts/benchmark-kernels.sh).

The same cases as `ZooBenchmarks kernels`, written the way a competent numpy user would: one BLAS
product for every inner-product matrix, the closed forms as whole-array expressions, Cholesky
(scipy.linalg.cho_factor / cho_solve) for the symmetric positive definite systems.

- ntk-fit-predict: two-layer ReLU NTK (both layers, lambda=0) on n = 2000 points uniform on the sphere
  of radius sqrt(d) in d = 500; fit (K = XX^T, closed form, Cholesky, solve) and predict at 2000 points.
- ntk-gradient: 20 analytic input gradients of that model at 500 points.
- random-features-fit-predict: N = 4000 centred-ReLU features of x ~ N(0, I_500), n = 2000: draw W,
  features, minimum-norm theta = Phi^T (Phi Phi^T)^{-1} y, predict at 2000 points.

Prints `kernels <TAB> case <TAB> median seconds <TAB> min <TAB> max` and, first, the BLAS that ran
(threadpoolctl). Usage: benchmark_kernels_numpy.py [--threads N] [--case NAME] [--list] [--repetitions R]
Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so OpenBLAS picks its best kernel.
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
    parser.add_argument("--repetitions", type=int, default=5)
    return parser.parse_args()


ARGUMENTS = parse_arguments()
if ARGUMENTS.threads:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[variable] = str(ARGUMENTS.threads)

import numpy as np  # noqa: E402  (after the thread variables on purpose)
from scipy.linalg import cho_factor, cho_solve  # noqa: E402

TWO_PI = 2 * np.pi
CENTRING = 1 / np.sqrt(2 * np.pi)


def sphere(n, d, rng):
    x = rng.standard_normal((n, d))
    x *= np.sqrt(d) / np.linalg.norm(x, axis=1, keepdims=True)
    return x


def ntk_from_inner(u, norms_a, norms_b):
    """K1 + K2 = [2u(pi - phi) + |x||x'| sin phi] / (2 pi) from the inner products u."""
    r = np.outer(norms_a, norms_b)
    c = np.clip(u / r, -1.0, 1.0)
    return (2 * u * (np.pi - np.arccos(c)) + r * np.sqrt(1 - c * c)) / TWO_PI


def ntk_fit(x, y):
    norms = np.linalg.norm(x, axis=1)
    k = ntk_from_inner(x @ x.T, norms, norms)
    return norms, cho_solve(cho_factor(k, lower=True), y)


def ntk_predict(x, norms, alpha, points):
    return ntk_from_inner(points @ x.T, np.linalg.norm(points, axis=1), norms) @ alpha


def ntk_gradient(x, norms, alpha, points):
    """grad f(x_i) = sum_j alpha_j (A_ij x_j + B_ij x_i), A and B from the closed form."""
    point_norms = np.linalg.norm(points, axis=1)
    c = np.clip((points @ x.T) / np.outer(point_norms, norms), -1.0, 1.0)
    s = np.sqrt(1 - c * c)
    t = np.where(s > 1e-6, 1 / np.maximum(s, 1e-6), 0.0)
    a = (2 * (np.pi - np.arccos(c)) + c * t) / TWO_PI
    b = (s - c * c * t) / TWO_PI * (norms[None, :] / point_norms[:, None])
    return (a * alpha) @ x + (b @ alpha)[:, None] * points


def random_features_fit(x, y, features, rng):
    w = rng.standard_normal((features, x.shape[1]))
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    phi = np.maximum(x @ w.T, 0) - CENTRING
    theta = phi.T @ cho_solve(cho_factor(phi @ phi.T, lower=True), y)
    return w, theta


def random_features_predict(w, theta, points):
    return (np.maximum(points @ w.T, 0) - CENTRING) @ theta


def cases():
    """(name, prepare) with prepare() -> the timed callable."""
    def ntk_case():
        rng = np.random.default_rng(0)
        x, points = sphere(2000, 500, rng), sphere(2000, 500, rng)
        y = x[:, 0] + 0.5 * rng.standard_normal(2000)

        def run():
            norms, alpha = ntk_fit(x, y)
            assert np.isfinite(ntk_predict(x, norms, alpha, points)).all()
        return run

    def gradient_case():
        rng = np.random.default_rng(0)
        x, points = sphere(2000, 500, rng), sphere(500, 500, rng)
        y = x[:, 0] + 0.5 * rng.standard_normal(2000)
        norms, alpha = ntk_fit(x, y)

        def run():
            for _ in range(20):
                assert np.isfinite(ntk_gradient(x, norms, alpha, points)).all()
        return run

    def random_features_case():
        rng = np.random.default_rng(0)
        x, points = rng.standard_normal((2000, 500)), rng.standard_normal((2000, 500))
        y = x[:, 0] + 0.5 * rng.standard_normal(2000)

        def run():
            w, theta = random_features_fit(x, y, 4000, np.random.default_rng(1))
            assert np.isfinite(random_features_predict(w, theta, points)).all()
        return run

    return [("ntk-fit-predict", ntk_case), ("ntk-gradient", gradient_case),
            ("random-features-fit-predict", random_features_case)]


def main():
    chosen = [(name, prepare) for name, prepare in cases() if ARGUMENTS.case in (None, name)]
    if ARGUMENTS.list:
        for name, _ in chosen:
            print(name)
        return
    if not chosen:
        print(f"kernels: no case named {ARGUMENTS.case}")
        sys.exit(2)
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            print(f"# numpy {np.__version__}: {pool.get('internal_api')} {pool.get('version')} "
                  f"kernel {pool.get('architecture')} threads {pool.get('num_threads')}")
    except ImportError:
        print("# threadpoolctl not installed: BLAS kernel unknown")
    for name, prepare in chosen:
        run = prepare()
        run()
        times = []
        for _ in range(max(1, ARGUMENTS.repetitions)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"kernels\t{name}\t{times[len(times) // 2]:.4f}\t{times[0]:.4f}\t{times[-1]:.4f}")


if __name__ == "__main__":
    main()
