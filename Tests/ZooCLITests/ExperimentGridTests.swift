import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooReport

@testable import ZooCLI

/// Issue 12: experiment files with grids, resume after a crash, shards and their merge.
@Suite struct ExperimentGridTests {

    func directory() throws -> String { try temporaryDirectory("grid") }

    func write(_ text: String, in dir: String, name: String = "e.json") throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// λ over a logspace, the radius over a list, two data dimensions, three n, two seeds: 2 data groups ×
    /// 3 n × 2 seeds = 12 samples, each with (1 + 4) estimators × 3 attacks = 180 rows.
    static let gridSpec = #"""
        {"data": "isotropic", "estimators": ["min-norm", "ridge"], "attacks": ["exact-l2"],
         "n": [10, 20, 40], "test": 40, "seeds": 2, "seed": 7, "timings": false,
         "grid": {"estimators[1].lambda": "logspace(-3,0,4)", "attack.radius": [0.05, 0.1, 0.2], "data.d": [30, 60]}}
        """#

    func grid(_ text: String) throws(ZooError) -> ExperimentGrid {
        let file: ExperimentFile
        do { file = try JSONDecoder().decode(ExperimentFile.self, from: Data(text.utf8)) } catch {
            throw .invalidData("\(error)")
        }
        return try file.experimentGrid(source: "e.json", registry: try Catalog.makeRegistry())
    }

    func errorText(_ text: String) -> String {
        do {
            _ = try grid(text)
            return ""
        } catch { return error.description }
    }

    // MARK: The cell set

    @Test func gridPointsAreTheCartesianProductInADeterministicOrder() throws {
        let g = try grid(Self.gridSpec)
        #expect(g.axes.map(\.path) == ["data.d", "estimators[1].lambda", "attack.radius"])
        #expect(g.pointCount == 2 * 4 * 3)
        let points = g.points
        #expect(points.count == 24)
        // The last axis runs fastest.
        #expect(points[0].attacks[0].description == "exact-l2(radius=0.05)")
        #expect(points[1].attacks[0].description == "exact-l2(radius=0.1)")
        #expect(points[3].estimators[1].description == "ridge(lambda=0.01)")
        #expect(points[12].data.description == "isotropic(d=60)")
        // Points differing only in estimator or attack parameters share one group (one sample, one fit context).
        let groups = g.groups
        #expect(groups.count == 2)
        #expect(
            groups[0].estimators.map(\.description) == [
                "min-norm", "ridge(lambda=0.001)", "ridge(lambda=0.01)", "ridge(lambda=0.1)", "ridge(lambda=1)",
            ])
        #expect(groups[0].attacks.count == 3)
    }

    @Test func rangeExpressionsIncludeBothEnds() throws {
        #expect(
            try ExperimentFile.expand(.expression("logspace(-4, 1, 6)"), label: "x")
                == [1e-4, 1e-3, 1e-2, 0.1, 1, 10].map { .number($0) })
        #expect(
            try ExperimentFile.expand(.expression("linspace(0,1,5)"), label: "x")
                == [0, 0.25, 0.5, 0.75, 1].map { .number($0) })
        #expect(try ExperimentFile.expand(.expression("linspace(2,3,1)"), label: "x") == [.number(2)])
    }

    // MARK: Validation names the JSON path and what is allowed

    @Test func everyGridErrorNamesItsPath() {
        func spec(_ grid: String, estimators: String = #"["min-norm","ridge"]"#, attacks: String = #"["exact-l2"]"#)
            -> String
        {
            #"{"data":"isotropic(d=10)","estimators":\#(estimators),"attacks":\#(attacks),"n":[5],"grid":{\#(grid)}}"#
        }
        let negative = errorText(spec(#""estimators[1].lambda":[0.1,0.2,0.3,-1]"#))
        #expect(
            negative.contains(#"grid["estimators[1].lambda"][3]: ridge: parameter 'lambda' must be ≥ 0"#), "\(negative)"
        )
        let typo = errorText(spec(#""estimators[1].lambd":[0.1]"#))
        #expect(
            typo.contains(#"grid["estimators[1].lambd"]: ridge has no parameter 'lambd'"#) && typo.contains("lambda"),
            "\(typo)")
        let index = errorText(spec(#""estimators[2].lambda":[0.1]"#))
        #expect(index.contains(#"grid["estimators[2].lambda"]"#) && index.contains("indices 0 … 1"), "\(index)")
        let several = errorText(spec(#""attack.radius":[0.1]"#, attacks: #"["exact-l2","exact-linf"]"#))
        #expect(several.contains("attacks[i].radius"), "\(several)")
        let axis = errorText(spec(#""estimatros[0].lambda":[0.1]"#))
        #expect(
            axis.contains(#"grid["estimatros[0].lambda"]: unknown axis"#) && axis.contains("axes are n, data.PARAM"),
            "\(axis)")
        let malformed = errorText(spec(#""estimators[1].lambda":"logspace(-4,1)""#))
        #expect(
            malformed.contains(#"grid["estimators[1].lambda"]"#) && malformed.contains("logspace(a,b,k)"),
            "\(malformed)")
        let repeated = errorText(spec(#""data.d":[10,10]"#))
        #expect(repeated.contains(#"grid["data.d"][1]"#) && repeated.contains("twice"), "\(repeated)")
        let n = errorText(
            #"{"data":"isotropic(d=10)","estimators":["min-norm"],"attacks":["exact-l2"],"grid":{"n":[5,0]}}"#)
        #expect(n.contains(#"grid["n"][1]: must be a whole number ≥ 1"#), "\(n)")
        let empty = errorText(spec(#""data.d":[]"#))
        #expect(empty.contains("at least one value"), "\(empty)")
    }

    @Test func unknownTopLevelKeysAreRefusedWithASuggestion() throws {
        let dir = try directory()
        let path = try write(
            #"{"data":"isotropic(d=10)","estimators":["min-norm"],"attacks":["exact-l2"],"n":[5],"gird":{}}"#, in: dir)
        let outcome = zoo("run", path, "--out", dir + "/r.jsonl")
        #expect(
            outcome.status == 2 && outcome.error.contains("unknown key 'gird'") && outcome.error.contains("grid"),
            "\(outcome.error)")
        let written = (try? read(dir + "/r.jsonl")) ?? ""
        #expect(written.isEmpty)
    }

    // MARK: Rows depend on their own cell only

    @Test func aGridRowEqualsTheSameCellRunAlone() throws {
        let dir = try directory()
        let whole = try write(Self.gridSpec, in: dir)
        #expect(zoo("run", whole, "--out", dir + "/grid.jsonl").status == 0)
        let alone = try write(
            #"{"data":"isotropic(d=60)","estimators":["ridge(lambda=0.01)"],"attacks":["exact-l2(radius=0.1)"],"n":[20],"test":40,"seeds":1,"seed":8,"timings":false}"#,
            in: dir, name: "alone.json")
        #expect(zoo("run", alone, "--out", dir + "/alone.jsonl").status == 0)
        let gridLines = try read(dir + "/grid.jsonl").split(separator: "\n")
        let aloneLines = try read(dir + "/alone.jsonl").split(separator: "\n")
        #expect(gridLines.count == 180 && aloneLines.count == 1)
        #expect(gridLines.contains(aloneLines.first!), "the grid's row for this cell differs from the cell run alone")
    }

    // MARK: Resume after a crash mid-write

    @Test func truncatedMidRowResumesToTheUninterruptedBytes() throws {
        let dir = try directory()
        let spec = try write(Self.gridSpec, in: dir)
        #expect(zoo("run", spec, "--out", dir + "/full.jsonl", "--quiet").status == 0)
        let full = try read(dir + "/full.jsonl")
        // Cut the file in the middle of row 97 (a crash mid-write), then resume.
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines[..<97].joined(separator: "\n") + "\n" + lines[97].prefix(lines[97].count / 2)
        try kept.write(toFile: dir + "/cut.jsonl", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: dir + "/full.jsonl.run.json", toPath: dir + "/cut.jsonl.run.json")
        let resumed = zoo("run", spec, "--out", dir + "/cut.jsonl", "--resume", "--quiet")
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.error.contains("incomplete line"), "\(resumed.error)")
        #expect(try read(dir + "/cut.jsonl") == full)
        // Resuming a finished file computes nothing and changes nothing.
        #expect(zoo("run", spec, "--out", dir + "/cut.jsonl", "--resume").status == 0)
        #expect(try read(dir + "/cut.jsonl") == full)
    }

    @Test func resumeRefusesAFileOfAnotherGrid() throws {
        let dir = try directory()
        let spec = try write(Self.gridSpec, in: dir)
        #expect(zoo("run", spec, "--out", dir + "/r.jsonl").status == 0)
        let other = try write(
            Self.gridSpec.replacingOccurrences(of: #""data.d": [30, 60]"#, with: #""data.d": [30, 90]"#), in: dir,
            name: "o.json")
        let outcome = zoo("run", other, "--out", dir + "/r.jsonl", "--resume")
        #expect(
            outcome.status == 2 && outcome.error.contains("different experiment") && outcome.error.contains("d=90"),
            "\(outcome.error)")
    }

    // MARK: Shards and merge

    @Test func shardsPartitionTheCellsAndMergeToTheUnshardedBytes() throws {
        let dir = try directory()
        let spec = try write(Self.gridSpec, in: dir)
        #expect(zoo("run", spec, "--out", dir + "/full.jsonl", "-q").status == 0)
        var counts = [Int]()
        for i in 1...3 {
            let outcome = zoo("run", spec, "--shard", "\(i)/3", "--out", dir + "/s\(i).jsonl", "--quiet")
            #expect(outcome.status == 0, "\(outcome.error)")
            counts.append(try read(dir + "/s\(i).jsonl").split(separator: "\n").count)
        }
        #expect(counts.reduce(0, +) == 180 && counts.allSatisfy { $0 > 0 }, "\(counts)")
        let merged = zoo("merge", dir + "/merged.jsonl", dir + "/s2.jsonl", dir + "/s3.jsonl", dir + "/s1.jsonl")
        #expect(merged.status == 0, "\(merged.error)")
        #expect(try read(dir + "/merged.jsonl") == (try read(dir + "/full.jsonl")))
        #expect(try read(dir + "/merged.jsonl.run.json") == (try read(dir + "/full.jsonl.run.json")))

        // A missing shard: exit 1 listing the missing cells; --allow-partial writes what is there.
        let partial = zoo("merge", dir + "/partial.jsonl", dir + "/s1.jsonl", dir + "/s2.jsonl")
        #expect(
            partial.status == 1 && partial.error.contains("missing cell(s)") && partial.error.contains("isotropic"),
            "\(partial.error)")
        #expect(
            zoo("merge", dir + "/partial.jsonl", dir + "/s1.jsonl", dir + "/s2.jsonl", "--allow-partial").status == 0)
        #expect(try read(dir + "/partial.jsonl").split(separator: "\n").count == counts[0] + counts[1])
        // A shard given twice: duplicated cells.
        let twice = zoo(
            "merge", dir + "/twice.jsonl", dir + "/s1.jsonl", dir + "/s1.jsonl", dir + "/s2.jsonl", dir + "/s3.jsonl")
        #expect(twice.status == 1 && twice.error.contains("duplicated cell(s)"), "\(twice.error)")
        // A shard of another experiment is refused, naming the difference.
        let other = try write(
            Self.gridSpec.replacingOccurrences(of: #""seeds": 2"#, with: #""seeds": 3"#), in: dir, name: "o.json")
        #expect(zoo("run", other, "--shard", "1/3", "--out", dir + "/o1.jsonl", "-q").status == 0)
        let mixed = zoo("merge", dir + "/mixed.jsonl", dir + "/s1.jsonl", dir + "/o1.jsonl")
        #expect(
            mixed.status == 2 && mixed.error.contains("different experiment") && mixed.error.contains("seeds: 2 → 3"),
            "\(mixed.error)")
    }

    @Test func shardOptionIsValidated() throws {
        let dir = try directory()
        let spec = try write(Self.gridSpec, in: dir)
        for bad in ["0/3", "4/3", "1/0", "a/b", "2"] {
            let outcome = zoo("run", spec, "--shard", bad, "--out", dir + "/x.jsonl")
            #expect(outcome.status == 2 && outcome.error.contains("--shard"), "\(bad): \(outcome.error)")
        }
        // A shard file resumed as another shard is refused, naming the shards.
        #expect(zoo("run", spec, "--shard", "1/3", "--out", dir + "/s1.jsonl", "-q").status == 0)
        let swapped = zoo("run", spec, "--shard", "2/3", "--out", dir + "/s1.jsonl", "--resume", "-q")
        #expect(swapped.status == 2 && swapped.error.contains("shard: 1/3 → 2/3"), "\(swapped.error)")
        let noOut = zoo("run", spec, "--shard", "1/2")
        #expect(noOut.status == 2 && noOut.error.contains("--out"), "\(noOut.error)")
    }

    @Test func longestProcessingTimeAssignmentIsBalancedAndComplete() throws {
        let registry = try Catalog.makeRegistry()
        let plans = try grid(Self.gridSpec).groups.map { experiment throws(ZooError) in
            try ExperimentPlan(experiment, registry: registry)
        }
        let cells = RunCell.all(in: plans)
        #expect(cells.count == 12 && cells.map(\.order) == Array(0..<12))
        let owner = Shard.assignment(of: cells, shards: 3)
        #expect(owner == Shard.assignment(of: cells, shards: 3))
        var loads = [Double](repeating: 0, count: 3)
        for (cell, shard) in zip(cells, owner) { loads[shard] += cell.cost }
        // LPT's guarantee: the largest load is at most the mean plus the largest single cost.
        let mean = loads.reduce(0, +) / 3
        let largest = cells.map(\.cost).max()!
        #expect(loads.max()! <= mean + largest, "\(loads)")
        // One shard is the whole run.
        #expect(Shard.assignment(of: cells, shards: 1).allSatisfy { $0 == 0 })
    }

    // MARK: A real SIGKILL of the binary

    /// The `zoo` executable built beside the test bundle.
    static var binary: String? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "zoo"
        ).path
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/zoo").path
        return [beside, fromSource].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func sigkilledRunResumesToIdenticalRows() throws {
        let binary = try #require(Self.binary, "the zoo executable is built by swift build --build-tests")
        let dir = try directory()
        // Larger samples so the run lasts long enough to be killed mid-way.
        let spec = try write(
            Self.gridSpec
                .replacingOccurrences(of: #""data.d": [30, 60]"#, with: #""data.d": [400, 800]"#)
                .replacingOccurrences(of: #""test": 40"#, with: #""test": 2000"#)
                .replacingOccurrences(of: #""n": [10, 20, 40]"#, with: #""n": [100, 200, 400]"#), in: dir)
        #expect(zoo("run", spec, "--out", dir + "/full.jsonl", "-q").status == 0)
        let full = try read(dir + "/full.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", spec, "--out", dir + "/killed.jsonl", "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["ZOO_THREADS": "1"]) { $1 }
        try process.run()
        // Kill it once some rows (but not all) are on disk.
        let deadline = Date().addingTimeInterval(60)
        var rowsAtKill = 0
        while Date() < deadline && process.isRunning {
            rowsAtKill = ((try? read(dir + "/killed.jsonl")) ?? "").split(separator: "\n").count - 1
            if rowsAtKill >= 20 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        let before = try read(dir + "/killed.jsonl")
        #expect(before != full && before.count < full.count)
        let resumed = zoo("run", spec, "--out", dir + "/killed.jsonl", "--resume", "--quiet")
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(try read(dir + "/killed.jsonl") == full)
    }
}
