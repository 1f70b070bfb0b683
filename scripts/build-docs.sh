#!/usr/bin/env bash
# Builds the API documentation of the library products a plugin author uses with the toolchain's own
# `docc` (no package dependency): ZooCore with its DocC catalog (Sources/ZooCore/ZooCore.docc: writing
# an estimator, an attack, a data model; capabilities; conventions), ZooConformance, ZooCLI and ZooStudies
# (the presets, their claims and the theory annotator; Sources/ZooStudies/ZooStudies.docc).
# Symbol graphs come from `swift package dump-symbol-graph` (the debug build, reused when present).
# Fails, listing them, if docc reports any warning or error. Run by .ci/run.
#
# Usage: scripts/build-docs.sh [OUTPUT_DIR]   (default .build/docs; open OUTPUT_DIR/ZooCore.doccarchive
# with `docc preview`, or pass --transform-for-static-hosting yourself to publish it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
output="${1:-$root/.build/docs}"
modules=(ZooCore ZooConformance ZooCLI ZooStudies)

# MARK: - The toolchain's docc
docc="$(command -v docc || true)"
if [[ -z "$docc" ]]; then
    candidate="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
    [[ -x "$candidate" ]] && docc="$candidate"
fi
[[ -n "$docc" ]] || { echo "error: build-docs: no docc next to swift ($(command -v swift)) or on PATH; install a Swift toolchain that ships docc" >&2; exit 1; }

# MARK: - Symbol graphs
work="$(mktemp -d "${TMPDIR:-/tmp}/zoo-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
swift package dump-symbol-graph --minimum-access-level public > "$work/dump.log" 2>&1 \
    || { tail -40 "$work/dump.log" >&2; echo "error: build-docs: swift package dump-symbol-graph failed (above)" >&2; exit 1; }
graphs="$(sed -n 's/^Files written to //p' "$work/dump.log" | tail -1)"
[[ -d "$graphs" ]] || graphs="$(find "$root/.build" -type d -name symbolgraph -print -quit)"
[[ -d "$graphs" ]] || { cat "$work/dump.log" >&2; echo "error: build-docs: no symbol graph directory found" >&2; exit 1; }

# MARK: - One archive per module, warnings counted
mkdir -p "$output"
warnings=0
for module in "${modules[@]}"; do
    mkdir -p "$work/$module"
    cp "$graphs/$module.symbols.json" "$work/$module/" \
        || { echo "error: build-docs: no symbol graph for $module in $graphs" >&2; exit 1; }
    # The module's extensions of other modules' types, if any.
    find "$graphs" -name "$module@*.symbols.json" -exec cp {} "$work/$module/" \;
    catalog=()
    [[ -d "Sources/$module/$module.docc" ]] && catalog=("Sources/$module/$module.docc")
    log="$work/$module.log"
    "$docc" convert "${catalog[@]}" --additional-symbol-graph-dir "$work/$module" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.estimatorzoo.$module" \
        --output-path "$output/$module.doccarchive" --analyze > "$log" 2>&1 \
        || { cat "$log" >&2; echo "error: build-docs: docc convert failed for $module (above)" >&2; exit 1; }
    count="$(grep -cE '(^|: )(warning|error):' "$log" || true)"
    if [[ "$count" -gt 0 ]]; then
        grep -E -A3 '(^|: )(warning|error):' "$log" >&2
        echo "error: build-docs: $module: $count docc warnings or errors (above); fix the doc comments or articles" >&2
    fi
    warnings=$((warnings + count))
    echo "build-docs: $module: $count warnings -> $output/$module.doccarchive"
done
[[ "$warnings" -eq 0 ]] || exit 1
