import Foundation
import PackagePlugin

// MARK: - Command plugin

/// `swift package list-components [--kind data|estimator|attack] [--json]`: runs `zoo list` with the
/// given arguments and prints its output, so the catalogue can be read without installing `zoo`.
///
/// The plugin builds the `zoo` product first (debug, sharing `swift build`'s products); every argument
/// after the verb is passed to `zoo list` unchanged. A failing `zoo list` (for example an
/// unknown kind) fails the command with zoo's exit status.
@main
struct ListComponentsPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = try buildZoo()
        process.arguments = ["list"] + arguments
        // Standard output is inherited, so the listing streams to the command's output. SwiftPM merges a
        // plugin's own standard error into that output too, so zoo's error lines are captured and passed
        // on as diagnostics, which SwiftPM prints on its standard error.
        let errorPipe = Pipe()
        process.standardError = errorPipe
        try process.run()
        let errorText = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        for line in errorText.split(separator: "\n") {
            forwardDiagnostic(String(line))
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ListComponentsError.zooFailed(arguments: arguments, status: process.terminationStatus)
        }
    }

    /// Builds the `zoo` product in the debug configuration (reusing `swift build`'s products) and
    /// returns the executable.
    ///
    /// Asking SwiftPM to build it here, rather than declaring `zoo` a dependency of the plugin, keeps
    /// every `swift build` from compiling a second copy of zoo and all its modules as a plugin tool.
    private func buildZoo() throws -> URL {
        let result = try packageManager.build(
            .product("zoo"), parameters: .init(configuration: .debug, logging: .concise))
        guard result.succeeded, let zoo = result.builtArtifacts.first(where: { $0.kind == .executable }) else {
            for line in result.logText.split(separator: "\n") where line.contains("error: ") {
                forwardDiagnostic(String(line))
            }
            throw ListComponentsError.buildFailed
        }
        return zoo.url
    }
}

// MARK: - Diagnostics

/// Re-emits one line of zoo's standard error as a SwiftPM diagnostic, without repeating the `error:` or
/// `warning:` prefix SwiftPM adds itself.
private func forwardDiagnostic(_ line: String) {
    if line.hasPrefix("warning: ") {
        Diagnostics.warning(String(line.dropFirst("warning: ".count)), file: nil, line: nil)
    } else {
        let message = line.hasPrefix("error: ") ? String(line.dropFirst("error: ".count)) : line
        Diagnostics.error(message, file: nil, line: nil)
    }
}

/// Failures of `swift package list-components`.
enum ListComponentsError: Error, CustomStringConvertible {
    /// `zoo list` exited with a non-zero status (its own `error:` line has already been printed).
    case zooFailed(arguments: [String], status: Int32)
    /// Building the `zoo` product failed (the build's error lines have been printed).
    case buildFailed

    var description: String {
        switch self {
        case .zooFailed(let arguments, let status):
            return "`zoo \((["list"] + arguments).joined(separator: " "))` failed with exit status \(status)"
        case .buildFailed:
            return "building zoo failed: fix the errors above, then run `swift package list-components` again"
        }
    }
}
