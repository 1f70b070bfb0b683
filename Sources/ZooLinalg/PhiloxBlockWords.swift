// MARK: - Block-addressed Philox words for bulk fills

/// The counters of one block of a bulk fill.
///
/// Block b of fill domain d in stream `(seed, stream)` reads the counters
/// `(j, d | b, lo32(stream), hi32(stream))`, so each block's words are fixed by `(seed, stream, d, b)`
/// alone, whichever thread draws them. Counters j < 2³¹ give the block's primary words (one per value);
/// j ≥ 2³¹ give its secondary words, consumed only by the ziggurat's rare slow path.
struct PhiloxBlockCounter {
    /// First counter of the secondary words.
    static let secondaryStart: UInt32 = 0x8000_0000

    private let key: (UInt32, UInt32)
    private let blockWord: UInt32
    private let streamLow: UInt32
    private let streamHigh: UInt32
    private var nextCounter: UInt32

    init(key: (UInt32, UInt32), domain: UInt32, block: Int, stream: UInt64, firstCounter: UInt32 = 0) {
        precondition(block >= 0 && block < Int(BulkFillLayout.maximumBlocks), "fill too large for the block counter")
        self.key = key
        blockWord = domain | UInt32(block)
        streamLow = UInt32(truncatingIfNeeded: stream)
        streamHigh = UInt32(truncatingIfNeeded: stream >> 32)
        nextCounter = firstCounter
    }

    /// Words produced per SIMD batch.
    static let wordsPerBatch = 2 * Philox.batchWidth

    /// Writes the next `batches · wordsPerBatch` words to `destination`, batch by batch (within a batch,
    /// the first words of its eight counters, then their second words).
    @inline(__always)
    mutating func generate(into destination: UnsafeMutablePointer<UInt64>, batches: Int) {
        for batch in 0..<batches {
            Philox.fillWords(
                destination + batch * Self.wordsPerBatch, first: nextCounter,
                c1: blockWord, c2: streamLow, c3: streamHigh, key: key)
            nextCounter &+= UInt32(Philox.batchWidth)
        }
    }
}

/// A block's secondary words read one at a time through a one-batch buffer.
struct PhiloxBlockWords: RandomWordSource {
    private var counter: PhiloxBlockCounter
    private let buffer: UnsafeMutablePointer<UInt64>
    private var position = PhiloxBlockCounter.wordsPerBatch

    /// `buffer` must hold `PhiloxBlockCounter.wordsPerBatch` words and outlive the reader.
    init(_ counter: PhiloxBlockCounter, buffer: UnsafeMutablePointer<UInt64>) {
        self.counter = counter
        self.buffer = buffer
    }

    @inline(__always)
    mutating func nextWord() -> UInt64 {
        if position == PhiloxBlockCounter.wordsPerBatch {
            counter.generate(into: buffer, batches: 1)
            position = 0
        }
        let word = buffer[position]
        position += 1
        return word
    }
}

/// Constants shared by the bulk fills.
enum BulkFillLayout {
    /// Values per block: the unit of work a thread takes, fixed so results do not depend on threads.
    static let blockSize = 4096
    /// Primary words generated at a time (a multiple of `PhiloxBlockCounter.wordsPerBatch`, in L1).
    static let chunkWords = 256
    /// Fewest blocks worth a thread of their own (about 50 µs of work).
    static let minimumBlocksPerThread = 4
    /// Second-counter-word tags of the fill domains (a `RandomStream` would need 2⁶³ draws to reach them).
    static let normalDomain: UInt32 = 0x8000_0000
    static let uniformDomain: UInt32 = 0x4000_0000
    /// Blocks addressable below the domain tags.
    static let maximumBlocks: UInt32 = 0x4000_0000

    /// Runs `body(blocks)` over contiguous ranges of `0..<blockCount`: `Parallelism.forEachRange` by
    /// default, or exactly `threads` ranges when given (for tests of partition independence).
    static func forEachBlockRange(blockCount: Int, threads: Int?, _ body: (Range<Int>) -> Void) {
        guard let threads else {
            Parallelism.forEachRange(count: blockCount, minimumPerThread: minimumBlocksPerThread, body)
            return
        }
        let parts = max(1, min(threads, blockCount))
        Parallelism.forEach(chunks: parts) { part in
            body(blockCount * part / parts..<blockCount * (part + 1) / parts)
        }
    }

    /// Runs `body(block, start, count)` for every block of a fill of `count` values, with the per-thread
    /// scratch of `chunkWords + PhiloxBlockCounter.wordsPerBatch` words.
    static func forEachBlock(
        count: Int, threads: Int?,
        _ body: (_ block: Int, _ start: Int, _ count: Int, _ scratch: UnsafeMutablePointer<UInt64>) -> Void
    ) {
        let blockCount = (count + blockSize - 1) / blockSize
        forEachBlockRange(blockCount: blockCount, threads: threads) { blocks in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunkWords + PhiloxBlockCounter.wordsPerBatch) {
                scratch in
                for block in blocks {
                    let start = block * blockSize
                    body(block, start, min(count, start + blockSize) - start, scratch.baseAddress!)
                }
            }
        }
    }
}
