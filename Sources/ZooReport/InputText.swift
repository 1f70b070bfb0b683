import Foundation
import ZooCore
import ZooHarness

// MARK: - Reading an input text file

/// Reads a whole input file as UTF-8 text, with one message per cause: a missing file, a directory, a
/// device or FIFO, an unreadable file, bytes that are not UTF-8.
public enum InputText {
    public static func read(_ path: String, what: String) throws(ZooError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .io(
                "cannot read \(what) '\(path)': \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .usage("\(what) '\(path)' is a directory: name a file")
        default: throw .usage("\(what) '\(path)' is not a regular file (a device, FIFO or socket): name a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io("cannot read \(what) '\(path)': permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidData("\(what) '\(path)' is not UTF-8 text")
        }
        return text
    }
}

// MARK: - The row contract, as readers check it

/// What every reader of saved rows checks beyond the JSON shape (docs/reliability.md): the run header's
/// row format is one this zoo knows, and every metric is a number the contract allows — finite (±∞ only
/// in a theory column, `ResultMetric.allowsInfinity`) and not negative (risks, errors, norms and
/// seconds all are).
public enum RowContract {
    public static func check(_ contents: ResultFileContents, source: String) throws(ZooError) {
        if let format = contents.fingerprint?.rowFormat, format != RunFingerprint.currentRowFormat {
            throw .invalidData(
                "\(source): unknown row format \(format) in the run header (this zoo reads format \(RunFingerprint.currentRowFormat)): use the zoo that wrote the file"
            )
        }
        let metrics = Dictionary(
            ResultMetric.columns(for: .regression).map { ($0.name, $0) }
                + ResultMetric.columns(for: .classification).map { ($0.name, $0) },
            uniquingKeysWith: { first, _ in first })
        for (row, line) in zip(contents.rows, contents.rowLines) {
            for (name, value) in row.metrics.sorted(by: { $0.key < $1.key }) {
                if value.isNaN { continue }  // a null in an always-measured column (a value that was not finite)
                if value.isInfinite && metrics[name]?.allowsInfinity != true {
                    throw .invalidData(
                        "\(source), line \(line): \(name) is \(value > 0 ? "inf" : "-inf"), but only a theory column may be infinite: the row is corrupt"
                    )
                }
                guard value >= 0 else {
                    throw .invalidData(
                        "\(source), line \(line): \(name) is \(value), but risks, errors, norms and seconds are never negative: the row is corrupt"
                    )
                }
            }
        }
    }
}
