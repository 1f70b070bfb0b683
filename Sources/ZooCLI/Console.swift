import Foundation
import ZooCore
import ZooReport

// MARK: - Output streams

/// Where the command line writes: standard output for results, standard error for progress and
/// errors. Tests capture both with `Console.capturing()`.
///
/// Standard output is written with `write(2)` (every byte, retrying after a signal); a failed write
/// (a full disk, `> /dev/full`, a closed pipe) is remembered, later output is dropped, and
/// `checkOutput()` turns it into an error, so the command exits 1 with one `error:` line instead of
/// trapping or reporting success. A failed write to standard error is ignored (there is nowhere left
/// to report it).
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Bool
    private let writeError: (String) -> Void
    /// Whether standard error is a terminal (progress lines are redrawn in place only then).
    public let errorIsTerminal: Bool
    /// The width terminal tables are laid out for (`TerminalWidth`; the table default for captured output).
    public let tableWidth: Int
    private let lock = NSLock()
    private var outputFailure: String?

    /// `out` returns false when the text could not be written.
    public init(
        out: @escaping (String) -> Bool, error: @escaping (String) -> Void, errorIsTerminal: Bool = false,
        tableWidth: Int = TableFormatter.defaultWidth
    ) {
        writeOut = out
        writeError = error
        self.errorIsTerminal = errorIsTerminal
        self.tableWidth = tableWidth
    }

    public convenience init(
        out: @escaping (String) -> Void, error: @escaping (String) -> Void, errorIsTerminal: Bool = false,
        tableWidth: Int = TableFormatter.defaultWidth
    ) {
        self.init(
            out: { (text: String) -> Bool in
                out(text)
                return true
            }, error: error, errorIsTerminal: errorIsTerminal,
            tableWidth: tableWidth)
    }

    /// The process's real standard output and error.
    public static func standard() -> Console {
        Console(
            out: { (text: String) -> Bool in writeAll(STDOUT_FILENO, text) },
            error: { _ = writeAll(STDERR_FILENO, $0) },
            errorIsTerminal: isatty(STDERR_FILENO) == 1, tableWidth: TerminalWidth.current())
    }

    /// Writes all of `text` to `descriptor`; false (with `errno` set) if a write failed.
    static func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Writes a line (or text ending in a newline) to standard output.
    public func print(_ text: String = "") { write(text.hasSuffix("\n") ? text : text + "\n") }
    /// Writes raw text to standard output.
    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard outputFailure == nil else { return }
        if !writeOut(text) {
            let reason = errno == 0 ? "write failed" : String(cString: strerror(errno))
            outputFailure = "cannot write to standard output: \(reason)"
        }
    }

    /// Throws if an earlier write to standard output failed.
    public func checkOutput() throws(ZooError) {
        let failure = lock.withLock { outputFailure }
        if let failure { throw .io(failure) }
    }
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
        Console(
            out: { text in self.lock.withLock { self.outText += text } },
            error: { text in self.lock.withLock { self.errorText += text } })
    }
}

// MARK: - Rows on standard output

extension Console {
    /// The output layer on standard output (`ResultSink`): each row's text is written at once, and a
    /// failed write stops the run with an error.
    func resultSink(
        format: ResultFormat, parameterColumns: ParameterColumns = ParameterColumns(names: []),
        table: TableFormatter, keepsRows: Bool = false
    ) -> ResultSink {
        ResultSink(
            standardOutput: { text throws(ZooError) in
                self.write(text)
                try self.checkOutput()
            }, format: format, parameterColumns: parameterColumns, table: table, keepsRows: keepsRows)
    }
}
