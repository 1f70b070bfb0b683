import ZooLinalg

// MARK: - The release cases

/// The release benchmark sizes; `scripts/benchmark_linalg_numpy.py` defines the same cases for numpy.
enum LinalgBenchmarkCases {
    static var all: [LinalgBenchmarkCase] {
        var cases = [LinalgBenchmarkCase]()
        for n in [512, 1024, 2048, 3072, 4096] {
            cases.append(
                LinalgBenchmarkCase("gemm-\(n)", flops: 2 * cube(n)) {
                    let a = random(n, n, 1)
                    let b = random(n, n, 2)
                    return { consume(Matrix.multiply(a, .none, b, .none)) }
                })
        }
        for (rows, columns) in [(1000, 10_000), (2000, 20_000)] {
            cases.append(
                LinalgBenchmarkCase(
                    "gram-\(rows)x\(columns)",
                    flops: Double(rows) * Double(rows) * Double(columns)
                ) {
                    let x = random(rows, columns, 3)
                    return { consume(gram(x, .rows)) }
                })
        }
        let (gemvRows, gemvColumns) = (2000, 20_000)
        let gemvFlops = 2 * Double(gemvRows) * Double(gemvColumns)
        cases.append(
            LinalgBenchmarkCase("gemv-\(gemvRows)x\(gemvColumns)", flops: gemvFlops) {
                let x = random(gemvRows, gemvColumns, 4)
                let v = random(gemvColumns, 1, 5).elements
                return { consume(x.multiply(v, .none)) }
            })
        cases.append(
            LinalgBenchmarkCase("gemvT-\(gemvRows)x\(gemvColumns)", flops: gemvFlops) {
                let x = random(gemvRows, gemvColumns, 4)
                let w = random(gemvRows, 1, 6).elements
                return { consume(x.multiply(w, .transpose)) }
            })
        for n in [1000, 2000] {
            cases.append(
                LinalgBenchmarkCase("cholesky-\(n)", flops: cube(n) / 3) {
                    let a = spd(n)
                    return { consume(try! CholeskyFactorization(a)) }
                })
        }
        for n in [500, 1000, 2000] {
            // Nominal flops of a tridiagonal-reduction eigensolver with vectors: 9n³.
            cases.append(
                LinalgBenchmarkCase("eigh-\(n)", flops: 9 * cube(n)) {
                    let a = spd(n)
                    return { consume(try! SymmetricEigen(a)) }
                })
        }
        let sampleCount = 10_000_000
        cases.append(
            LinalgBenchmarkCase("normal-10M", samples: Double(sampleCount)) {
                let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: sampleCount)
                nonisolated(unsafe) var seed: UInt64 = 0
                return {
                    seed += 1
                    fillStandardNormal(buffer, seed: seed, stream: 0)
                    consume(buffer[sampleCount / 2])
                }
            })
        // k nearest rows (nearest-neighbor, nearest-flip): the probe count of one nearest-flip cell of
        // the balls comparison of docs/performance.md (1000 points × 10 candidates × 8 probes) against n = 2000.
        cases.append(
            LinalgBenchmarkCase("knn-80000x2000x10-k7", samples: 80_000) {
                let queries = random(80_000, 10, 8)
                let references = random(2000, 10, 9)
                return { consume(NearestRows(queries: queries, references: references, k: 7).indices[0]) }
            })
        return cases
    }

    static func cube(_ n: Int) -> Double { Double(n) * Double(n) * Double(n) }

    static func random(_ rows: Int, _ columns: Int, _ seed: UInt64) -> Matrix {
        Matrix.standardNormal(rows: rows, columns: columns, seed: seed, stream: 0)
    }

    /// A well-conditioned symmetric positive definite matrix: G Gᵀ / n + I.
    static func spd(_ n: Int) -> Matrix {
        var a = gram(random(n, n, 7), .rows)
        for i in 0..<n * n { a.elements[i] /= Double(n) }
        for i in 0..<n { a[i, i] += 1 }
        return a
    }
}
