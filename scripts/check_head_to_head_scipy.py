#!/usr/bin/env python3
"""Checks zoo's head-to-head statistics against scipy.stats on synthetic result rows.

Writes synthetic rows (JSON Lines) covering: continuous differences (exact Wilcoxon), ties and exact
zero differences, a pair with one seed, a missing partner (a row of B removed), more than 50 seeds
(Wilcoxon's normal approximation, with ties) and three estimators (Holm and Bonferroni families).
Runs `zoo report ROWS --head-to-head --format jsonl --adjust holm|bonferroni|none` and compares every
row to an independent computation:

  interval   mean ± scipy.stats.t.ppf(1 − α/2, k − 1)·s/√k, α = 0.05 (none) or 0.05/m
             (also: the t statistic of scipy.stats.ttest_rel on the same pairs)
  sign test  scipy.stats.binomtest(wins, wins + losses, 0.5).pvalue
  Wilcoxon   no ties: scipy.stats.wilcoxon(d, method="exact"); ties (≤ 50): scipy.stats.permutation_test
             over all 2^m sign flips of the non-zero differences with the W⁺ statistic (zeros dropped);
             > 50: scipy.stats.wilcoxon(d, method="approx", correction=False)
  Holm       written out here (step-down), Bonferroni min(1, m·p)

Usage: python3 scripts/check_head_to_head_scipy.py [path/to/zoo]   (default: .build/debug/zoo)
Prints the largest discrepancies and exits 1 if any exceeds the tolerance. scipy is needed only here.
"""
import json, math, os, subprocess, sys, tempfile, warnings
import numpy as np
from scipy import stats

ZOO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "zoo")
DATA, ATTACK = "synthetic(d=5)", "exact-l2(radius=0.1)"
TOLERANCE = 1e-9  # relative, on intervals and p-values

warnings.filterwarnings("ignore", message="Precision loss")  # ttest_rel on identical pairs (a sanity check only)
rng = np.random.default_rng(20261205)
rows = []

def add(estimator, n, seeds, standard, adversarial):
    for seed, s, a in zip(seeds, standard, adversarial):
        rows.append({"data": DATA, "estimator": estimator, "attack": ATTACK, "target": "clean", "n": n, "d": 5,
                     "seed": int(seed), "standard_risk": float(s), "adversarial_risk": float(a),
                     "train_mse": 0.0, "max_perturbation": 0.1, "diagnostics": {}})

# n=10: three estimators, 12 seeds, continuous values; C shares most of its noise with A.
seeds = range(12)
base = rng.normal(1.0, 0.2, 12)
add("A", 10, seeds, base + rng.normal(0, 0.05, 12), base * 1.5 + rng.normal(0, 0.05, 12))
add("B", 10, seeds, base + 0.04 + rng.normal(0, 0.05, 12), base * 1.5 + 0.02 + rng.normal(0, 0.05, 12))
add("C", 10, seeds, base + 0.01 + rng.normal(0, 0.01, 12), base * 1.5 + rng.normal(0, 0.2, 12))
# n=20: values on a 0.01 grid (classification-like): ties among |d| and exact zero differences;
# B lacks seed 7 (a missing partner).
grid = lambda x: np.round(np.asarray(x) * 64) / 64  # multiples of 1/64: exact differences, real ties
v = rng.uniform(0.1, 0.3, 15)
add("A", 20, range(15), grid(v), grid(v + 3 / 64))
add("B", 20, [s for s in range(15) if s != 7], [x for s, x in zip(range(15), grid(v + rng.choice([-2, 0, 1, 1, 2, 3], 15) / 64)) if s != 7],
    [x for s, x in zip(range(15), grid(v + 0.05 + rng.choice([-1, 0, 1], 15) / 64)) if s != 7])
add("C", 20, range(15), grid(v + rng.choice([0, 0, 1], 15) / 64), grid(v + 4 / 64))
# n=30: one seed.
add("A", 30, [0], [0.5], [0.9])
add("B", 30, [0], [0.6], [0.8])
add("C", 30, [0], [0.6], [0.9])
# n=40: 60 seeds, some ties (normal approximation).
w = rng.normal(0.5, 0.1, 60)
add("A", 40, range(60), w + rng.normal(0, 0.02, 60), grid(w + rng.normal(0, 0.05, 60)))
add("B", 40, range(60), w + 0.005 + rng.normal(0, 0.02, 60), grid(w + 0.01 + rng.normal(0, 0.05, 60)))
add("C", 40, range(60), w + rng.normal(0, 0.02, 60), grid(w + rng.normal(0, 0.05, 60)))

def w_plus(d):
    d = np.asarray(d, float)
    ranks = stats.rankdata(np.abs(d))
    return ranks[d > 0].sum()

def wilcoxon_reference(d):
    d = np.asarray([x for x in d if x != 0])
    m = len(d)
    if m == 0:
        return None, None
    ties = len(np.unique(np.abs(d))) < m
    if m > 50:
        return stats.wilcoxon(d, method="approx", correction=False, zero_method="wilcox").pvalue, "normal"
    if not ties:
        return stats.wilcoxon(d, method="exact").pvalue, "exact"
    ranks = stats.rankdata(np.abs(d))  # fixed under sign flips
    result = stats.permutation_test((d,), lambda x, axis=-1: np.sum(np.where(x > 0, ranks, 0.0), axis=axis),
                                    permutation_type="samples", n_resamples=np.inf, alternative="two-sided",
                                    vectorized=True)
    return result.pvalue, "exact"

def holm(ps):
    present = [i for i, p in enumerate(ps) if p is not None]
    m = len(present)
    out = list(ps)
    running = 0.0
    for rank, i in enumerate(sorted(present, key=lambda i: (ps[i], present.index(i)))):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out

def reference(adjust):
    """The expected head-to-head rows, keyed by (n, metric, A, B)."""
    expected = {}
    by = {}
    for r in rows:
        by.setdefault((r["n"], r["estimator"]), {})[r["seed"]] = r
    for n in sorted({r["n"] for r in rows}):
        for metric in ["standard_risk", "adversarial_risk"]:
            family = []
            for a, b in [("A", "B"), ("A", "C"), ("B", "C")]:
                ra, rb = by[(n, a)], by[(n, b)]
                shared = sorted(set(ra) & set(rb))
                x = np.array([ra[s][metric] for s in shared]); y = np.array([rb[s][metric] for s in shared])
                d = x - y
                e = {"paired_seeds": len(shared), "only_a": len(set(ra) - set(rb)), "only_b": len(set(rb) - set(ra)),
                     "mean_difference": float(d.mean()), "wins_a": int((d < 0).sum()), "wins_b": int((d > 0).sum()),
                     "ties": int((d == 0).sum())}
                nz = e["wins_a"] + e["wins_b"]
                e["p_sign"] = stats.binomtest(e["wins_a"], nz, 0.5).pvalue if nz > 0 else None
                e["p_wilcoxon"], e["wilcoxon_method"] = wilcoxon_reference(d)
                e["_d"], e["_x"], e["_y"] = d, x, y
                family.append(((n, metric, a, b), e))
            m = sum(1 for _, e in family if e["paired_seeds"] >= 2)
            alpha = 0.05 if adjust == "none" else 0.05 / max(m, 1)
            for key, e in family:
                k = e["paired_seeds"]
                if k >= 2:
                    d = e["_d"]
                    half = stats.t.ppf(1 - alpha / 2, k - 1) * d.std(ddof=1) / math.sqrt(k)
                    # ttest_rel's statistic is mean / (s/√k): the interval's centre over its scale.
                    t = stats.ttest_rel(e["_x"], e["_y"]).statistic
                    if np.isfinite(t) and d.std(ddof=1) > 0:
                        assert abs(t - d.mean() / (d.std(ddof=1) / math.sqrt(k))) <= 1e-9 * max(1, abs(t))
                    e["ci_lower"], e["ci_upper"] = e["mean_difference"] - half, e["mean_difference"] + half
                else:
                    e["ci_lower"] = e["ci_upper"] = None
                e["confidence"] = 1 - alpha
                e["family_size"] = m
            for name in ["p_sign", "p_wilcoxon"]:
                ps = [e[name] for _, e in family]
                adjusted = ps if adjust == "none" else holm(ps) if adjust == "holm" else [None if p is None else min(1, len([q for q in ps if q is not None]) * p) for p in ps]
                for (key, e), p in zip(family, adjusted):
                    e[name + "_adjusted"] = p
            for key, e in family:
                expected[key] = e
    return expected

def relative(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    return abs(a - b) / max(abs(b), 1e-300) if b != 0 else abs(a)

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "rows.jsonl")
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    worst = {}
    failures = 0
    checked = 0
    for adjust in ["none", "holm", "bonferroni"]:
        out = subprocess.run([ZOO, "report", path, "--head-to-head", "--format", "jsonl", "--adjust", adjust],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"zoo failed: {out.stderr}")
        expected = reference(adjust)
        got = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
        assert len(got) == len(expected), (len(got), len(expected))
        for g in got:
            e = expected[(g["n"], g["metric"], g["estimator_a"], g["estimator_b"])]
            for name in ["paired_seeds", "only_a", "only_b", "wins_a", "wins_b", "ties", "family_size", "wilcoxon_method"]:
                if g[name] != e[name]:
                    failures += 1
                    print(f"MISMATCH {adjust} n={g['n']} {g['metric']} {g['estimator_a']}-{g['estimator_b']} {name}: zoo {g[name]} scipy {e[name]}")
            for name in ["mean_difference", "ci_lower", "ci_upper", "confidence", "p_sign", "p_wilcoxon", "p_sign_adjusted", "p_wilcoxon_adjusted"]:
                r = relative(g[name], e[name])
                checked += 1
                if r > worst.get(name, (-1,))[0]:
                    worst[name] = (r, adjust, g["n"], g["metric"], g["estimator_a"] + "-" + g["estimator_b"], g[name], e[name])
                if r > TOLERANCE:
                    failures += 1
                    print(f"MISMATCH {adjust} n={g['n']} {g['metric']} {g['estimator_a']}-{g['estimator_b']} {name}: zoo {g[name]} scipy {e[name]} (relative {r:.2e})")
    print(f"{checked} values compared over {len(rows)} synthetic rows (adjust none, holm, bonferroni)")
    for name, (r, adjust, n, metric, pair, g, e) in worst.items():
        print(f"  {name:22s} largest relative difference {r:.1e}  ({adjust}, n={n}, {metric}, {pair}: zoo {g}, scipy {e})")
    cases = reference("none")
    print("cases: n=10 continuous (exact Wilcoxon); n=20 ties and zeros, B misses seed 7; n=30 one seed; n=40 60 seeds (normal approximation)")
    kinds = {}
    for key, e in cases.items():
        nz = [x for x in e["_d"] if x != 0]
        kind = ("no test (all tied)" if not nz else "normal approximation" if len(nz) > 50
                else "exact, tied |d| (permutation reference)" if len(set(map(abs, nz))) < len(nz) else "exact, no ties")
        kinds[kind] = kinds.get(kind, 0) + 1
    print("  Wilcoxon references: " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))
    print(f"  comparisons with zero differences (ties): {sum(1 for e in cases.values() if e['ties'] > 0)}; "
          f"with a missing partner: {sum(1 for e in cases.values() if e['only_a'] or e['only_b'])}; "
          f"with one paired seed: {sum(1 for e in cases.values() if e['paired_seeds'] == 1)}")
    sys.exit(1 if failures else 0)
