#!/usr/bin/env bash
# Regenerates the component table of docs/components.md from the catalogue: kind, name and module from
# registry.json, the definition from each component type's `documentation` (what `zoo describe` prints).
# The table lies between two marker lines; `swift test` fails while the committed table is stale.
# Usage: scripts/generate-component-docs.sh   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GOLDEN_FILES=1 swift test --filter ComponentTableTests
git diff --stat -- docs/components.md || true
