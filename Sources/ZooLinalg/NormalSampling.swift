import Foundation

// MARK: - Word sources

/// Anything that yields uniformly random 64-bit words: a `RandomStream`, or the buffered Philox block
/// reader used by the bulk fills.
protocol RandomWordSource {
    mutating func nextWord() -> UInt64
}

// MARK: - Ziggurat sampling

/// Standard-normal sampling by the 256-layer ziggurat (see `NormalZigguratTables`).
enum NormalZiggurat {
    /// Uniform on (0, 1] with 53 random bits: safe for `log`.
    @inline(__always)
    static func positiveUniform(_ word: UInt64) -> Double {
        Double((word >> 11) + 1) * 0x1.0p-53
    }

    /// The fast path for one word: the signed candidate if it lies inside its layer's inner rectangle,
    /// otherwise nil.
    @inline(__always)
    static func acceptFast(_ word: UInt64, _ tables: NormalZigguratTables) -> Double? {
        let layer = Int(truncatingIfNeeded: word & 0xFF)
        let magnitude = (word >> 8) & NormalZigguratTables.magnitudeMask
        guard magnitude < tables.acceptBelow[layer] else { return nil }
        let x = Double(Int64(bitPattern: magnitude)) * tables.scale[layer]
        return Double(bitPattern: x.bitPattern | (word & NormalZigguratTables.signBit))
    }

    /// One standard normal from `source`.
    @inline(__always)
    static func next<Source: RandomWordSource>(_ source: inout Source, _ tables: NormalZigguratTables) -> Double {
        let word = source.nextWord()
        if let x = acceptFast(word, tables) { return x }
        return afterFastRejection(word, &source, tables)
    }

    /// The slow path (about 1% of draws): the base layer's tail or a layer's wedge for `word`, then, if
    /// that candidate is rejected, fresh draws until one is accepted.
    @inline(never)
    static func afterFastRejection<Source: RandomWordSource>(
        _ firstWord: UInt64, _ source: inout Source, _ tables: NormalZigguratTables
    ) -> Double {
        var word = firstWord
        while true {
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let magnitude = (word >> 8) & NormalZigguratTables.magnitudeMask
            let negative = word & NormalZigguratTables.signBit != 0
            if magnitude < tables.acceptBelow[layer] {
                let x = Double(Int64(bitPattern: magnitude)) * tables.scale[layer]
                return negative ? -x : x
            }
            if layer == 0 {
                let x = tail(&source, tables.tailStart)
                return negative ? -x : x
            }
            // Wedge: a uniform height between f(X[i]) and f(X[i+1]) against f(x).
            let x = Double(Int64(bitPattern: magnitude)) * tables.scale[layer]
            let low = tables.density[layer]
            let high = tables.density[layer + 1]
            let height = low + positiveUniform(source.nextWord()) * (high - low)
            if height < NormalZigguratTables.density(x) { return negative ? -x : x }
            word = source.nextWord()
        }
    }

    /// Exact sampling of |Z| conditioned on |Z| > r (Marsaglia, 1964): with a = −ln(u₁)/r and
    /// b = −ln(u₂), accept r + a when 2b > a².
    static func tail<Source: RandomWordSource>(_ source: inout Source, _ r: Double) -> Double {
        while true {
            let a = -log(positiveUniform(source.nextWord())) / r
            let b = -log(positiveUniform(source.nextWord()))
            if 2 * b > a * a { return r + a }
        }
    }
}
