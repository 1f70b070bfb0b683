// MARK: - RandomStream

/// A seedable, counter-based random stream. Streams with different `(seed, stream)` are independent.
///
/// Word i of stream `(seed, stream)` is half `i mod 2` of the Philox4x32-10 output (see `Philox`) for
/// key `Philox.key(seed:)` and counter `(lo32(i/2), hi32(i/2), lo32(stream), hi32(stream))`, so any
/// position is computable directly. The bulk fills (`fillStandardNormal`, `fillUniform`) use counters
/// with bit 31 or 30 of the second counter word set, a range a stream reaches only after 2⁶³ draws.
public struct RandomStream: Sendable {
    private let key: (UInt32, UInt32)
    private let streamLow: UInt32
    private let streamHigh: UInt32
    /// First counter of the next batch (a multiple of `Philox.batchWidth`).
    private var nextCounter: UInt64 = 0
    /// The current batch: the two words of counter `c` at `c mod 8` and `8 + c mod 8`.
    private var batch = SIMD16<UInt64>()
    /// Words of the current batch already returned.
    private var position = Self.wordsPerBatch

    private static let wordsPerBatch = 2 * Philox.batchWidth

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.init(seed: seed, stream: stream, wordPosition: 0)
    }

    /// A stream positioned at word `wordPosition` (the next `nextUInt64` returns that word).
    init(seed: UInt64, stream: UInt64, wordPosition: UInt64) {
        key = Philox.key(seed: seed)
        streamLow = UInt32(truncatingIfNeeded: stream)
        streamHigh = UInt32(truncatingIfNeeded: stream >> 32)
        let wordsPerBatch = UInt64(Self.wordsPerBatch)
        nextCounter = wordPosition / wordsPerBatch * UInt64(Philox.batchWidth)
        if wordPosition % wordsPerBatch != 0 {
            refill()
            position = Int(wordPosition % wordsPerBatch)
        }
    }

    // MARK: Uniform bits

    /// The next 64 uniformly random bits.
    public mutating func nextUInt64() -> UInt64 {
        if position == Self.wordsPerBatch { refill() }
        // Word p of the batch is half p mod 2 of counter p / 2.
        let word = batch[(position & 1) &* Philox.batchWidth &+ (position >> 1)]
        position &+= 1
        return word
    }

    /// Evaluates the next eight counters at once (the SIMD Philox). A batch starts at a multiple of 8, so
    /// its counters share their high 32 bits.
    private mutating func refill() {
        let first = UInt32(truncatingIfNeeded: nextCounter)
        let high = UInt32(truncatingIfNeeded: nextCounter >> 32)
        withUnsafeMutablePointer(to: &batch) { pointer in
            pointer.withMemoryRebound(to: UInt64.self, capacity: Self.wordsPerBatch) { words in
                Philox.fillWords(words, first: first, c1: high, c2: streamLow, c3: streamHigh, key: key)
            }
        }
        nextCounter &+= UInt64(Philox.batchWidth)
        position = 0
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(nextUInt64() >> 11) * 0x1.0p-53 }

    /// Uniform on `0..<bound` (bound > 0), without modulo bias (Lemire's multiply-and-reject method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = nextUInt64().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = nextUInt64().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    // MARK: Normals

    /// A standard normal draw (256-layer ziggurat, exact tail).
    public mutating func nextNormal() -> Double {
        NormalZiggurat.next(&self, NormalZigguratTables.shared)
    }

    /// Dimensions from which `fillNormals` switches from `nextNormal` to a bulk fill.
    static let bulkNormalThreshold = 64

    /// Fills `buffer` with independent standard normals. Short buffers take `nextNormal()` draws; from
    /// `bulkNormalThreshold` values on, two words of this stream become the `(seed, stream)` of a
    /// `fillStandardNormal` call, which is several times faster per value.
    public mutating func fillNormals(_ buffer: UnsafeMutableBufferPointer<Double>) {
        if buffer.count < Self.bulkNormalThreshold {
            for i in buffer.indices { buffer[i] = nextNormal() }
        } else {
            let seed = nextUInt64()
            let stream = nextUInt64()
            fillStandardNormal(buffer, seed: seed, stream: stream)
        }
    }

    // MARK: Permutations and seeds

    /// A uniformly random permutation of `0..<count` (Fisher–Yates).
    public mutating func shuffledIndices(count: Int) -> [Int] {
        var indices = Array(0..<max(0, count))
        var i = indices.count - 1
        while i > 0 {
            indices.swapAt(i, nextInt(below: i + 1))
            i -= 1
        }
        return indices
    }

    /// A seed derived from `seed` and a list of labels (for example a repetition index and a component
    /// tag), by chaining Philox evaluations keyed by the running value. Different label lists give
    /// unrelated seeds; the result is a pure function of its arguments (with no labels, `seed` itself).
    public static func derivedSeed(_ seed: UInt64, _ labels: UInt64...) -> UInt64 {
        var value = seed
        for (position, label) in labels.enumerated() {
            let words = Philox.words(
                (
                    UInt32(truncatingIfNeeded: label), UInt32(truncatingIfNeeded: label >> 32),
                    UInt32(truncatingIfNeeded: position), derivedSeedDomain
                ),
                key: Philox.key(seed: value))
            value = words.0
        }
        return value
    }

    /// Counter word that separates seed derivation from every stream.
    private static let derivedSeedDomain: UInt32 = 0x5EED_5EED
}

extension RandomStream: RandomWordSource {
    @inline(__always) mutating func nextWord() -> UInt64 { nextUInt64() }
}
