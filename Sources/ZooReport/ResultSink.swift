import Foundation
import ZooCore
import ZooHarness

// MARK: - Streaming, crash-safe result output

/// The one output-format switch: writes result rows in a `ResultFormat` to a file (through an
/// `OutputTarget`) or to standard output, as cells finish, so an interrupted sweep loses no finished
/// result. CSV writes its header before the first row (and again when the task changes), JSON Lines
/// one line per row, and the table is written once, by `finish()`. Every command that writes rows —
/// `zoo compare`, `zoo run`, `zoo reproduce`, `zoo theory`, `zoo report --format`, `zoo merge` — goes
/// through it; it is the `RowSink` a harness run (`ExperimentRun`) writes to.
///
/// The file is opened with `O_APPEND` and every `write` hands the row's complete line to the operating
/// system in one `write(2)` call before it returns (no user-space buffering), so a crash or Ctrl-C after
/// `write` returns keeps that row, and concurrent appends can never interleave inside a line. The data
/// is forced to disk (`fsync`) only in `finish()`.
///
/// **One writer.** The sink writes through an `OutputTarget` (the one output layer, docs/reliability.md),
/// which holds an exclusive `flock(2)` lock on the final FILE from opening to `finish()`/`abandon()`; a
/// second writer of FILE — another `zoo` command, or this one, by any spelling — is refused.
///
/// Where each mode applies (docs/conventions.md §7):
/// - `.append` — `zoo run --out FILE.jsonl`: rows are appended to FILE in place, so `--resume` can read
///   the finished cells back (`existingContents`, read under the lock) and append the rest. An incomplete
///   last line left by an interrupted write is removed before the first append (`droppedIncompleteLine`).
/// - `.replaceOnFinish` — `zoo compare --out FILE` (and reports): rows go to `FILE.partial`, renamed to
///   FILE by `finish()`. A failed run leaves `FILE.partial` (with every finished row) and never a FILE
///   that looks complete; an existing FILE stays untouched until the rename.
///
/// The `table` format cannot stream: its rows are collected and the table is written by `finish()`
/// (not allowed with `.append`). The sink is safe to use from concurrent cells (writes are serialised).
/// On standard output (`init(standardOutput:…)`) there is no file: no mode, lock, header or rename.
public final class ResultSink: RowSink, @unchecked Sendable {
    /// How a file sink treats its destination; see the type's documentation.
    public enum Mode: Sendable {
        case append
        case replaceOnFinish
    }

    /// The destination file and the format.
    public let path: String?
    public let format: ResultFormat
    public let mode: Mode
    /// The file rows are written to while the run lasts (`FILE.partial` for `.replaceOnFinish`; nil on
    /// standard output).
    public var workingPath: String? {
        guard let target else { return nil }
        return mode == .replaceOnFinish ? target.partialPath : target.finalPath
    }
    /// In `.append` mode: the 1-based number of an incomplete last line removed from the existing file.
    public private(set) var droppedIncompleteLine: Int?
    /// In `.append` mode: the file's text when it was opened (read under the lock, after the repair).
    public private(set) var existingText = ""

    /// The suffix of the file written while a `.replaceOnFinish` run lasts.
    public static let partialSuffix = OutputTarget.partialSuffix
    /// The output layer's handle on the file (it holds the lock); nil on standard output.
    private let target: OutputTarget?
    /// Standard output's writer (nil for a file).
    private let standardOutput: ((String) throws(ZooError) -> Void)?

    private let lock = NSLock()
    /// The run header, written to the sidecar (`RunHeaderFile`) by `finish()` in `.replaceOnFinish` mode.
    private var pendingHeader: RunFingerprint?
    /// The CSV parameter columns (`ParameterColumns`), fixed before the first row so the header is known.
    public let parameterColumns: ParameterColumns
    /// The layout of the `table` format.
    public let table: TableFormatter
    /// The descriptor rows are written to (the target's; -1 once closed).
    private var descriptor: Int32 = -1
    /// The task whose CSV header has been written (or found in an appended file).
    private var csvHeaderTask: Task?
    /// For an appended CSV file: its existing first line, checked against the header of the first row.
    private var existingCSVHeader: String?
    /// Whether every written row is kept in `rows` (always for the `table` format).
    public let keepsRows: Bool
    /// The rows written, when kept (`keepsRows`), for a table, a report or checks after the run.
    public var rows: [ResultRow] { lock.withLock { keptRows } }
    /// The number of rows written so far.
    public var rowCount: Int { lock.withLock { writtenRows } }
    private var keptRows: [ResultRow] = []
    private var writtenRows = 0
    private var finished = false

    // MARK: Opening

    /// Opens a file sink on `path` through the output layer (`.append`: an existing file is kept for
    /// appending; `.replaceOnFinish`: it is replaced).
    public convenience init(
        path: String, format: ResultFormat, mode: Mode,
        parameterColumns: ParameterColumns = ParameterColumns(names: []),
        table: TableFormatter = TableFormatter(), keepsRows: Bool = false
    ) throws(ZooError) {
        try self.init(
            target: OutputTarget.open("--out", path, existing: mode == .append ? .append : .replace),
            format: format, mode: mode, parameterColumns: parameterColumns, table: table, keepsRows: keepsRows)
    }

    /// A sink on standard output: `write` receives the text of each row (CSV, JSON Lines) or, from
    /// `finish()`, the table, and throws when standard output fails (which stops the run at once).
    public init(
        standardOutput write: @escaping (String) throws(ZooError) -> Void, format: ResultFormat,
        parameterColumns: ParameterColumns = ParameterColumns(names: []),
        table: TableFormatter = TableFormatter(), keepsRows: Bool = false
    ) {
        target = nil
        standardOutput = write
        path = nil
        self.format = format
        mode = .replaceOnFinish
        self.parameterColumns = parameterColumns
        self.table = table
        self.keepsRows = keepsRows || format == .table
    }

    /// A sink on an opened (locked) target. `.append` writes to the final file; `.replaceOnFinish`
    /// creates or truncates `FILE.partial` (the lock on FILE is already held, so another run's partial
    /// file is never clobbered).
    public init(
        target: OutputTarget, format: ResultFormat, mode: Mode,
        parameterColumns: ParameterColumns = ParameterColumns(names: []),
        table: TableFormatter = TableFormatter(), keepsRows: Bool = false
    ) throws(ZooError) {
        self.target = target
        standardOutput = nil
        self.path = target.path
        self.format = format
        self.mode = mode
        self.parameterColumns = parameterColumns
        self.table = table
        self.keepsRows = keepsRows || format == .table
        do throws(ZooError) {
            if format == .table && mode == .append {
                throw ZooError.usage(
                    "the table format cannot be appended to '\(target.path)'; use --format jsonl or csv")
            }
            if mode == .append {
                descriptor = target.descriptor
                try prepareForAppend(target.path)
            } else {
                descriptor = try target.beginPartial()
            }
        } catch {
            target.release()
            throw error
        }
    }

    /// `zoo run --force`: empties the appended file (under the lock) before the run starts.
    public func discardExisting() throws(ZooError) {
        try target?.truncate()
        existingText = ""
        existingCSVHeader = nil
        droppedIncompleteLine = nil
    }

    /// Reads the whole file through the locked descriptor.
    private func readAll(_ file: String) throws(ZooError) -> [UInt8] {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ZooError.io("cannot read '\(file)': \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            offset += off_t(count)
        }
    }

    /// Removes an incomplete last line (an interrupted write) and remembers an existing CSV header.
    private func prepareForAppend(_ file: String) throws(ZooError) {
        let data = try readAll(file)
        existingText = String(decoding: data, as: UTF8.self)
        if format == .csv, let firstLine = TextLines.split(existingText).first, !firstLine.isEmpty {
            existingCSVHeader = String(firstLine)
        }
        guard !data.isEmpty, data.last != UInt8(ascii: "\n") else { return }
        let keepCount = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let lastLine = String(decoding: data[keepCount...], as: UTF8.self)
        let isComplete =
            format == .jsonl
            && ((try? ResultRowDecoder.decode(line: lastLine)) != nil
                || (try? RunFingerprint.parseHeader(lastLine)) != nil)
        if isComplete {
            // A complete row (or header) that only lacks its line break: keep it.
            try emit("\n")
            existingText += "\n"
        } else {
            guard ftruncate(descriptor, off_t(keepCount)) == 0 else {
                throw ZooError.io("cannot repair '\(file)': \(String(cString: strerror(errno)))")
            }
            droppedIncompleteLine = TextLines.split(existingText).count
            existingText = String(decoding: data[..<keepCount], as: UTF8.self)
            if keepCount == 0 { existingCSVHeader = nil }
        }
    }

    /// Records the run header in the sidecar file `FILE.run.json` (`RunHeaderFile`): at once in
    /// `.append` mode (before the first row), with the rename in `finish()` in `.replaceOnFinish` mode.
    /// The result file itself holds rows only.
    public func writeHeader(_ fingerprint: RunFingerprint) throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard let path, target != nil else { return }
        if mode == .append { try RunHeaderFile.write(fingerprint, for: path) } else { pendingHeader = fingerprint }
    }

    // MARK: Writing

    /// Writes one row (CSV and JSONL: immediately; table: kept for `finish()`).
    public func write(_ row: ResultRow) throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { throw ZooError.io("result output already finished") }
        switch format {
        case .table:
            break
        case .jsonl:
            try emit(JSONLinesResultWriter.line(for: row) + "\n")
        case .csv:
            var text = ""
            if csvHeaderTask != row.task {
                let header = CSVResultWriter.header(for: row.task, parameters: parameterColumns)
                if let existing = existingCSVHeader, csvHeaderTask == nil {
                    guard existing == header else {
                        throw ZooError.invalidData(
                            "cannot append to '\(path ?? "-")': its header does not match the result columns")
                    }
                } else {
                    text += header + "\n"
                }
                csvHeaderTask = row.task
            }
            try emit(text + CSVResultWriter.line(for: row, parameters: parameterColumns) + "\n")
        }
        if keepsRows { keptRows.append(row) }
        writtenRows += 1
    }

    /// Writes all rows in order.
    public func write(_ rows: [ResultRow]) throws(ZooError) {
        for row in rows { try write(row) }
    }

    /// Completes the output: writes the table (table format), flushes to disk, closes the file (releasing
    /// the lock) and, for `.replaceOnFinish`, renames `FILE.partial` to FILE. Calling it twice does nothing.
    public func finish() throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        if format == .table { try emit(table.format(keptRows)) }
        finished = true
        guard let target, descriptor >= 0 else { return }
        defer { descriptor = -1 }
        if let pendingHeader, let path {
            // The sidecar first, so a complete FILE always has its run header beside it.
            do throws(ZooError) { try RunHeaderFile.write(pendingHeader, for: path) } catch {
                target.abandonPartial(removing: false)
                throw error
            }
        }
        if mode == .replaceOnFinish {
            try target.commitPartial()  // fsync, rename while still holding the lock, release
        } else {
            guard fsync(descriptor) == 0 else {
                let code = errno
                target.release()
                throw OutputTarget.diskError(code, writing: target.path)
            }
            target.release()
        }
    }

    /// Stops after a failure: closes the file and leaves what was written (`FILE.partial` for
    /// `.replaceOnFinish`); FILE itself is not created or changed.
    public func abandon() {
        lock.lock()
        defer { lock.unlock() }
        finished = true
        descriptor = -1
        target?.abandonPartial(removing: false)
    }

    /// Hands `text` to the kernel; a line fits one `write(2)` call (partial writes are retried).
    private func emit(_ text: String) throws(ZooError) {
        if let standardOutput { return try standardOutput(text) }
        guard descriptor >= 0 else { throw ZooError.io("result output to '\(workingPath ?? "-")' is closed") }
        try OutputTarget.writeAll(descriptor, Array(text.utf8), path: workingPath ?? "-")
    }
}
