#!/usr/bin/env python3
"""Loads the rows of a zoo run into pandas and draws a figure from them (docs/reading-results.md).

Usage: python3 scripts/pandas_example.py RESULTS.jsonl [OUT.png]
       e.g. after  zoo run Examples/ridge-grid.json --out grid.jsonl

Every line of RESULTS.jsonl is one result (the run header is in RESULTS.jsonl.run.json), and every
component parameter is a column of its own with numbers as numbers (estimator.lambda, attack.radius,
data.d, ...), so nothing is parsed by hand. The figure: ridge's mean adversarial risk against λ, one
line per n, one panel per attack radius (and data dimension, when it varies). Also works on
`zoo compare --format csv` output read with pandas.read_csv (pass a .csv file).
Needs: pandas, matplotlib.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

path = sys.argv[1] if len(sys.argv) > 1 else "results.jsonl"
out = sys.argv[2] if len(sys.argv) > 2 else "adversarial-risk-against-lambda.png"

rows = pd.read_csv(path) if path.endswith(".csv") else pd.read_json(path, lines=True)
print(f"{len(rows)} rows, {len(rows.columns)} columns; parameter columns:",
      ", ".join(c for c in rows.columns if "." in c))
try:  # the run that wrote them (zoo run and zoo compare --out write it beside the rows)
    with open(path + ".run.json") as sidecar:
        print("run header:", json.load(sidecar)["zoo_run"]["data"])
except FileNotFoundError:
    pass

ridge = rows[rows["estimator.name"] == "ridge"]
panels = ["attack.radius"] + (["data.d"] if rows["data.d"].nunique() > 1 else [])
means = (ridge.groupby(panels + ["n", "estimator.lambda"], as_index=False)
         .agg(risk=("adversarial_risk", "mean"), exact=("adversarial_risk_exact", "mean")))

groups = list(means.groupby(panels))
fig, axes = plt.subplots(1, len(groups), figsize=(4 * len(groups), 3.4), sharey=True, squeeze=False)
for ax, (key, part) in zip(axes[0], groups):
    for n, line in part.groupby("n"):
        drawn = ax.plot(line["estimator.lambda"], line["risk"], "o", label=f"n = {n}")
        ax.plot(line["estimator.lambda"], line["exact"], "-", color=drawn[0].get_color(), linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("λ")
    ax.set_title(", ".join(f"{name} = {value:g}" for name, value in zip(panels, key)), fontsize=9)
axes[0][0].set_ylabel("adversarial risk")
fig.suptitle("ridge: mean over seeds (markers: test sample; lines: exact population value)", fontsize=10)
axes[0][-1].legend(fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=110)
print("wrote", out)
