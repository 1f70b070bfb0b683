// MARK: - Stable seeds

/// Seed derivation that is stable across runs, processes and platforms (Swift's `Hasher` is not).
public enum StableHash {
    /// 64-bit FNV-1a of the UTF-8 bytes, then mixed.
    public static func of(_ text: String) -> UInt64 { mix(fnv1a(text.utf8)) }

    /// 64-bit FNV-1a of a byte sequence, unmixed (the one FNV loop: seeds and file digests use it).
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Combines values into one well-mixed 64-bit seed.
    public static func combine(_ values: UInt64...) -> UInt64 {
        values.reduce(0x243F_6A88_85A3_08D3) { mix($0 ^ ($1 &+ 0x9E37_79B9_7F4A_7C15 &+ ($0 << 6) &+ ($0 >> 2))) }
    }

    /// A bijective 64-bit finaliser (SplitMix64's).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
