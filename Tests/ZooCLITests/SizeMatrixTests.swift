import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooHarness

/// Issue 17, class 3: every command × every size driver at 2⁶³ − 1, 2⁶², 10¹⁸ and just above the
/// machine's memory is refused by the resource model before anything is allocated: one `error:` line,
/// status 1 or 2, no trap, and the process's peak memory does not grow by more than a few MiB.
@Suite struct SizeMatrixTests {
    static let huge = ["9223372036854775807", "4611686018427387904", "1000000000000000000"]

    /// Just above the memory: a d whose d-vectors alone exceed the machine's RAM.
    static var aboveMemory: String { String(ProcessInfo.processInfo.physicalMemory / 8 + 1) }

    /// (description, arguments) for one value of every driver.
    static func invocations(_ value: String, dir: String) throws -> [(String, [String])] {
        let small = ["--estimators", "ridge", "--attacks", "exact-l2", "--format", "jsonl"]
        var cases: [(String, [String])] = [
            ("compare n", ["compare", "--data", "isotropic(d=20)", "--n", value] + small),
            ("compare test", ["compare", "--data", "isotropic(d=20)", "--n", "5", "--test", value] + small),
            ("compare seeds", ["compare", "--data", "isotropic(d=20)", "--n", "5", "--seeds", value] + small),
            ("compare d", ["compare", "--data", "isotropic(d=\(value))", "--n", "5"] + small),
            ("theory d", ["theory", "--data", "power-law(d=\(value))", "--n", "5"] + small),
            ("theory isotropic d", ["theory", "--data", "isotropic(d=\(value))", "--n", "5"] + small),
            (
                "attack steps",
                [
                    "compare", "--data", "isotropic(d=20)", "--n", "5", "--estimators", "ridge",
                    "--attacks", "pgd-l2(steps=1000000,restarts=10000)", "--test", value, "--format", "jsonl",
                ]
            ),
            (
                "training steps",
                [
                    "compare", "--data", "isotropic(d=1000)", "--n", value, "--estimators",
                    "two-layer(width=4194304,steps=1000000)", "--attacks", "pgd-l2", "--format", "jsonl",
                ]
            ),
        ]
        let spec = dir + "/e-\(value).json"
        try #"{"data":"isotropic(d=20)","estimators":["ridge"],"attacks":["exact-l2"],"n":[\#(value)],"timings":false}"#
            .write(toFile: spec, atomically: true, encoding: .utf8)
        cases.append(("run n", ["run", spec, "--out", dir + "/r-\(value).jsonl", "-q"]))
        let grid = dir + "/g-\(value).json"
        try
            #"{"data":"isotropic(d=20)","estimators":["ridge"],"attacks":["exact-l2"],"n":[5],"seeds":\#(value),"grid":{"estimator.lambda":[0.1,1]}}"#
            .write(toFile: grid, atomically: true, encoding: .utf8)
        cases.append(("run grid × seeds", ["run", grid, "--out", dir + "/g-\(value).jsonl", "-q"]))
        // Seeds cost time, not memory: a count just above the memory is a feasible (long) run, not a refusal.
        return value == aboveMemory ? cases.filter { !$0.0.contains("seeds") } : cases
    }

    static func peakBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test(arguments: huge + [aboveMemory])
    func everyDriverIsRefusedBeforeAllocating(_ value: String) throws {
        let dir = NSTemporaryDirectory() + "zoo-sizes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, arguments) in try Self.invocations(value, dir: dir) {
            let before = Self.peakBytes()
            let console = CapturedConsole()
            let status = ZooCommandLine.run(arguments, console: console.console)
            #expect(status == 1 || status == 2, "\(name) = \(value): status \(status)")
            #expect(
                console.error.hasPrefix("error: ") && console.error.filter { $0 == "\n" }.count == 1,
                "\(name) = \(value): \(console.error)")
            #expect(Self.peakBytes() - before < 256 << 20, "\(name) = \(value) allocated before refusing")
        }
    }

    /// `--shard i/N` with N up to 2⁶³ − 1 never allocates per shard: a shard beyond the cells is empty.
    @Test func hugeShardCountsAreCheap() throws {
        let dir = NSTemporaryDirectory() + "zoo-shards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = dir + "/e.json"
        try
            #"{"data":"isotropic(d=10)","estimators":["ridge"],"attacks":["exact-l2"],"n":[4,5],"test":5,"timings":false}"#
            .write(toFile: spec, atomically: true, encoding: .utf8)
        for shard in ["1/9223372036854775807", "9223372036854775807/9223372036854775807", "2/4611686018427387904"] {
            let console = CapturedConsole()
            let status = ZooCommandLine.run(
                ["run", spec, "--shard", shard, "--out", dir + "/s.jsonl", "-q", "--force"], console: console.console)
            #expect(status == 0, "\(shard): \(console.error)")
        }
    }

    /// A grid is counted before any point is built: 10¹⁵ points are refused at once.
    @Test func hugeGridsAreCountedNotExpanded() throws {
        let dir = NSTemporaryDirectory() + "zoo-grid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = dir + "/g.json"
        try
            #"{"data":"isotropic(d=20)","estimators":["ridge"],"attacks":["exact-l2"],"n":[5],"grid":{"estimator.lambda":"logspace(-3,0,100000)","attack.radius":"linspace(0.1,1,100000)","data.signal":"linspace(0.1,1,100000)"}}"#
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let before = Self.peakBytes()
        let console = CapturedConsole()
        #expect(ZooCommandLine.run(["run", spec, "--out", dir + "/g.jsonl"], console: console.console) == 1)
        #expect(console.error.contains("1000000000000000 points"), "\(console.error)")
        #expect(Self.peakBytes() - before < 256 << 20)
    }

    @Test func saturatingArithmeticNeverTraps() {
        #expect(Saturating.product(Int.max, 2) == Int.max)
        #expect(Saturating.product([1 << 40, 1 << 40]) == Int.max)
        #expect(Saturating.sum(Int.max, 1) == Int.max)
        #expect(Saturating.product(3, 4) == 12)
        let grid = ExperimentGrid(
            base: Experiment(
                data: ComponentSpec(name: "isotropic"), estimators: [ComponentSpec(name: "ridge")],
                attacks: [ComponentSpec(name: "exact-l2")], sampleSizes: [5]),
            axes: (0..<5).map {
                GridAxis(
                    path: "a\($0)", component: .data, parameter: "p\($0)",
                    values: Array(repeating: .number(1), count: 1 << 13))
            })
        #expect(grid.pointCount == Int.max)
    }
}
