#!/usr/bin/env bash
# Builds the plugin-package template (Examples/plugin-package) against EstimatorZoo as a *versioned*
# dependency, as a researcher's own package would: the working tree is committed into a temporary
# repository, tagged, and the template's dependency is pointed at it by a file:// URL with `from:`.
# Then checks that the template's conformance tests pass, that `my-zoo list` shows built-in and plugin
# components, that `my-zoo compare` runs them beside ridge, and that the dependency's SIMD kernels
# were compiled with their flags (FMA instructions in the AVX2 kernel object, zmm registers in the
# AVX-512 one).
# No network: the only dependency is the local tag. Run by .ci/run after `swift test`.
#
# Usage: scripts/test-plugin-template.sh [WORK_DIR]   (default: a fresh temporary directory, removed on success)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="0.1.0"
work="${1:-}"
if [[ -z "$work" ]]; then work="$(mktemp -d "${TMPDIR:-/tmp}/zoo-plugin-test.XXXXXX")"; remove_work=1; else remove_work=0; fi
mkdir -p "$work"
start=$SECONDS

fail() {
    echo "error: plugin template test: $*" >&2
    echo "error: plugin template test: files kept in $work for inspection" >&2
    exit 1
}
step() { echo "plugin template test: $* ($((SECONDS - start)) s)"; }

# MARK: - A tagged copy of the repository
zoo="$work/EstimatorZoo"
rm -rf "$zoo" "$work/MyZoo"
mkdir -p "$zoo"
step "copying the working tree to $zoo and tagging it $version"
# Tracked and untracked-but-not-ignored files, symbolic links kept.
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$zoo" \
    || fail "could not copy the working tree of $root"
(
    cd "$zoo"
    git init -q
    git add -A
    git -c user.name=ci -c user.email=ci@localhost commit -qm "EstimatorZoo for the plugin template test"
    git tag "$version"
) || fail "could not commit and tag the copy in $zoo"

# MARK: - The template, pointed at the tag
template="$work/MyZoo"
cp -R "$root/Examples/plugin-package" "$template"
rm -rf "$template/.build" "$template/Package.resolved"
placeholder='.package(url: "https://example.com/EstimatorZoo.git", from: "0.1.0")'
grep -qF "$placeholder" "$template/Package.swift" \
    || fail "Examples/plugin-package/Package.swift no longer has the line $placeholder, which this test rewrites"
sed -i.orig "s|https://example.com/EstimatorZoo.git|file://$zoo|" "$template/Package.swift"
rm -f "$template/Package.swift.orig"

cd "$template"
step "resolving EstimatorZoo $version from file://$zoo"
swift package resolve > "$work/resolve.log" 2>&1 || { cat "$work/resolve.log" >&2; fail "swift package resolve failed (log above)"; }
grep -q "\"version\" : \"$version\"" Package.resolved || { cat Package.resolved >&2; fail "Package.resolved does not pin EstimatorZoo at $version"; }

step "building the template and its tests"
# Verbose, so the compile commands can be checked for the kernels' flags; on failure only the
# diagnostics are shown.
swift build --build-tests -v > "$work/build.log" 2>&1 || {
    grep -E -A4 '(error|warning): ' "$work/build.log" | grep -v '^/opt\|swift-frontend' | head -80 >&2
    fail "swift build failed (diagnostics above; full log $work/build.log)"
}

# MARK: - The unsafe flags reached the dependency's kernels
if [[ "$(uname -m)" == "x86_64" ]]; then
    grep -q -- "-march=x86-64-v3" "$work/build.log" || fail "no compile command in the dependency build carries -march=x86-64-v3 (see $work/build.log)"
    # The kernels' own object files (not the module's .swiftmodule.o), disassembled together.
    kernel_objects() { find .build -path "*$1.build/*" -name '*.swift.o' ! -name '*.swiftmodule.o' | sort; }
    avx2="$(kernel_objects ZooAVX2)"
    avx512="$(kernel_objects ZooAVX512)"
    [[ -n "$avx2" && -n "$avx512" ]] || fail "no object files of ZooAVX2 or ZooAVX512 under $template/.build"
    if command -v objdump > /dev/null; then
        # shellcheck disable=SC2086
        fma=$(objdump -d $avx2 | grep -c vfmadd || true)
        [[ "$fma" -gt 0 ]] || fail "the AVX2 kernel ($avx2) has no vfmadd instruction: the SIMD flags were not applied"
        step "ZooAVX2 compiled with FMA ($fma vfmadd instructions)"
        # shellcheck disable=SC2086
        zmm=$(objdump -d $avx512 | grep -c '%zmm' || true)
        [[ "$zmm" -gt 0 ]] || fail "the AVX-512 kernel ($avx512) uses no zmm register: its flags were not applied"
        step "ZooAVX512 compiled for x86-64-v4 ($zmm instructions on zmm registers)"
    else
        step "objdump not installed: kernel instructions not checked (the compile commands carry the flags)"
    fi
fi

# MARK: - The template's own tests: the conformance suite on its components
step "running the template's tests"
swift test --skip-build > "$work/test.log" 2>&1 || { cat "$work/test.log" >&2; fail "the template's tests failed (above)"; }

# MARK: - my-zoo list and compare
bin="$(swift build --show-bin-path)"
step "my-zoo list"
"$bin/my-zoo" list > "$work/list.txt" 2> "$work/list.err" || { cat "$work/list.err" >&2; fail "my-zoo list failed"; }
for name in ridge min-norm exact-l2 moments random-l2; do
    grep -qw -- "$name" "$work/list.txt" || { cat "$work/list.txt" >&2; fail "my-zoo list does not show '$name' (listing above)"; }
done
step "my-zoo compare"
"$bin/my-zoo" compare --data 'isotropic(d=40)' --estimators 'moments,ridge(lambda=0.1)' --attacks 'random-l2(radius=0.5),exact-l2(radius=0.5)' \
    --n 20,80 --test 200 --no-timings --format csv --out "$work/compare.csv" > "$work/compare.log" 2>&1 \
    || { cat "$work/compare.log" >&2; fail "my-zoo compare failed (above)"; }
rows=$(($(wc -l < "$work/compare.csv") - 1))
[[ "$rows" -eq 8 ]] || { cat "$work/compare.csv" >&2; fail "my-zoo compare wrote $rows rows, expected 8 (2 estimators × 2 attacks × 2 sizes)"; }
for name in moments ridge random-l2 exact-l2; do
    grep -q -- "$name" "$work/compare.csv" || fail "my-zoo compare's rows do not mention '$name' ($work/compare.csv)"
done

step "passed"
if [[ "$remove_work" -eq 1 ]]; then rm -rf "$work"; fi
