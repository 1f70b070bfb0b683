#!/bin/sh
# Renders three HTML reports the way a reader sees them: builds the release binary, writes the reports
# of (a) a compare (spiked min-norm vs ridge under exact-l2 and pgd-l2), (b) a ridge λ sweep (the
# trade-off curve) and (c) a classification run (balls, nearest-neighbor, nearest-flip), and screenshots
# each with headless Chromium (Debian's `chromium` package) at laptop width.
#
# Usage: scripts/render-report-screenshots.sh [OUTDIR]   (default: screenshots/)
# Needs: swift, chromium. Takes about a minute on two cores once the release build exists.
set -eu
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
swift build -c release --product zoo
zoo=.build/release/zoo
width=${WIDTH:-1300}
height=${HEIGHT:-2600}

# pgd-l2 is registered once the gradient attacks are in; fall back to exact-l2 alone before that.
attacks='exact-l2(radius=0.1)'
if "$zoo" list --kind attack | grep -q '^ *pgd-l2'; then attacks='exact-l2(radius=0.1),pgd-l2(radius=0.1)'; fi

"$zoo" compare --data 'spiked(d=2000,k=10,tail=2)' --estimators 'min-norm,ridge(lambda=0.01),ridge(lambda=0.1)' \
    --attacks "$attacks" --n 50,100,200,400 --seeds 3 --test 500 --no-timings \
    --report "$out/compare.html" > "$out/compare.txt"

"$zoo" compare --data 'spiked(d=2000,k=10,tail=2)' \
    --estimators 'min-norm,ridge(lambda=0.0001),ridge(lambda=0.0003),ridge(lambda=0.001),ridge(lambda=0.003),ridge(lambda=0.01),ridge(lambda=0.03),ridge(lambda=0.1),ridge(lambda=0.3),ridge(lambda=1),ridge(lambda=3),ridge(lambda=10)' \
    --attacks 'exact-l2(radius=0.1)' --n 200 --seeds 3 --test 500 --no-timings \
    --report "$out/lambda-sweep.html" > "$out/lambda-sweep.txt"

"$zoo" compare --data 'balls(d=10,centers=100,radius=1,flip=0.1)' \
    --estimators 'nearest-neighbor(k=1),nearest-neighbor(k=7),ridge(lambda=0.1)' \
    --attacks 'nearest-flip(radius=2)' --n 200,500,1000 --seeds 3 --test 500 --no-timings \
    --report "$out/classification.html" > "$out/classification.txt"

absolute=$(cd "$out" && pwd)
for name in compare lambda-sweep classification; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$out/$name.png" \
        --window-size="$width,$height" "file://$absolute/$name.html" 2>/dev/null
    echo "$out/$name.png"
done
