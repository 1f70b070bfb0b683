// MARK: - Many matrix-vector products with the arithmetic of one

extension Matrix {
    /// `self · v` for every `v` in `vectors`: one pass over the rows of the matrix serves all vectors,
    /// yet every output is computed exactly as a lone product with that vector would be here — each
    /// entry ⟨A_i, v⟩ is one 4-lane FMA chain over the columns in increasing order, a fixed reduction
    /// `(s₀ + s₁) + (s₂ + s₃)`, then the remaining columns by scalar FMA — so the result for one vector
    /// never depends on which other vectors are in the batch, on its position, or on the thread count
    /// (threads split the rows only). A result row of an experiment is then a function of its own cell
    /// whatever else is fitted beside it (docs/conventions.md §7).
    ///
    /// Columns are processed in chunks (`chunkColumns`) with the partial sums kept between chunks, which
    /// keeps the chunk of four rows and of every vector in cache without changing the order of operations.
    public func multiplyEach(_ vectors: [[Double]]) -> [[Double]] {
        precondition(vectors.allSatisfy { $0.count == columns }, "multiplyEach: every vector needs \(columns) entries")
        let k = vectors.count
        guard k > 0 else { return [] }
        var output = [Double](repeating: 0, count: rows * k)  // row-major rows × k
        guard rows > 0 else { return vectors.map { _ in [] } }
        let packed = vectors.flatMap { $0 }  // k × columns
        let width = columns
        let threads = rows * columns * k < gemvParallelThreshold ? 1 : Parallelism.threadCount
        let parts = splitEvenly(rows, parts: max(1, threads), granularity: 4)
        withUnsafeBufferPointer { a in
            packed.withUnsafeBufferPointer { v in
                output.withUnsafeMutableBufferPointer { y in
                    let operands = UncheckedSendableBox((a.baseAddress!, v.baseAddress!, y.baseAddress!))
                    runParts(parts.count) { part in
                        let (a, v, y) = operands.value
                        batchRowsKernel(rows: parts[part], columns: width, count: k, a: a, v: v, y: y)
                    }
                }
            }
        }
        return (0..<k).map { j in (0..<rows).map { output[$0 * k + j] } }
    }
}

/// Columns per chunk: four rows and the chunks of up to ~64 vectors stay in L1/L2.
let batchChunkColumns = 256

/// y[i·k + j] = ⟨A_i, v_j⟩ for i in `rows`, every j in 0..<k, with the arithmetic described at `multiplyEach`.
private func batchRowsKernel(
    rows: Range<Int>, columns: Int, count k: Int, a: UnsafePointer<Double>,
    v: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
) {
    let vectorEnd = columns & ~3
    withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 4 * k) { buffer in
        let sums = buffer.baseAddress!
        var i = rows.lowerBound
        while i < rows.upperBound {
            let group = min(4, rows.upperBound - i)
            sums.initialize(repeating: SIMD4<Double>(), count: 4 * k)
            var chunk = 0
            while chunk < vectorEnd {
                let chunkEnd = min(vectorEnd, chunk + batchChunkColumns)
                for j in 0..<k {
                    let x = v + j * columns
                    if group == 4 {
                        let r0 = a + i * columns
                        let r1 = r0 + columns
                        let r2 = r1 + columns
                        let r3 = r2 + columns
                        var s0 = sums[j]
                        var s1 = sums[k + j]
                        var s2 = sums[2 * k + j]
                        var s3 = sums[3 * k + j]
                        var c = chunk
                        while c < chunkEnd {
                            let xv = loadVector(x + c)
                            s0 = s0.addingProduct(loadVector(r0 + c), xv)
                            s1 = s1.addingProduct(loadVector(r1 + c), xv)
                            s2 = s2.addingProduct(loadVector(r2 + c), xv)
                            s3 = s3.addingProduct(loadVector(r3 + c), xv)
                            c += 4
                        }
                        sums[j] = s0
                        sums[k + j] = s1
                        sums[2 * k + j] = s2
                        sums[3 * k + j] = s3
                    } else {
                        for r in 0..<group {
                            let row = a + (i + r) * columns
                            var s = sums[r * k + j]
                            var c = chunk
                            while c < chunkEnd {
                                s = s.addingProduct(loadVector(row + c), loadVector(x + c))
                                c += 4
                            }
                            sums[r * k + j] = s
                        }
                    }
                }
                chunk = chunkEnd
            }
            for r in 0..<group {
                let row = a + (i + r) * columns
                for j in 0..<k {
                    let s = sums[r * k + j]
                    let x = v + j * columns
                    var total = (s[0] + s[1]) + (s[2] + s[3])
                    for c in vectorEnd..<columns { total = total.addingProduct(row[c], x[c]) }
                    y[(i + r) * k + j] = total
                }
            }
            i += group
        }
    }
}
