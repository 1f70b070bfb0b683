import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooReport

/// Issue 17, class 1: every command that writes a file, against every kind of output path
/// (docs/reliability.md). Each cell states the expected exit status, and every cell checks that no input
/// changed and that nothing that is not a regular file was replaced.
@Suite struct OutputMatrixTests {
    /// The kinds of output path the matrix tries.
    enum Kind: String, CaseIterable {
        case absent, existing, existingForced, sameAsInput, symlinkToInput, hardLinkToInput, symlinkElsewhere,
            danglingSymlink, device, fifo, directory, locked, dashStdout
    }

    /// One command of the matrix: its arguments for an output path (inputs live in `dir`).
    struct Command: CustomStringConvertible, Sendable {
        let name: String
        let arguments: @Sendable (_ dir: String, _ out: String) -> [String]
        /// The command's main input (what `sameAsInput` and the links point to).
        let input: @Sendable (_ dir: String) -> String
        var description: String { name }
    }

    static func writeInputs(_ dir: String) throws {
        var csv = "a,b,y\n"
        for i in 1...40 { csv += "\(i),\(i * 7 % 11),\(i % 5)\n" }
        try csv.write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        try csv.write(toFile: dir + "/test.csv", atomically: true, encoding: .utf8)
        let spec =
            #"{"data":"isotropic(d=10)","estimators":["ridge"],"attacks":["exact-l2"],"n":[4],"test":5,"timings":false}"#
        try spec.write(toFile: dir + "/e.json", atomically: true, encoding: .utf8)
        let console = CapturedConsole()
        _ = ZooCommandLine.run(
            ["run", dir + "/e.json", "--out", dir + "/results.jsonl", "-q"], console: console.console)
        _ = ZooCommandLine.run(
            ["run", dir + "/e.json", "--shard", "1/1", "--out", dir + "/shard.jsonl", "-q"], console: console.console)
    }

    static let commands: [Command] = [
        Command(
            name: "compare --out",
            arguments: { dir, out in
                [
                    "compare", "--data", "csv(path=\(dir)/train.csv)", "--target", "label", "--estimators", "ridge",
                    "--attacks", "exact-l2",
                    "--n", "5", "--format", "jsonl", "--no-timings", "-q", "--out", out,
                ]
            }, input: { $0 + "/train.csv" }),
        Command(
            name: "compare --report",
            arguments: { dir, out in
                [
                    "compare", "--data", "csv(path=\(dir)/train.csv)", "--target", "label", "--estimators", "ridge",
                    "--attacks", "exact-l2",
                    "--n", "5", "--format", "jsonl", "-q", "--report", out,
                ]
            }, input: { $0 + "/train.csv" }),
        Command(
            name: "run --out", arguments: { dir, out in ["run", dir + "/e.json", "-q", "--out", out] },
            input: { $0 + "/e.json" }),
        Command(
            name: "theory --out",
            arguments: { dir, out in
                [
                    "theory", "--data", "csv(path=\(dir)/train.csv)", "--estimators", "ridge", "--attacks", "exact-l2",
                    "--n", "5",
                    "--format", "jsonl", "--out", out,
                ]
            }, input: { $0 + "/train.csv" }),
        Command(
            name: "report --out", arguments: { dir, out in ["report", dir + "/results.jsonl", "--out", out] },
            input: { $0 + "/results.jsonl" }),
        Command(
            name: "merge", arguments: { dir, out in ["merge", out, dir + "/shard.jsonl"] },
            input: { $0 + "/shard.jsonl" }),
        Command(
            name: "fit --weights",
            arguments: { dir, out in ["fit", "--estimator", "ridge", "--train", dir + "/train.csv", "--weights", out] },
            input: { $0 + "/train.csv" }),
        Command(
            name: "fit --predictions",
            arguments: { dir, out in
                [
                    "fit", "--estimator", "ridge", "--train", dir + "/train.csv", "--test", dir + "/test.csv",
                    "--predictions", out,
                ]
            },
            input: { $0 + "/test.csv" }),
        Command(
            name: "attack --out",
            arguments: { dir, out in
                [
                    "attack", "--estimator", "ridge", "--attack", "exact-l2", "--train", dir + "/train.csv", "--test",
                    dir + "/test.csv", "--out", out,
                ]
            },
            input: { $0 + "/test.csv" }),
    ]

    /// The expected exit status of a cell (0: written; 2: refused as a usage error; 1: locked).
    static func expectedStatus(_ kind: Kind, command: Command) -> Int32 {
        switch kind {
        case .absent, .existingForced, .symlinkElsewhere: 0
        case .locked: 1
        default: 2
        }
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var result = [String: Data]()
        for name in ["train.csv", "test.csv", "e.json", "results.jsonl", "shard.jsonl"] {
            result[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return result
    }

    @Test(arguments: Kind.allCases)
    func everyCommandAgainst(_ kind: Kind) throws {
        for command in Self.commands {
            let dir = NSTemporaryDirectory() + "zoo-outputs-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Self.writeInputs(dir)
            var out = dir + "/out.file"
            var extra = [String]()
            var holder: OutputTarget?
            switch kind {
            case .absent: break
            case .existing, .existingForced:
                try "precious\n".write(toFile: out, atomically: true, encoding: .utf8)
                if kind == .existingForced { extra = ["--force"] }
            case .sameAsInput: out = command.input(dir)
            case .symlinkToInput:
                try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: command.input(dir))
            case .hardLinkToInput: try FileManager.default.linkItem(atPath: command.input(dir), toPath: out)
            case .symlinkElsewhere:
                _ = FileManager.default.createFile(atPath: dir + "/target.file", contents: nil)
                try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: dir + "/target.file")
            case .danglingSymlink:
                try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: dir + "/missing/x")
            case .device: out = "/dev/null"
            case .fifo: #expect(mkfifo(out, 0o644) == 0)
            case .directory: try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
            case .locked: holder = try OutputTarget.open("--out", out, existing: .append)
            case .dashStdout: out = "-"
            }
            let before = try snapshot(dir)
            let console = CapturedConsole()
            let status = ZooCommandLine.run(command.arguments(dir, out) + extra, console: console.console)
            holder?.release()
            let expected = Self.expectedStatus(kind, command: command)
            #expect(status == expected, "\(command) × \(kind): \(console.error)")
            if status != 0 {
                #expect(
                    console.error.hasPrefix("error: ") && console.error.filter { $0 == "\n" }.count == 1,
                    "\(command) × \(kind): one error line, got \(console.error)")
            }
            // No input ever changes (the report's and merge's inputs included).
            #expect(try snapshot(dir) == before, "\(command) × \(kind) changed an input")
            var info = stat()
            switch kind {
            case .existing: #expect(try String(contentsOfFile: out, encoding: .utf8) == "precious\n")
            case .symlinkElsewhere:
                #expect(lstat(out, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "\(command): the link stays a link")
                #expect(
                    (FileManager.default.contents(atPath: dir + "/target.file")?.count ?? 0) > 0,
                    "\(command): the target is written")
            case .device: #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
            case .fifo: #expect(lstat(out, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
            case .directory: #expect(lstat(out, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
            case .absent, .existingForced: #expect((FileManager.default.contents(atPath: out)?.count ?? 0) > 0)
            case .locked: #expect((FileManager.default.contents(atPath: out)?.count ?? 0) == 0)
            default: break
            }
            let leftovers =
                (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".partial") } ?? []
            #expect(leftovers.isEmpty, "\(command) × \(kind) left \(leftovers)")
        }
    }

    /// A read-only directory (meaningless as root, who may write anywhere).
    @Test func readOnlyDirectoryIsRefusedBeforeAnyWork() throws {
        guard geteuid() != 0 else { return }
        let dir = NSTemporaryDirectory() + "zoo-readonly-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.writeInputs(dir)
        let locked = dir + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0o555)
        defer {
            chmod(locked, 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        for command in Self.commands {
            let console = CapturedConsole()
            let status = ZooCommandLine.run(command.arguments(dir, locked + "/out.file"), console: console.console)
            #expect(status == 1 && console.error.contains("not writable"), "\(command): \(console.error)")
        }
    }

    /// A full disk is named as such (the message the output layer gives for ENOSPC and EDQUOT).
    @Test func fullDiskIsNamed() {
        #expect(OutputTarget.diskError(ENOSPC, writing: "r.jsonl").description.contains("disk is full"))
        #expect(OutputTarget.diskError(EDQUOT, writing: "r.jsonl").description.contains("quota"))
        #expect(!OutputTarget.diskError(ENOSPC, writing: "r.jsonl").description.contains("not writable"))
    }
}
