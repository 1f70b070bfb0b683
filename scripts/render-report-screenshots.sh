#!/bin/sh
# Renders the report gallery the way a reader sees it and screenshots every page at two window widths
# (800 and 1300 CSS px) with headless Chromium (Debian's `chromium` package), so every figure kind can
# be looked at before a change to the reports is merged:
#   compare         spiked min-norm vs ridge under exact-l2 and pgd-l2, n = 50 … 400 (risk against n)
#   grid            Examples/ridge-tradeoff-grid.json: 21 estimators × 3 radii × 4 n (faceted sweeps,
#                   trade-off panels, a folded 252-row table)
#   PRESET          each `zoo reproduce PRESET --quick` (claims, ψ₁ figure, nearest-flip bounds)
#   classification  balls, nearest-neighbour and ridge under nearest-flip (error fractions)
#   theory          `zoo theory` alone: predictions and Sanyal's lower bound drawn as a bound
# Each page also gets its terminal table at 80 columns (NAME.txt), the view `zoo` prints in an 80-column
# terminal. Screenshots are NAME-WIDTH.png; pages are cut at HEIGHT px (default 14000).
#
# Usage: scripts/render-report-screenshots.sh [OUTDIR]   (default: screenshots/)
# Needs: swift, chromium. ZOO=path/to/zoo uses an existing binary instead of building the release one.
# Takes about 5 minutes on two cores once the release build exists (the grid is 1260 cells).
set -eu
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
if [ -z "${ZOO:-}" ]; then
    swift build -c release --product zoo
    ZOO=.build/release/zoo
fi
height=${HEIGHT:-14000}
export COLUMNS=80

"$ZOO" compare --data 'spiked(d=2000,k=10,tail=2)' --estimators 'min-norm,ridge(lambda=0.01),ridge(lambda=0.1)' \
    --attacks 'exact-l2(radius=0.1),pgd-l2(radius=0.1)' --n 50,100,200,400 --seeds 3 --test 500 --no-timings --quiet \
    --report "$out/compare.html" > "$out/compare.txt"

rm -f "$out/grid.jsonl" "$out/grid.jsonl.run.json"
"$ZOO" run Examples/ridge-tradeoff-grid.json --out "$out/grid.jsonl" --report "$out/grid.html" --quiet
"$ZOO" report "$out/grid.jsonl" --format table > "$out/grid.txt"

for preset in benign-overfitting ridge-tradeoff ntk sanyal-balls sanyal-breast-cancer hassani-javanmard; do
    "$ZOO" reproduce "$preset" --quick --quiet --report "$out/$preset.html" > "$out/$preset.txt" 2>/dev/null
done

"$ZOO" compare --data 'balls(d=10,centers=100,radius=1,flip=0.1)' \
    --estimators 'nearest-neighbor(k=1),nearest-neighbor(k=7),ridge(lambda=0.1)' \
    --attacks 'nearest-flip(radius=2)' --n 200,500,1000 --seeds 3 --test 500 --no-timings --quiet \
    --report "$out/classification.html" > "$out/classification.txt"

"$ZOO" theory --data 'spiked(d=100000,k=10,tail=2)' --estimators 'min-norm,ridge(lambda=0.001),ridge(lambda=0.01),ridge(lambda=0.1)' \
    --attacks 'exact-l2(radius=0.1)' --n 100,200,400,800,1600 --report "$out/theory.html" > "$out/theory.txt"
"$ZOO" theory --data 'balls(d=10,centers=50,radius=1,flip=0.2)' --estimators 'nearest-neighbor' \
    --attacks 'nearest-flip(radius=2)' --n 50,100,200,400,800 --report "$out/theory-bound.html" > "$out/theory-bound.txt"

absolute=$(cd "$out" && pwd)
for name in compare grid benign-overfitting ridge-tradeoff ntk sanyal-balls sanyal-breast-cancer hassani-javanmard \
            classification theory theory-bound; do
    for width in 800 1300; do
        chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$absolute/$name-$width.png" \
            --window-size="$width,$height" "file://$absolute/$name.html" 2>/dev/null
        echo "$out/$name-$width.png"
    done
done
