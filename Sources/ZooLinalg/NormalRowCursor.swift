// MARK: - Resuming a normal fill mid-way

/// Regenerates, in order, a contiguous run of the values of a `fillStandardNormal` fill, starting at any
/// position, without producing what comes before it in the fill.
///
/// The fill is cut into blocks of `BulkFillLayout.blockSize` values. Value i of a block comes from that
/// block's primary word i, which the counter-based generator computes directly; only the ziggurat's rare
/// slow path (about 1% of values) reads the block's *secondary* words, one after another, so a value's
/// slow path depends on how many secondary words the earlier values of its block consumed. A cursor
/// therefore starts at the beginning of its first block and replays the values before its start
/// (discarding them, at most one block), then keeps the secondary reader's state between calls: the
/// values it produces are bit-identical to the fill's at the same positions.
///
/// `StreamedGaussianDesign` keeps one cursor per row of X, so column blocks of X can be produced left to
/// right, each value exactly once per pass.
struct NormalRowCursor {
    private let key: (UInt32, UInt32)
    private let stream: UInt64
    /// The fill block the next value belongs to, and how many of its values came before it.
    private var block: Int
    private var offset: Int
    /// The block's secondary words; its one-batch buffer is `secondaryBuffer` (owned by the caller).
    private var secondary: PhiloxBlockWords
    private let secondaryBuffer: UnsafeMutablePointer<UInt64>

    /// Words of scratch `produce` needs: one chunk of primary words plus the alignment to a batch.
    static let scratchWords = BulkFillLayout.chunkWords + PhiloxBlockCounter.wordsPerBatch

    /// A cursor at position `start` of the fill `(seed, stream)`. `secondaryBuffer` must hold
    /// `PhiloxBlockCounter.wordsPerBatch` words and outlive the cursor; `scratch` holds `scratchWords`.
    init(
        seed: UInt64, stream: UInt64, start: Int, secondaryBuffer: UnsafeMutablePointer<UInt64>,
        scratch: UnsafeMutablePointer<UInt64>
    ) {
        precondition(start >= 0, "NormalRowCursor: negative start")
        key = Philox.key(seed: seed)
        self.stream = stream
        self.secondaryBuffer = secondaryBuffer
        block = start / BulkFillLayout.blockSize
        offset = 0
        secondary = Self.secondaryWords(key: key, stream: stream, block: block, buffer: secondaryBuffer)
        produce(start % BulkFillLayout.blockSize, into: nil, scratch: scratch)
    }

    private static func secondaryWords(
        key: (UInt32, UInt32), stream: UInt64, block: Int,
        buffer: UnsafeMutablePointer<UInt64>
    ) -> PhiloxBlockWords {
        PhiloxBlockWords(
            PhiloxBlockCounter(
                key: key, domain: BulkFillLayout.normalDomain, block: block, stream: stream,
                firstCounter: PhiloxBlockCounter.secondaryStart),
            buffer: buffer)
    }

    // MARK: Producing values

    /// Writes the next `count` values of the fill to `output` (nil: advances past them), in order.
    mutating func produce(
        _ count: Int, into output: UnsafeMutablePointer<Double>?, scratch: UnsafeMutablePointer<UInt64>
    ) {
        let tables = NormalZigguratTables.shared
        let batchWords = PhiloxBlockCounter.wordsPerBatch
        var written = 0
        while written < count {
            if offset == BulkFillLayout.blockSize {
                block += 1
                offset = 0
                secondary = Self.secondaryWords(key: key, stream: stream, block: block, buffer: secondaryBuffer)
            }
            // One chunk of primary words, starting at the batch that holds word `offset`.
            let aligned = offset - offset % batchWords
            let skip = offset - aligned
            let take = min(count - written, BulkFillLayout.blockSize - offset, BulkFillLayout.chunkWords)
            var primary = PhiloxBlockCounter(
                key: key, domain: BulkFillLayout.normalDomain, block: block, stream: stream,
                firstCounter: UInt32(aligned / batchWords * Philox.batchWidth))
            primary.generate(into: scratch, batches: (skip + take + batchWords - 1) / batchWords)
            let words = scratch + skip
            if let output {
                normalsFromWords(words, output + written, count: take, &secondary, tables)
            } else {
                // Replaying: only the slow path's consumption of secondary words matters.
                for i in 0..<take where NormalZiggurat.acceptFast(words[i], tables) == nil {
                    _ = NormalZiggurat.afterFastRejection(words[i], &secondary, tables)
                }
            }
            offset += take
            written += take
        }
    }
}
