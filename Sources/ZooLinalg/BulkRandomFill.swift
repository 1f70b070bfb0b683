// MARK: - Bulk fills

/// Fills `buffer` with standard normals determined only by `(seed, stream)` and the buffer length,
/// identical for every thread count.
///
/// The buffer is cut into blocks of `BulkFillLayout.blockSize` values; value i of block b comes from
/// primary word i of the block's Philox counters (see `PhiloxBlockCounter`) through the ziggurat, whose
/// rare slow path draws from the block's secondary words. Blocks can thus be generated in any order on
/// any thread. A shorter buffer is a prefix of a longer one with the same `(seed, stream)`.
public func fillStandardNormal(_ buffer: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64) {
    fillStandardNormal(buffer, seed: seed, stream: stream, threads: nil)
}

/// `fillStandardNormal` with the number of block ranges forced to `threads` (nil: `Parallelism`'s choice).
func fillStandardNormal(_ buffer: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64, threads: Int?) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    let key = Philox.key(seed: seed)
    let tables = NormalZigguratTables.shared
    BulkFillLayout.forEachBlock(count: buffer.count, threads: threads) { block, start, count, scratch in
        var primary = PhiloxBlockCounter(key: key, domain: BulkFillLayout.normalDomain, block: block, stream: stream)
        var secondary = PhiloxBlockWords(
            PhiloxBlockCounter(
                key: key, domain: BulkFillLayout.normalDomain, block: block, stream: stream,
                firstCounter: PhiloxBlockCounter.secondaryStart),
            buffer: scratch + BulkFillLayout.chunkWords)
        var done = 0
        while done < count {
            let chunk = min(BulkFillLayout.chunkWords, count - done)
            let batches = (chunk + PhiloxBlockCounter.wordsPerBatch - 1) / PhiloxBlockCounter.wordsPerBatch
            primary.generate(into: scratch, batches: batches)
            normalsFromWords(scratch, base + start + done, count: chunk, &secondary, tables)
            done += chunk
        }
    }
}

/// The hot loop: value i from primary word i; the slow path, out of line, draws from the secondary words
/// (also the loop of `NormalRowCursor`).
/// (A four-lane SIMD version of this loop measured no faster: the Philox words dominate the cost.)
@inline(__always)
func normalsFromWords(
    _ words: UnsafeMutablePointer<UInt64>, _ output: UnsafeMutablePointer<Double>,
    count: Int, _ secondary: inout PhiloxBlockWords, _ tables: NormalZigguratTables
) {
    for i in 0..<count {
        let word = words[i]
        output[i] =
            NormalZiggurat.acceptFast(word, tables) ?? NormalZiggurat.afterFastRejection(word, &secondary, tables)
    }
}

/// Fills `buffer` with uniforms on [0, 1) (53 random bits each), determined only by `(seed, stream)` and
/// the position, identical for every thread count. Independent of `fillStandardNormal` with the same
/// `(seed, stream)`.
public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64) {
    fillUniform(buffer, seed: seed, stream: stream, threads: nil)
}

/// `fillUniform` with the number of block ranges forced to `threads`.
func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64, threads: Int?) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    let key = Philox.key(seed: seed)
    BulkFillLayout.forEachBlock(count: buffer.count, threads: threads) { block, start, count, scratch in
        var counter = PhiloxBlockCounter(key: key, domain: BulkFillLayout.uniformDomain, block: block, stream: stream)
        var done = 0
        while done < count {
            let chunk = min(BulkFillLayout.chunkWords, count - done)
            counter.generate(
                into: scratch,
                batches: (chunk + PhiloxBlockCounter.wordsPerBatch - 1) / PhiloxBlockCounter.wordsPerBatch)
            let output = base + start + done
            for i in 0..<chunk { output[i] = Double(Int64(bitPattern: scratch[i] >> 11)) * 0x1.0p-53 }
            done += chunk
        }
    }
}

extension Matrix {
    /// A rows×columns matrix of independent standard normals from `(seed, stream)` (row-major order of
    /// `fillStandardNormal`).
    public static func standardNormal(rows: Int, columns: Int, seed: UInt64, stream: UInt64) -> Matrix {
        // Filled in place without zeroing first: the fill writes every entry.
        let elements = [Double](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            fillStandardNormal(buffer, seed: seed, stream: stream)
            count = rows * columns
        }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }
}
