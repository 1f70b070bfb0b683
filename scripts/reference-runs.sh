#!/usr/bin/env bash
# The reference runs: every kind of output zoo writes (rows in each format, tables, reports, theory
# curves, head-to-head tables, fit and attack files), for one zoo binary, into one directory. Run it
# with the binary before a change and after it, then compare: `diff -r BEFORE AFTER` must print
# nothing for a change that promises byte-identical results (a refactoring).
# Usage: scripts/reference-runs.sh ZOO_BINARY OUT_DIR
# Runs from the repository root; timing columns are off or left out, so the outputs are deterministic.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 ZOO_BINARY OUT_DIR" >&2; exit 2; }
zoo="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export ZOO_THREADS=2
# Runs one zoo command; its standard output, standard error and exit status go to NAME.{out,err,rc}.
run() {
  local name="$1"
  shift
  set +e
  "$zoo" "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
  set -e
  # Progress lines and wall-clock notes differ run to run.
  sed -i -E '/peak memory|elapsed|seconds\)|[0-9]+(\.[0-9]+)? s$/d' "$out/$name.err"
}

# MARK: compare in every format, with a report and head to head
run compare-table compare --no-timings
run compare-jsonl compare --no-timings --format jsonl --quiet
run compare-csv compare --no-timings --format csv --quiet
run compare-h2h compare --no-timings --head-to-head --quiet
run compare-baseline compare --no-timings --baseline ridge --adjust bonferroni --quiet
run compare-report compare --no-timings --quiet --out "$out/compare.jsonl" --report "$out/compare.html"
run compare-columns compare --no-timings --quiet --columns standard_risk,adversarial_risk
run compare-classify compare --no-timings --data "csv(path=builtin:breast-cancer,task=classification)" \
  --estimators "min-norm,ridge(lambda=0.1)" --attacks "exact-l2(radius=0.5),pgd-l2(radius=0.5)" \
  --n 30,100 --seeds 2 --target label --quiet
run compare-neighbors compare --no-timings --data "balls(d=10)" --estimators nearest-neighbor --attacks "nearest-flip(radius=0.1)" \
  --n 50,100 --seeds 2 --target label --quiet
run compare-certify compare --no-timings --data "isotropic(d=20)" --estimators "ntk,two-layer(width=32,steps=50)" \
  --attacks "pgd-l2(radius=0.1,steps=10)" --n 20,40 --seeds 2 --test 50 --certify --quiet

# MARK: experiment files (grids) and their reports
for example in Examples/*.json; do
  name="run-$(basename "$example" .json)"
  run "$name" run "$example" --no-timings --out "$out/$name.jsonl" --quiet
  run "$name-report" report "$out/$name.jsonl" --out "$out/$name.html"
  run "$name-table" report "$out/$name.jsonl" --format table
  run "$name-csv" report "$out/$name.jsonl" --format csv
  run "$name-h2h" report "$out/$name.jsonl" --head-to-head --format table
done

# MARK: every preset (quick), with its report
for preset in benign-overfitting ridge-tradeoff ntk sanyal-balls hassani-javanmard sanyal-breast-cancer \
  sanyal-fashion-mnist; do
  run "reproduce-$preset" reproduce "$preset" --quick --quiet --out "$out/reproduce-$preset.jsonl" \
    --report "$out/reproduce-$preset.html"
  run "reproduce-$preset-table" reproduce "$preset" --quick --quiet
done

# MARK: theory curves
theory=(--data "spiked(d=2000)" --estimators "min-norm,ridge(lambda=0.1),ridge-gcv" --attacks "exact-l2(radius=0.1)" --n 50,100,200)
run theory-table theory "${theory[@]}"
run theory-csv theory "${theory[@]}" --format csv
run theory-jsonl theory "${theory[@]}" --format jsonl
run theory-rf theory --data "isotropic(d=50)" --estimators "adversarial-rf(mode=surrogate,features=100)" \
  --attacks "exact-l2(radius=0.1)" --n 50,100

# MARK: fit and attack on CSV files
run fit fit --estimator ridge --train Examples/data/diabetes.csv --test Examples/data/diabetes.csv \
  --predictions "$out/predictions.csv" --weights "$out/weights.csv"
run attack attack --estimator ridge --attack "exact-l2(radius=0.1)" --train Examples/data/diabetes.csv \
  --test Examples/data/diabetes.csv --out "$out/attack.csv"
run attack-stdout attack --estimator min-norm --attack "fgsm(radius=0.05)" --train Examples/data/diabetes.csv \
  --test Examples/data/diabetes.csv

# MARK: listings
run list list
run list-json list --json
run describe describe ridge
# `zoo reproduce` always times its fits: its timing fields are set to null here.
sed -i -E 's/"(fit|attack|certify)_seconds":[-0-9.e]+/"\1_seconds":null/g' "$out"/reproduce-*.jsonl
# Paths of this run's directory are not part of the result.
grep -rl "$out" "$out" | xargs -r sed -i "s#$out#OUT#g"
echo "reference outputs in $out ($(ls "$out" | wc -l) files)"
