import Foundation
import ZooCore
import ZooHarness

// MARK: - Streaming, crash-safe result output

/// Writes result rows as cells finish, so an interrupted sweep loses no finished result.
///
/// Every `write` hands the row's complete line to the operating system in one `write(2)` call before it
/// returns (no user-space buffering), so a crash or Ctrl-C after `write` returns keeps that row. The data
/// is forced to disk (`fsync`) only in `finish()`.
///
/// Where each mode applies (docs/conventions.md §7):
/// - `.append` — `zoo run --out FILE.jsonl`: rows are appended to FILE in place, so `--resume` can read
///   the finished cells back (`readResultFile(jsonLines:)`) and append the rest. An incomplete last line
///   left by an interrupted write is removed before the first append (`droppedIncompleteLine`).
/// - `.replaceOnFinish` — `zoo compare --out FILE` (and reports): rows go to `FILE.partial`, renamed to
///   FILE by `finish()`. A failed run leaves `FILE.partial` (with every finished row) and never a FILE
///   that looks complete; an existing FILE stays untouched until the rename.
///
/// The `table` format cannot stream: its rows are collected and the table is written by `finish()`
/// (not allowed with `.append`). The sink is safe to use from concurrent cells (writes are serialised).
public final class ResultSink: @unchecked Sendable {
    /// How a file sink treats its destination; see the type's documentation.
    public enum Mode: Sendable {
        case append
        case replaceOnFinish
    }

    /// The destination file and the format.
    public let path: String?
    public let format: ResultFormat
    public let mode: Mode
    /// The file rows are written to while the run lasts (`FILE.partial` for `.replaceOnFinish`).
    public var workingPath: String? { path.map { mode == .replaceOnFinish ? $0 + Self.partialSuffix : $0 } }
    /// In `.append` mode: the 1-based number of an incomplete last line removed from the existing file.
    public private(set) var droppedIncompleteLine: Int?

    /// The suffix of the file written while a `.replaceOnFinish` run lasts.
    public static let partialSuffix = ".partial"

    private let lock = NSLock()
    private var handle: FileHandle?
    /// The task whose CSV header has been written (or found in an appended file).
    private var csvHeaderTask: Task?
    /// For an appended CSV file: its existing first line, checked against the header of the first row.
    private var existingCSVHeader: String?
    /// Rows kept for the `table` format.
    private var tableRows: [ResultRow] = []
    private var finished = false

    // MARK: Opening

    /// Opens a file sink. `.append` creates FILE if needed; `.replaceOnFinish` creates or truncates
    /// `FILE.partial`.
    public init(path: String, format: ResultFormat, mode: Mode) throws(ZooError) {
        self.path = path
        self.format = format
        self.mode = mode
        if format == .table && mode == .append {
            throw ZooError.usage("the table format cannot be appended to '\(path)'; use --format jsonl or csv")
        }
        let working = mode == .replaceOnFinish ? path + Self.partialSuffix : path
        if mode == .append, FileManager.default.fileExists(atPath: working) {
            try prepareForAppend(working)
        } else {
            guard FileManager.default.createFile(atPath: working, contents: nil) else {
                throw ZooError.io("cannot create '\(working)'")
            }
        }
        guard let opened = FileHandle(forWritingAtPath: working) else { throw ZooError.io("cannot open '\(working)' for writing") }
        handle = opened
        do { try opened.seekToEnd() } catch { throw ZooError.io("cannot write '\(working)': \(error.localizedDescription)") }
    }

    /// Removes an incomplete last line (an interrupted write) and remembers an existing CSV header.
    private func prepareForAppend(_ file: String) throws(ZooError) {
        guard let data = FileManager.default.contents(atPath: file) else { throw ZooError.io("cannot read '\(file)'") }
        let text = String(decoding: data, as: UTF8.self)
        if format == .csv, let firstLine = text.split(separator: "\n", maxSplits: 1).first {
            existingCSVHeader = String(firstLine)
        }
        guard !data.isEmpty, data.last != UInt8(ascii: "\n") else { return }
        let keepCount = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let lastLine = String(decoding: data[keepCount...], as: UTF8.self)
        let isCompleteRow = format == .jsonl ? (try? ResultRowDecoder.decode(line: lastLine)) != nil : false
        do {
            let repair = try FileHandle(forUpdating: URL(fileURLWithPath: file))
            defer { try? repair.close() }
            if isCompleteRow {
                // A complete row that only lacks its line break: keep it.
                try repair.seekToEnd()
                try repair.write(contentsOf: Data("\n".utf8))
            } else {
                try repair.truncate(atOffset: UInt64(keepCount))
                droppedIncompleteLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
                if keepCount == 0 { existingCSVHeader = nil }
            }
        } catch {
            throw ZooError.io("cannot repair '\(file)': \(error.localizedDescription)")
        }
    }

    // MARK: Writing

    /// Writes one row (CSV and JSONL: immediately; table: kept for `finish()`).
    public func write(_ row: ResultRow) throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { throw ZooError.io("result output already finished") }
        switch format {
        case .table:
            tableRows.append(row)
        case .jsonl:
            try emit(JSONLinesResultWriter.line(for: row) + "\n")
        case .csv:
            var text = ""
            if csvHeaderTask != row.task {
                let header = CSVResultWriter.header(for: row.task)
                if let existing = existingCSVHeader, csvHeaderTask == nil {
                    guard existing == header else {
                        throw ZooError.invalidData("cannot append to '\(path ?? "-")': its header does not match the result columns")
                    }
                } else {
                    text += header + "\n"
                }
                csvHeaderTask = row.task
            }
            try emit(text + CSVResultWriter.line(for: row) + "\n")
        }
    }

    /// Writes all rows in order.
    public func write(_ rows: [ResultRow]) throws(ZooError) {
        for row in rows { try write(row) }
    }

    /// Completes the output: writes the table (table format), flushes to disk, closes the file and, for
    /// `.replaceOnFinish`, renames `FILE.partial` to FILE. Calling it twice does nothing.
    public func finish() throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        if format == .table { try emit(TableFormatter().format(tableRows)) }
        finished = true
        guard let handle, let path, let working = workingPath else { return }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw ZooError.io("cannot write '\(working)': \(error.localizedDescription)")
        }
        self.handle = nil
        if mode == .replaceOnFinish && rename(working, path) != 0 {
            throw ZooError.io("cannot rename '\(working)' to '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Stops after a failure: closes the file and leaves what was written (`FILE.partial` for
    /// `.replaceOnFinish`); FILE itself is not created or changed.
    public func abandon() {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        try? handle?.close()
        handle = nil
    }

    deinit { try? handle?.close() }

    private func emit(_ text: String) throws(ZooError) {
        guard let handle else { throw ZooError.io("result output to '\(workingPath ?? "-")' is closed") }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw ZooError.io("cannot write '\(workingPath ?? "-")': \(error.localizedDescription)")
        }
    }
}
