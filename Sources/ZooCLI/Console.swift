import Foundation

// MARK: - Output streams

/// Where the command line writes: standard output for results, standard error for progress and
/// errors. Tests capture both with `Console.capturing()`.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeError: (String) -> Void
    /// Whether standard error is a terminal (progress lines are redrawn in place only then).
    public let errorIsTerminal: Bool

    public init(out: @escaping (String) -> Void, error: @escaping (String) -> Void, errorIsTerminal: Bool = false) {
        writeOut = out
        writeError = error
        self.errorIsTerminal = errorIsTerminal
    }

    /// The process's real standard output and error.
    public static func standard() -> Console {
        Console(out: { FileHandle.standardOutput.write(Data($0.utf8)) },
                error: { FileHandle.standardError.write(Data($0.utf8)) },
                errorIsTerminal: isatty(STDERR_FILENO) == 1)
    }

    /// Writes a line (or text ending in a newline) to standard output.
    public func print(_ text: String = "") { writeOut(text.hasSuffix("\n") ? text : text + "\n") }
    /// Writes raw text to standard output.
    public func write(_ text: String) { writeOut(text) }
    /// Writes a line to standard error.
    public func printError(_ text: String) { writeError(text.hasSuffix("\n") ? text : text + "\n") }
    /// Writes raw text to standard error.
    public func writeError(_ text: String) { writeError(text) }
}

/// A console that records what is written, for tests.
public final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errorText = ""
    public init() {}
    public var out: String { lock.withLock { outText } }
    public var error: String { lock.withLock { errorText } }
    public var console: Console {
        Console(out: { text in self.lock.withLock { self.outText += text } },
                error: { text in self.lock.withLock { self.errorText += text } })
    }
}
