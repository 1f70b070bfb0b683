import Foundation

// MARK: - Digests of the files a data model reads

/// The digest of a file a data model reads (`DataModel.sourceFiles`), recorded in a run's fingerprint so
/// `zoo run --resume` notices an input that changed since (docs/reliability.md).
public enum InputFileDigest {
    /// A stable 64-bit digest (FNV-1a, mixed) of a file's bytes as 16 hex digits, nil if unreadable.
    public static func of(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let mixed = StableHash.mix(StableHash.fnv1a(data) ^ UInt64(data.count))
        let hex = String(mixed, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
