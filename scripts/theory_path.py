"""The ridge/min-norm deterministic-equivalent λ path in numpy, for comparison with
`swift run -c release ZooBenchmarks theory`: the same fixed point λ* − λ = (λ*/n)·tr Σ(Σ + λ*I)⁻¹
solved by the same monotone Newton iteration from the right end of its bracket, vectorised over
Σ's diagonal (no grouping of equal eigenvalues), then s², ‖θ̂‖² and the ℓ₂ adversarial risk
(clean target) at radius 0.3. Prints medians of 5 runs and a checksum to compare.

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/theory_path.py
"""
import time
import numpy as np


def path(sigma, theta2, n, lambdas, noise=0.5, radius=0.3):
    total = 0.0
    trace = sigma.sum()
    for lam in lambdas:
        lo, hi = lam, lam + trace / n
        kappa = hi
        for _ in range(200):
            shrink = sigma / (sigma + kappa)
            df1, df2 = shrink.sum(), (shrink * shrink).sum()
            g = kappa - lam - kappa * df1 / n
            if g <= 0:
                lo = kappa
            else:
                hi = kappa
            slope = 1 - df2 / n
            nxt = kappa - g / slope if slope > 0 else float("nan")
            if not (lo < nxt < hi):
                nxt = 0.5 * (lo + hi)
            if abs(nxt - kappa) <= 1e-14 * kappa or hi - lo <= 1e-14 * hi:
                kappa = nxt
                break
            kappa = nxt
        inv = 1 / (sigma + kappa)
        shrink = sigma * inv
        df2 = (shrink * shrink).sum()
        bias = kappa * kappa * (theta2 * sigma * inv * inv).sum()
        tau2 = (bias + noise * noise) / (n - df2)
        s2 = bias + tau2 * df2
        norm2 = (theta2 * shrink * shrink).sum() + tau2 * (shrink * inv).sum()
        s, w = np.sqrt(s2), np.sqrt(norm2)
        total += s2 + 2 * np.sqrt(2 / np.pi) * radius * w * s + radius * radius * norm2
    return total


def main():
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            print(f"numpy {np.__version__}: {pool.get('internal_api')} {pool.get('version')} {pool.get('architecture')} threads={pool.get('num_threads')}")
    except ImportError:
        print(f"numpy {np.__version__} (pip install threadpoolctl to print its BLAS kernel)")
    d, n = 10**6, 400
    lambdas = [0.0] + list(10.0 ** (-6 + 8 * np.arange(29) / 28))
    spiked = np.full(d, 9999.9 / (d - 10)); spiked[:10] = 1.0
    spiked_theta2 = np.zeros(d); spiked_theta2[:10] = 0.1
    power = np.arange(1, d + 1, dtype=float) ** -1.0
    power_theta2 = np.zeros(d); power_theta2[0] = 1.0
    for name, sigma, theta2 in [("spiked", spiked, spiked_theta2), ("power-law", power, power_theta2)]:
        times, checksum = [], 0.0
        for _ in range(5):
            start = time.perf_counter()
            checksum = path(sigma, theta2, n, lambdas)
            times.append(time.perf_counter() - start)
        print(f"numpy λ-path {name:9s} d=1e6 n=400, 30 λ: {sorted(times)[2]:.4f} s  (checksum {checksum:.6g})")


if __name__ == "__main__":
    main()
