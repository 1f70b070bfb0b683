import Foundation
import PackagePlugin

// MARK: - Command plugin

/// `swift package list-components [--kind data|estimator|attack] [--json]`: builds `zoo` (debug, sharing
/// `swift build`'s products, rather than declaring it a plugin dependency that every `swift build` would
/// compile twice) and prints `zoo list` with the given arguments. zoo's `error:` lines become SwiftPM
/// diagnostics; a failing `zoo list` fails the command with zoo's exit status.
@main
struct ListComponentsPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let build = try packageManager.build(
            .product("zoo"), parameters: .init(configuration: .debug, logging: .concise))
        guard build.succeeded, let zoo = build.builtArtifacts.first(where: { $0.kind == .executable }) else {
            forward(build.logText.split(separator: "\n").filter { $0.contains("error: ") })
            throw PluginFailure(
                "building zoo failed: fix the errors above, then run `swift package list-components` again")
        }
        let process = Process()
        process.executableURL = zoo.url
        process.arguments = ["list"] + arguments
        // Standard output is inherited; SwiftPM would merge a plugin's standard error into it, so zoo's
        // error lines are captured and passed on as diagnostics, which SwiftPM prints on standard error.
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        forward(errorText.split(separator: "\n"))
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let command = (["zoo", "list"] + arguments).joined(separator: " ")
            throw PluginFailure("`\(command)` failed with exit status \(process.terminationStatus)")
        }
    }

    /// Re-emits lines as diagnostics, without repeating the `error:` or `warning:` prefix SwiftPM adds.
    private func forward(_ lines: [Substring]) {
        for line in lines {
            if line.hasPrefix("warning: ") {
                Diagnostics.warning(String(line.dropFirst("warning: ".count)))
            } else {
                Diagnostics.error(String(line.hasPrefix("error: ") ? line.dropFirst("error: ".count) : line))
            }
        }
    }
}

/// A failure of the command, with what to do.
struct PluginFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
