#!/usr/bin/env python3
"""numpy's side of the network benchmark (see scripts/benchmark-networks.sh and `ZooBenchmarks networks`).

The same mathematics as `two-layer(width=4096,steps=200)` and `pgd-l2(radius=0.5,steps=20)`, written as a
competent numpy user would (whole-matrix products, no Python loop over points):
- two-layer: n = 2000 points uniform on the sphere of radius sqrt(d), d = 100; g(x) = m^-1/2 a.relu(W x),
  W ~ N(0, I), a = +-1; targets shifted by the initial network (centring); the step eta = lr / (1.02 *
  lambda_max(J J^T / n)) from 8 power iterations on the initial tangent kernel; 200 full-batch gradient
  steps on (1/2n)||t - g(X)||^2 training both layers.
- pgd-l2: 500 test points, 20 steps of length 2.5 r / 20, projection onto the l2 ball, the worst iterate
  kept per point; the fitted network is f - f0 as one network of 2m units.
Prints `networks <case> seconds=<median>` lines and the BLAS kernel threadpoolctl reports.
- pgd-ntk: pgd-l2(radius=0.5,steps=20) on ntk (both layers, lambda = 0) fitted on n = 2000 points on the
  sphere in d = 500, 500 test points, the closed-form input gradient.
Usage: benchmark_networks_numpy.py [--case two-layer|pgd-l2|pgd-ntk] [--repeats R] [--steps S]
"""
import argparse
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--case", default=None)
parser.add_argument("--repeats", type=int, default=1)
parser.add_argument("--steps", type=int, default=200)
ARGS = parser.parse_args()

N, D, WIDTH, TEST = 2000, 100, 4096, 500


def sphere(rows, rng, beta):
    x = rng.standard_normal((rows, D))
    x *= np.sqrt(D) / np.linalg.norm(x, axis=1, keepdims=True)
    return x, x @ beta + 0.5 * rng.standard_normal(rows)


def fit(x, y, rng, steps=200, lr=1.5):
    n = x.shape[0]
    w = rng.standard_normal((WIDTH, D))
    a = np.where(rng.random(WIDTH) < 0.5, -1.0, 1.0)
    w0, a0 = w.copy(), a.copy()
    s = 1 / np.sqrt(WIDTH)
    z = x @ w.T
    h = np.maximum(z, 0)
    mask = z > 0
    t = y + s * (h @ a)
    # curvature: power iteration on J J^T from the constant vector
    v = np.full(n, 1 / np.sqrt(n))
    for it in range(8):
        gw = s * ((mask * np.outer(v, a)).T @ x)
        ga = s * (h.T @ v)
        lam = (gw * gw).sum() + ga @ ga
        if it < 7:
            image = s * (h @ ga + (mask * (x @ gw.T)) @ a)
            v = image / np.linalg.norm(image)
    eta = lr / (1.02 * lam / n)
    for _ in range(steps):
        z = x @ w.T
        h = np.maximum(z, 0)
        r = (s * (h @ a) - t) / n
        ga = s * (h.T @ r)
        gw = s * (((z > 0) * np.outer(r, a)).T @ x)
        w -= eta * gw
        a -= eta * ga
    loss = 0.5 * np.mean((s * (np.maximum(x @ w.T, 0) @ a) - t) ** 2)
    units = np.vstack([w, w0])
    c = np.concatenate([s * a, -s * a0])
    return units, c, loss


def predict(units, c, x):
    return np.maximum(x @ units.T, 0) @ c


def pgd_l2_fused(units, c, x, target, radius=0.5, steps=20):
    """One product X_delta @ units.T per step serves the loss of the iterate and its gradient."""
    step = 2.5 * radius / steps
    delta = np.zeros_like(x)
    best = np.zeros_like(x)
    z = x @ units.T
    pred = np.maximum(z, 0) @ c
    best_loss = (pred - target) ** 2
    for k in range(steps):
        grad = ((z > 0) * c) @ units
        g = 2 * (pred - target)[:, None] * grad
        norms = np.linalg.norm(g, axis=1, keepdims=True)
        delta = delta + step * np.divide(g, norms, out=np.zeros_like(g), where=norms > 0)
        lengths = np.linalg.norm(delta, axis=1, keepdims=True)
        delta *= np.minimum(1, radius / np.maximum(lengths, 1e-300))
        z = (x + delta) @ units.T
        pred = np.maximum(z, 0) @ c
        loss = (pred - target) ** 2
        better = loss > best_loss
        best[better] = delta[better]
        best_loss = np.where(better, loss, best_loss)
    return best, best_loss


def ntk_fit(x, y, lam=0.0):
    """Kernel regression with the two-layer ReLU NTK (both layers): alpha = (K + n lam I)^-1 y."""
    norms = np.linalg.norm(x, axis=1)
    k = ntk_kernel(x, norms, x, norms)
    k[np.diag_indices_from(k)] += x.shape[0] * lam
    return np.linalg.solve(k, y), norms


def ntk_kernel(a, an, b, bn):
    c = np.clip((a @ b.T) / np.outer(an, bn), -1, 1)
    return np.outer(an, bn) * (2 * c * (np.pi - np.arccos(c)) + np.sqrt(1 - c * c)) / (2 * np.pi)


def ntk_value_and_gradient(xt, train, train_norms, alpha):
    """f(x) = sum_i alpha_i |x||x_i| kappa(c_i), kappa(c) = (2c(pi - arccos c) + sqrt(1 - c^2)) / 2pi, and its
    gradient kappa |x_i| x/|x| + kappa'(c)(x_i - c |x_i| x/|x|), kappa'(c) = (2(pi - arccos c) + c/sqrt(1 - c^2)) / 2pi."""
    u = np.linalg.norm(xt, axis=1)
    c = np.clip((xt @ train.T) / np.outer(u, train_norms), -1, 1)
    s = np.sqrt(np.maximum(1 - c * c, 1e-300))
    phi = np.arccos(c)
    kappa = (2 * c * (np.pi - phi) + s) / (2 * np.pi)
    dkappa = (2 * (np.pi - phi) + c / s) / (2 * np.pi)
    weighted = alpha * train_norms
    f = u * (kappa @ weighted)
    b = dkappa * alpha
    a = ((kappa - dkappa * c) @ weighted) / u
    return f, a[:, None] * xt + b @ train


def pgd_l2_ntk(train, train_norms, alpha, x, target, radius=0.5, steps=20):
    step = 2.5 * radius / steps
    delta = np.zeros_like(x)
    best = np.zeros_like(x)
    pred, grad = ntk_value_and_gradient(x, train, train_norms, alpha)
    best_loss = (pred - target) ** 2
    for k in range(steps):
        g = 2 * (pred - target)[:, None] * grad
        norms = np.linalg.norm(g, axis=1, keepdims=True)
        delta = delta + step * np.divide(g, norms, out=np.zeros_like(g), where=norms > 0)
        lengths = np.linalg.norm(delta, axis=1, keepdims=True)
        delta *= np.minimum(1, radius / np.maximum(lengths, 1e-300))
        pred, grad = ntk_value_and_gradient(x + delta, train, train_norms, alpha)
        loss = (pred - target) ** 2
        better = loss > best_loss
        best[better] = delta[better]
        best_loss = np.where(better, loss, best_loss)
    return best, best_loss


def median_time(body):
    times = []
    for _ in range(max(1, ARGS.repeats)):
        start, cpu = time.perf_counter(), time.process_time()
        body()
        times.append(time.perf_counter() - start)
        print(f"  (wall {times[-1]:.3f} s, cpu {time.process_time() - cpu:.3f} s)")
    return sorted(times)[len(times) // 2]


def main():
    try:
        from threadpoolctl import threadpool_info
        info = threadpool_info()
        print("numpy BLAS:", ", ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in info))
    except ImportError:
        print("numpy BLAS: threadpoolctl not installed")
    rng = np.random.default_rng(0)
    beta = rng.standard_normal(D)
    beta /= np.linalg.norm(beta)
    x, y = sphere(N, rng, beta)
    result = {}
    if ARGS.case in (None, "two-layer"):
        seconds = median_time(lambda: result.update(model=fit(x, y, np.random.default_rng(1), steps=ARGS.steps)))
        print(f"networks two-layer seconds={seconds:.3f} final_train_loss={result['model'][2]:.6g}")
    if ARGS.case in (None, "pgd-l2"):
        units, c, _ = result.get("model") or fit(x, y, np.random.default_rng(1))
        xt, _ = sphere(TEST, rng, beta)
        clean = xt @ beta
        out = {}
        seconds = median_time(lambda: out.update(r=pgd_l2_fused(units, c, xt, clean)))
        print(f"networks pgd-l2 seconds={seconds:.3f} adversarial_risk={out['r'][1].mean():.6g}")

    if ARGS.case == "pgd-ntk":
        d = 500
        b = rng.standard_normal(d)
        b /= np.linalg.norm(b)
        def sphere_d(rows):
            z = rng.standard_normal((rows, d))
            z *= np.sqrt(d) / np.linalg.norm(z, axis=1, keepdims=True)
            return z
        xn = sphere_d(2000)
        yn = xn @ b + 0.5 * rng.standard_normal(2000)
        alpha, norms = ntk_fit(xn, yn)
        xt = sphere_d(500)
        clean = xt @ b
        out = {}
        seconds = median_time(lambda: out.update(r=pgd_l2_ntk(xn, norms, alpha, xt, clean)))
        print(f"networks pgd-ntk seconds={seconds:.3f} adversarial_risk={out['r'][1].mean():.6g}")


main()
