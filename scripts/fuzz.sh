#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser zoo runs on user input, with libFuzzer and AddressSanitizer from
# the Swift toolchain (docs/reliability.md). Not part of CI; run by hand:
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 180)
#
# Builds the library modules with -sanitize=fuzzer,address into .build-fuzz, links scripts/fuzz/
# FuzzTarget.swift against them, then runs one campaign per parser (spec, csv, experiment, rows), each
# from its seed corpus in scripts/fuzz-corpus/<target>, growing a working corpus in .build-fuzz/corpus.
# Findings (crash-*, timeout-*, leak-*) land in .build-fuzz/findings/<target>; each must become a
# regression test. The last lines of each campaign's log give executions, time and coverage.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"
scratch=.build-fuzz
# SwiftPM does not rebuild when only -Xswiftc flags change: a fresh scratch directory per flag set.
# Modules: AddressSanitizer and coverage instrumentation only (a build tool links them too, so no libFuzzer main here).
swift build --scratch-path "$scratch" --target ZooCLI -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xswiftc -enable-testing -Xswiftc -use-ld=lld
objects=$(find "$scratch/debug/" -path "*.build/*.o" \
    ! -path "*/zoo.build/*" ! -path "*/ZooBenchmarks.build/*" ! -path "*Tests.build/*" ! -path "*ZooRegistryGenerator*" \
    ! -path "*PackageDiscoveredTests*" ! -path "*EstimatorZooPackageTests*" ! -path "*Plugin*" | sort)
# The target itself: the same instrumentation (swiftc's -sanitize=fuzzer would use trace-pc-guard, which
# this libFuzzer no longer accepts); -sanitize=fuzzer only at the link, for libFuzzer's main.
swiftc -c -sanitize=address -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -parse-as-library \
    -module-name ZooFuzz -I "$scratch/debug/Modules" -Xcc -fmodule-map-file="$scratch/debug/ZooCPUID.build/module.modulemap" \
    -Xcc -I -Xcc Sources/ZooCPUID/include scripts/fuzz/FuzzTarget.swift -o "$scratch/FuzzTarget.o"
swiftc -sanitize=fuzzer,address -use-ld=lld "$scratch/FuzzTarget.o" $objects -o "$scratch/zoo-fuzz"
for target in spec csv experiment rows; do
    mkdir -p "$scratch/corpus/$target" "$scratch/findings/$target"
    echo "== $target: ${seconds}s"
    ZOO_FUZZ_TARGET="$target" "$scratch/zoo-fuzz" "$scratch/corpus/$target" "scripts/fuzz-corpus/$target" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$scratch/findings/$target/" > "$scratch/$target.log" 2>&1 || echo "   finding: see $scratch/$target.log"
    grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$scratch/$target.log" | tail -3
done
