// MARK: - Philox4x32-10

/// The Philox4x32-10 counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3" (SC'11).
///
/// A 128-bit counter `(c0, c1, c2, c3)` and a 64-bit key `(k0, k1)` map to 128 random bits through ten
/// rounds of
///
///     (hi0, lo0) = M0 · c0,  (hi1, lo1) = M1 · c2          (32×32 → 64-bit products)
///     (c0, c1, c2, c3) ← (hi1 ⊕ c1 ⊕ k0, lo1, hi0 ⊕ c3 ⊕ k1, lo0)
///
/// with the key bumped by the Weyl constants `(W0, W1)` between rounds. Because the output is a pure
/// function of (key, counter), any position of any stream is computable directly, which is what makes
/// parallel fills independent of the thread count.
enum Philox {
    /// Round multipliers.
    static let multiplier0: UInt64 = 0xD251_1F53
    static let multiplier1: UInt64 = 0xCD9E_8D57
    /// Key schedule increments (golden ratio and √3 − 1, as 32-bit fractions).
    static let weyl0: UInt32 = 0x9E37_79B9
    static let weyl1: UInt32 = 0xBB67_AE85
    /// Number of rounds (Philox4x32-10).
    static let rounds = 10
    private static let low32: UInt64 = 0xFFFF_FFFF

    /// The 128-bit output for one counter, as four 32-bit words.
    @inline(__always)
    static func block(_ counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<rounds {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let product0 = multiplier0 &* UInt64(c0)
            let product1 = multiplier1 &* UInt64(c2)
            c0 = UInt32(truncatingIfNeeded: product1 >> 32) ^ c1 ^ k0
            c1 = UInt32(truncatingIfNeeded: product1)
            c2 = UInt32(truncatingIfNeeded: product0 >> 32) ^ c3 ^ k1
            c3 = UInt32(truncatingIfNeeded: product0)
        }
        return (c0, c1, c2, c3)
    }

    /// The two 64-bit words of one counter's output: `(out0 | out1 << 32, out2 | out3 << 32)`.
    @inline(__always)
    static func words(_ counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)) -> (UInt64, UInt64) {
        let out = block(counter, key: key)
        return (UInt64(out.0) | UInt64(out.1) << 32, UInt64(out.2) | UInt64(out.3) << 32)
    }

    /// Number of counters evaluated together by `fillWords` (SIMD lanes).
    static let batchWidth = 8

    /// Writes the outputs of the `batchWidth` counters `(first + j, c1, c2, c3)`, j = 0..<8, to
    /// `destination[0..<16]`: first word of counter j at `j`, second at `8 + j`.
    ///
    /// Identical to eight calls of `words`; the lanes hold 32-bit values in 64-bit slots so that each
    /// product is a single `vpmuludq` (see `round` below).
    @inline(__always)
    static func fillWords(
        _ destination: UnsafeMutablePointer<UInt64>, first: UInt32,
        c1: UInt32, c2: UInt32, c3: UInt32, key: (UInt32, UInt32)
    ) {
        typealias Lanes = SIMD8<UInt64>
        let mask = Lanes(repeating: low32)
        var x0 = (Lanes(repeating: UInt64(first)) &+ Lanes(0, 1, 2, 3, 4, 5, 6, 7)) & mask
        var x1 = Lanes(repeating: UInt64(c1))
        var x2 = Lanes(repeating: UInt64(c2))
        var x3 = Lanes(repeating: UInt64(c3))
        /// One round with key `(k0, k1)`, written out ten times below rather than looped. Only the low
        /// 32 bits of each lane are meaningful: the high halves carry junk that the masks at the
        /// multiplies and at the end discard. Masking just before `&*` lets the compiler emit a single
        /// `vpmuludq` per product and drop the mask, since that instruction ignores the high halves.
        @inline(__always) func round(_ k0: UInt32, _ k1: UInt32) {
            let product0 = (x0 & mask) &* Lanes(repeating: multiplier0)
            let product1 = (x2 & mask) &* Lanes(repeating: multiplier1)
            x0 = (product1 &>> 32) ^ x1 ^ Lanes(repeating: UInt64(k0))
            x1 = product1
            x2 = (product0 &>> 32) ^ x3 ^ Lanes(repeating: UInt64(k1))
            x3 = product0
        }
        let (k0, k1) = key
        round(k0, k1)
        round(k0 &+ weyl0, k1 &+ weyl1)
        round(k0 &+ 2 &* weyl0, k1 &+ 2 &* weyl1)
        round(k0 &+ 3 &* weyl0, k1 &+ 3 &* weyl1)
        round(k0 &+ 4 &* weyl0, k1 &+ 4 &* weyl1)
        round(k0 &+ 5 &* weyl0, k1 &+ 5 &* weyl1)
        round(k0 &+ 6 &* weyl0, k1 &+ 6 &* weyl1)
        round(k0 &+ 7 &* weyl0, k1 &+ 7 &* weyl1)
        round(k0 &+ 8 &* weyl0, k1 &+ 8 &* weyl1)
        round(k0 &+ 9 &* weyl0, k1 &+ 9 &* weyl1)
        let first64 = (x0 & mask) | (x1 &<< 32)
        let second64 = (x2 & mask) | (x3 &<< 32)
        UnsafeMutableRawPointer(destination).storeBytes(of: first64, as: Lanes.self)
        UnsafeMutableRawPointer(destination + batchWidth).storeBytes(of: second64, as: Lanes.self)
    }

    /// The Philox key for a user seed: a bijective 64-bit finaliser (so nearby seeds give unrelated keys),
    /// split into two 32-bit halves.
    static func key(seed: UInt64) -> (UInt32, UInt32) {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (UInt32(truncatingIfNeeded: z), UInt32(truncatingIfNeeded: z >> 32))
    }
}
