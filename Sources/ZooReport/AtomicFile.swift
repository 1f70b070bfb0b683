import Foundation
import ZooCore
import ZooHarness

// MARK: - Whole-file writes that never look complete when they fail

/// Writes a whole file via `PATH.partial` and a rename, so a failure never leaves a file at PATH that
/// looks complete (an existing PATH stays untouched until the rename).
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(ZooError) {
        let partial = path + ResultSink.partialSuffix
        guard FileManager.default.createFile(atPath: partial, contents: Data(text.utf8)) else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let reason = FileManager.default.fileExists(atPath: directory) ? "not writable" : "the directory '\(directory)' does not exist"
            throw ZooError.io("cannot write '\(path)': \(reason)")
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: partial)
            throw ZooError.io("cannot rename '\(partial)' to '\(path)': \(reason)")
        }
    }
}
