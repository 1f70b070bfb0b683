import Foundation
import ZooCLI

// MARK: - Running zoo in-process

/// What one in-process `zoo` invocation returned: its exit status and what it wrote.
struct ZooOutcome {
    let status: Int32
    let out: String
    let error: String
}

/// Runs `zoo` in-process with captured standard output and error (`ZooCommandLine.run`).
func zoo(_ arguments: [String]) -> ZooOutcome {
    let captured = CapturedConsole()
    let status = ZooCommandLine.run(arguments, console: captured.console)
    return ZooOutcome(status: status, out: captured.out, error: captured.error)
}

func zoo(_ arguments: String...) -> ZooOutcome { zoo(arguments) }

/// A new, empty temporary directory whose name starts with `zoo-label-`.
func temporaryDirectory(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "zoo-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
