import CZlib
import Foundation
import ZooCore

// MARK: - Files that may be gzip-compressed

/// Reads a whole file, decompressing it through the system zlib when it is gzip-compressed (zlib reads
/// a file without the gzip signature unchanged). Errors name the file and the fix: a missing or
/// unreadable file, a corrupt or truncated gzip stream.
enum CompressedFile {
    /// Bytes read per zlib call.
    static let chunk = 1 << 20

    /// The file's (decompressed) bytes. `hint` is appended to the message for a missing file (for
    /// example how to install the data).
    static func read(_ path: String, hint: String = "") throws(ZooError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .io("cannot read '\(path)': no such file\(hint)")
        }
        guard !isDirectory.boolValue, let file = gzopen(path, "rb") else {
            throw .io(
                "cannot read '\(path)': \(isDirectory.boolValue ? "a directory, not a file" : "permission denied or not a file")"
            )
        }
        defer { gzclose(file) }
        gzbuffer(file, UInt32(chunk))
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunk)) }
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
            if count < 0 || (code != Z_OK && code != Z_BUF_ERROR) {
                throw .invalidData("\(path): corrupt gzip data (zlib: \(message)): download the file again")
            }
            if count > 0 { bytes.append(contentsOf: buffer[..<Int(count)]) }
            if count < chunk {
                if code == Z_BUF_ERROR {
                    throw .invalidData(
                        "\(path): the gzip stream ends early (truncated after \(bytes.count) bytes of data): download the file again"
                    )
                }
                return bytes
            }
        }
    }
}
