import Foundation
import ZooCore

// MARK: - Checking output paths before any work

/// Checks every file a command will write before any work starts, so a bad path fails at once with one
/// `error:` line and leaves nothing behind (no `FILE.partial`).
///
/// A path is accepted when it is non-empty, its directory exists and is writable, and it is either absent
/// or a regular file (a symbolic link to one counts as one). Device nodes, FIFOs, sockets and directories
/// are refused: results are written via `FILE.partial` and a rename, which would replace `/dev/null` itself.
/// No two outputs, and no output and input, may be the same file — compared by device and inode when
/// both exist, otherwise by the resolved absolute path (symbolic links and `..` followed).
public enum OutputPaths {
    /// One file a command writes (`option` names it in messages: `--out`, `--report`).
    public struct Output: Sendable {
        public let option: String
        public let path: String
        public init(_ option: String, _ path: String) {
            self.option = option
            self.path = path
        }
    }

    /// Checks `outputs` (nil paths are skipped) against each other and against the files the command reads.
    public static func check(_ outputs: [Output], inputs: [Output] = []) throws(ZooError) {
        for output in outputs { try checkOne(output) }
        let all = outputs + inputs
        for (i, output) in outputs.enumerated() {
            for other in all[(i + 1)...] where sameFile(output.path, other.path) {
                throw .usage("\(output.option) '\(output.path)' and \(other.option) '\(other.path)' are the same file: choose different files")
            }
        }
    }

    /// The checks of one output path.
    static func checkOne(_ output: Output) throws(ZooError) {
        let path = output.path
        guard !path.isEmpty else { throw .usage("\(output.option) needs a file name, got an empty string") }
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG else {
                let kind = type == S_IFDIR ? "a directory" : type == S_IFCHR || type == S_IFBLK ? "a device"
                    : type == S_IFIFO ? "a FIFO" : type == S_IFSOCK ? "a socket" : "not a regular file"
                throw .usage("\(output.option) '\(path)' is \(kind): zoo writes results only to regular files (a new or existing file)")
            }
            guard access(path, W_OK) == 0 else { throw .io("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        } else if lstat(path, &info) == 0 {
            throw .io("cannot write '\(path)': it is a symbolic link to a missing file")
        }
        let directory = parentDirectory(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .io("cannot write '\(path)': the directory '\(directory)' does not exist")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw .io("cannot write '\(path)': the directory '\(directory)' is not writable")
        }
    }

    /// Whether two paths name the same file (existing: same device and inode; otherwise the same
    /// resolved absolute path).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0 && stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return resolved(a) == resolved(b)
    }

    /// The absolute path with the directory's symbolic links and `..` resolved.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL.path
        return directory + "/" + url.lastPathComponent
    }

    /// The directory a path's file lives in (`.` for a bare name).
    static func parentDirectory(of path: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return directory.isEmpty ? "." : directory
    }
}
