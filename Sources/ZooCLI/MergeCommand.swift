import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - zoo merge OUT.jsonl SHARD…

/// Combines the files of `zoo run --shard i/N` (each with its run header in `SHARD.run.json`) into
/// exactly the rows of the unsharded run: the whole run's header (in `OUT.jsonl.run.json`), then every row in the unsharded run's order (group, seed, n, estimator, attack), so
/// the merged file equals a single run's file (byte for byte with `--no-timings`).
enum MergeCommand {
    static func run(outPath: String, shardPaths: [String], allowPartial: Bool, force: Bool = false, console: Console)
        throws(ZooError)
    {
        guard !shardPaths.isEmpty else { throw .usage("zoo merge needs at least one SHARD file after OUT.jsonl") }
        let target = try OutputTarget.open(
            "OUT.jsonl", outPath, inputs: shardPaths.map { .init("a shard file", $0) },
            existing: force ? .replace : .refuse(hint: OutputTarget.forceHint))
        defer { target.release() }
        var fingerprint: RunFingerprint? = nil
        var firstPath = ""
        var rowsByKey = [String: ResultRow]()
        var duplicates = [String]()
        for path in shardPaths {
            let text = try InputText.read(path, what: "shard file")
            let contents: ResultFileContents
            do { contents = try readResultFile(jsonLines: text) } catch { throw error.withContext(path) }
            if let line = contents.droppedLine {
                console.printError(
                    "note: \(path): dropped the incomplete line \(line) (an interrupted write; that cell is missing)")
            }
            guard let recorded = try RunHeaderFile.fingerprint(for: path, inFile: contents.fingerprint) else {
                throw .invalidData(
                    "\(path): no run header (\(RunHeaderFile.path(for: path)) is missing), so it cannot be checked to belong to the same experiment"
                )
            }
            if let fingerprint {
                let differences = recorded.wholeRun.differences(from: fingerprint.wholeRun)
                guard differences.isEmpty else {
                    throw .usage(
                        "\(path) comes from a different experiment than \(firstPath) (\(differences.joined(separator: "; "))): merge only the shards of one run"
                    )
                }
            } else {
                fingerprint = recorded
                firstPath = path
            }
            for row in contents.rows {
                let key = row.cellKey
                if rowsByKey[key] != nil {
                    duplicates.append("\(key) (again in \(path))")
                } else {
                    rowsByKey[key] = row
                }
            }
        }
        let whole = fingerprint!.wholeRun
        let order = expectedKeys(whole)
        let expected = Set(order)
        let unexpected = rowsByKey.keys.filter { !expected.contains($0) }.sorted()
        let missing = order.filter { rowsByKey[$0] == nil }
        var problems = [String]()
        if !duplicates.isEmpty {
            problems.append("\(duplicates.count) duplicated cell(s):\n  " + duplicates.joined(separator: "\n  "))
        }
        if !unexpected.isEmpty {
            problems.append(
                "\(unexpected.count) row(s) outside the experiment:\n  " + unexpected.joined(separator: "\n  "))
        }
        if !missing.isEmpty && !allowPartial {
            problems.append(
                "\(missing.count) missing cell(s) (data|estimator|attack|target|n|seed) — rerun their shard with --resume, or pass --allow-partial:\n  "
                    + missing.joined(separator: "\n  "))
        }
        guard problems.isEmpty else {
            throw .invalidData(
                "cannot merge \(shardPaths.count) shard file(s) into \(outPath): " + problems.joined(separator: "; "))
        }
        let sink = try ResultSink(target: target, format: .jsonl, mode: .replaceOnFinish)
        do throws(ZooError) {
            try sink.writeHeader(whole)
            try sink.write(order.compactMap { rowsByKey[$0] })
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        let note = missing.isEmpty ? "" : " (\(missing.count) missing cell(s) left out: --allow-partial)"
        console.printError(
            "merged \(rowsByKey.count) rows from \(shardPaths.count) shard file(s) into \(outPath)\(note)")
    }

    /// Every cell key of the run the fingerprint describes, in the unsharded run's order.
    static func expectedKeys(_ fingerprint: RunFingerprint) -> [String] {
        var keys = [String]()
        for group in fingerprint.allGroups {
            for offset in 0..<UInt64(max(0, fingerprint.seedCount)) {
                let seed = fingerprint.firstSeed &+ offset
                for n in fingerprint.sampleSizes {
                    for estimator in group.estimators {
                        for attack in group.attacks {
                            keys.append(
                                ResultRow.cellKey(
                                    data: group.data, estimator: estimator, attack: attack,
                                    target: fingerprint.target, n: n, seed: seed))
                        }
                    }
                }
            }
        }
        return keys
    }
}
