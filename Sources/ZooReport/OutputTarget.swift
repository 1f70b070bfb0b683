import Foundation
import ZooCore

// MARK: - The one output layer

/// A file a command names on its command line, for messages (`option` is `--out`, `--report`,
/// `--train`, `the experiment file`, …).
public struct NamedFile: Sendable, Equatable {
    public let option: String
    public let path: String
    public init(_ option: String, _ path: String) {
        self.option = option
        self.path = path
    }
}

/// Every file any `zoo` command writes goes through an `OutputTarget` (docs/reliability.md). Opening
/// one applies the whole policy before any work starts:
///
/// 1. **Regular files only.** An existing output that is not a regular file (a directory, a device, a
///    FIFO, a socket), and any path under `/dev/` or `/proc/` (`/dev/null`, `/dev/stdout`, whatever they
///    point to), is refused: results go to standard output when no `--out` is given. Nothing that is not
///    a regular file is ever renamed over or truncated.
/// 2. **Symbolic links are followed.** A link is resolved to its final target (a chain is followed to
///    the end) and everything below applies to the target: the link stays, the target is replaced. A link
///    to a missing file is refused.
/// 3. **Never an input.** An output that is any input of the same command, or another output, is refused:
///    same device and inode for existing files (so every spelling, symbolic link or hard link is caught),
///    otherwise the same resolved absolute path. `FILE.partial` may not be an input either.
/// 4. **One writer.** The target takes an exclusive `flock(2)` on the final file itself (created empty if
///    absent) and holds it until the write is committed or abandoned; every zoo command does the same, so
///    a second writer of one file — by any spelling — is refused at once. The kernel drops the lock when
///    the process ends however it ends.
/// 5. **One overwrite rule.** An existing non-empty file is refused unless the command was given `--force`
///    (`zoo run` also accepts `--resume`, which appends to it); an empty file is treated as absent.
/// 6. **Atomic replacement.** Whole files are written to `FILE.partial`, flushed, and renamed over FILE
///    while the lock is held, so FILE is either the old file or the complete new one; appends (`zoo run`)
///    go to FILE itself under the lock.
/// 7. **Honest failures.** A full disk is reported as a full disk (`ENOSPC`), never as "not writable".
public final class OutputTarget: @unchecked Sendable {
    /// What to do with an existing non-empty file.
    public enum Existing: Sendable, Equatable {
        /// Refuse it; `hint` is the fix the message names (e.g. "pass --force to replace it").
        case refuse(hint: String)
        /// Replace it (`--force`).
        case replace
        /// Keep it open for appending (`zoo run --out`; the caller decides with `--resume`).
        case append
    }

    /// The option that named this output, for messages.
    public let option: String
    /// The path as given.
    public let path: String
    /// The file actually written: `path` with symbolic links resolved.
    public let finalPath: String
    /// Where whole-file writes go before the rename.
    public var partialPath: String { finalPath + Self.partialSuffix }
    /// The suffix of the file written before the rename.
    public static let partialSuffix = ".partial"
    /// The size of the file when it was opened (0 for a new file).
    public let existingBytes: Int

    /// The locked descriptor of the final file (`O_RDWR | O_APPEND`), -1 once released.
    public private(set) var descriptor: Int32
    private var created: Bool
    private var partialDescriptor: Int32 = -1
    private let lock = NSLock()

    private init(option: String, path: String, finalPath: String, descriptor: Int32, created: Bool, existingBytes: Int)
    {
        self.option = option
        self.path = path
        self.finalPath = finalPath
        self.descriptor = descriptor
        self.created = created
        self.existingBytes = existingBytes
    }

    deinit { release() }

    // MARK: Opening

    /// Checks every output against the policy and against the command's inputs, then locks each one.
    /// Nothing is created or locked unless every output passes the checks.
    public static func open(_ outputs: [NamedFile], inputs: [NamedFile] = [], existing: Existing) throws(ZooError)
        -> [OutputTarget]
    {
        var resolved = [(NamedFile, String)]()
        for output in outputs { resolved.append((output, try resolve(output))) }
        let others = outputs + inputs
        for (i, (output, final)) in resolved.enumerated() {
            for (j, other) in others.enumerated() where j != i {
                if sameFile(final, other.path) {
                    let what = j < outputs.count ? "" : " (an input of this command)"
                    throw .usage(
                        "\(output.option) '\(output.path)' and \(other.option) '\(other.path)' are the same file\(what): choose a different \(output.option) file"
                    )
                }
                if j >= outputs.count && sameFile(final + partialSuffix, other.path) {
                    throw .usage(
                        "\(output.option) '\(output.path)' would be written via '\(final + partialSuffix)', which is \(other.option): choose a different \(output.option) file"
                    )
                }
            }
        }
        var targets = [OutputTarget]()
        do throws(ZooError) {
            for (output, final) in resolved {
                let target = try lockFile(output, final: final)
                targets.append(target)
                if target.existingBytes > 0, case .refuse(let hint) = existing {
                    throw .usage(
                        "\(output.option) '\(output.path)' already exists and is not empty (\(target.existingBytes) bytes): \(hint)"
                    )
                }
            }
        } catch {
            for target in targets { target.release() }
            throw error
        }
        return targets
    }

    /// Opens one output (see `open(_:inputs:existing:)`).
    public static func open(_ option: String, _ path: String, inputs: [NamedFile] = [], existing: Existing)
        throws(ZooError) -> OutputTarget
    {
        try open([NamedFile(option, path)], inputs: inputs, existing: existing)[0]
    }

    /// The rule text for `--force` refusals.
    public static let forceHint = "pass --force to replace it, or choose another file"

    /// The path to write: the final target of a symbolic link, after the checks that need no lock.
    static func resolve(_ output: NamedFile) throws(ZooError) -> String {
        let path = output.path
        guard !path.isEmpty else { throw .usage("\(output.option) needs a file name, got an empty string") }
        if path == "-" {
            throw .usage(
                "\(output.option) '-': leave out \(output.option) to write to standard output (zoo writes only regular files)"
            )
        }
        let stdoutHint = output.option == "--out" ? " (leave out --out to write to standard output)" : ""
        if path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
            throw .usage(
                "\(output.option) '\(path)' names a device or process file: zoo writes only regular files\(stdoutHint)")
        }
        var final = path
        var info = stat()
        if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            guard let real = realpath(path, nil) else {
                throw .usage(
                    "\(output.option) '\(path)' is a symbolic link to a missing file: create its target or remove the link"
                )
            }
            final = String(cString: real)
            free(real)
        }
        if stat(final, &info) == 0 {
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG else {
                throw .usage("\(output.option) '\(path)' is \(kind(type)): zoo writes only regular files\(stdoutHint)")
            }
            guard access(final, W_OK) == 0 else {
                throw .io("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        }
        let directory = parentDirectory(of: final)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .io("cannot write '\(path)': the directory '\(directory)' does not exist")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw .io(
                "cannot write '\(path)': the directory '\(directory)' is not writable (files are replaced via a new file in it)"
            )
        }
        return final
    }

    /// Opens (creating if needed) and locks the final file; retries if it was replaced meanwhile.
    static func lockFile(_ output: NamedFile, final: String) throws(ZooError) -> OutputTarget {
        for _ in 0..<8 {
            var created = false
            var fd = Foundation.open(final, O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)
            if fd < 0 && errno == ENOENT {
                fd = Foundation.open(
                    final, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0o644)
                created = fd >= 0
                if fd < 0 && errno == EEXIST { continue }
            }
            guard fd >= 0 else { throw openError(output, errno: errno) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw .usage(
                    "\(output.option) '\(output.path)' is \(kind(info.st_mode & S_IFMT)): zoo writes only regular files"
                )
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                let reason = String(cString: strerror(errno))
                close(fd)
                throw busy
                    ? .io(
                        "'\(output.path)' is locked: another zoo command is writing it; wait for it to finish or choose another \(output.option) file"
                    )
                    : .io("cannot lock '\(output.path)': \(reason)")
            }
            var now = stat()
            guard stat(final, &now) == 0, now.st_dev == info.st_dev, now.st_ino == info.st_ino else {
                close(fd)  // replaced between open and lock: lock the new file
                continue
            }
            return OutputTarget(
                option: output.option, path: output.path, finalPath: final, descriptor: fd,
                created: created, existingBytes: Int(info.st_size))
        }
        throw .io("cannot lock '\(output.path)': it keeps being replaced by another program")
    }

    static func openError(_ output: NamedFile, errno code: Int32) -> ZooError {
        switch code {
        case ELOOP: .usage("\(output.option) '\(output.path)' is a symbolic link loop")
        case EISDIR: .usage("\(output.option) '\(output.path)' is a directory: zoo writes only regular files")
        default: diskError(code, writing: output.path)
        }
    }

    // MARK: Writing

    /// Replaces the file with `text` atomically (via `FILE.partial`), then releases the lock.
    public func replace(with text: String) throws(ZooError) {
        let fd = try beginPartial()
        do throws(ZooError) {
            try Self.writeAll(fd, Array(text.utf8), path: partialPath)
            try commitPartial()
        } catch {
            abandonPartial(removing: true)
            throw error
        }
    }

    /// Opens `FILE.partial` for writing (truncated) and returns its descriptor; see `commitPartial()`.
    public func beginPartial() throws(ZooError) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { throw .io("'\(path)' is no longer open for writing") }
        if partialDescriptor >= 0 { return partialDescriptor }
        var info = stat()
        if lstat(partialPath, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
            throw .usage(
                "'\(partialPath)' exists and is \(Self.kind(info.st_mode & S_IFMT)): remove it (zoo writes \(path) through it)"
            )
        }
        var mode: mode_t = 0o644
        if fstat(descriptor, &info) == 0 && !created { mode = info.st_mode & 0o777 }
        let fd = Foundation.open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw Self.diskError(errno, writing: partialPath) }
        partialDescriptor = fd
        return fd
    }

    /// Flushes `FILE.partial`, renames it over FILE while still holding the lock, and releases the lock.
    public func commitPartial() throws(ZooError) {
        lock.lock()
        defer { lock.unlock() }
        guard partialDescriptor >= 0 else { throw .io("'\(partialPath)' is not open") }
        guard fsync(partialDescriptor) == 0 else { throw Self.diskError(errno, writing: partialPath) }
        close(partialDescriptor)
        partialDescriptor = -1
        guard rename(partialPath, finalPath) == 0 else {
            throw .io("cannot rename '\(partialPath)' to '\(finalPath)': \(String(cString: strerror(errno)))")
        }
        let directory = Foundation.open(Self.parentDirectory(of: finalPath), O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        created = false
        closeLock()
    }

    /// Stops a partial write after a failure; `removing` deletes `FILE.partial` (a whole-file write),
    /// otherwise it stays with what was written (a streamed run's finished rows).
    public func abandonPartial(removing: Bool) {
        lock.lock()
        if partialDescriptor >= 0 {
            close(partialDescriptor)
            partialDescriptor = -1
            if removing { unlink(partialPath) }
        }
        lock.unlock()
        release()
    }

    /// Empties the final file (under the lock), for `zoo run --force`.
    public func truncate() throws(ZooError) {
        guard ftruncate(descriptor, 0) == 0 else { throw Self.diskError(errno, writing: path) }
    }

    /// Releases the lock; a file this target created and never wrote is removed, so a refused or failed
    /// command leaves nothing behind.
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        if partialDescriptor >= 0 {
            close(partialDescriptor)
            partialDescriptor = -1
        }
        guard descriptor >= 0 else { return }
        var info = stat()
        var now = stat()
        if created && fstat(descriptor, &info) == 0 && info.st_size == 0
            && stat(finalPath, &now) == 0 && now.st_ino == info.st_ino && now.st_dev == info.st_dev
        {
            unlink(finalPath)
        }
        closeLock()
    }

    private func closeLock() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    // MARK: Helpers

    /// Writes every byte (retrying partial writes and signals).
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ZooError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw diskError(errno, writing: path)
            }
            offset += written
        }
    }

    /// The message for a failed write, naming a full disk or quota as such.
    public static func diskError(_ code: Int32, writing path: String) -> ZooError {
        switch code {
        case ENOSPC:
            .io(
                "cannot write '\(path)': the disk is full (no space left on device): free some space and run the command again"
            )
        case EDQUOT:
            .io("cannot write '\(path)': the disk quota is exhausted: free some space and run the command again")
        case EACCES, EPERM, EROFS: .io("cannot write '\(path)': \(String(cString: strerror(code))) (not writable)")
        default: .io("cannot write '\(path)': \(String(cString: strerror(code)))")
        }
    }

    /// "a directory", "a device", … for a `stat` file type.
    static func kind(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "a directory"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// Whether two paths name the same file: same device and inode when both exist, otherwise the same
    /// resolved absolute path.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        if stat(a, &first) == 0 && stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return resolved(a) == resolved(b)
    }

    /// The absolute path with symbolic links (of the file, when it exists, and of its directory) and
    /// `..` resolved.
    static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
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

// MARK: - Whole-file writes

extension OutputTarget {
    /// Opens `path` under the policy and replaces it with `text` (one call for a whole file).
    public static func write(
        _ text: String, to path: String, option: String = "--out", inputs: [NamedFile] = [],
        existing: Existing = .replace
    ) throws(ZooError) {
        try open(option, path, inputs: inputs, existing: existing).replace(with: text)
    }
}
