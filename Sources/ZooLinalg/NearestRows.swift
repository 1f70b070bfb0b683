// MARK: - k nearest rows

/// The `k` nearest reference rows of every query row in Euclidean distance, nearest first.
///
/// Entry `i·k + r` of `indices` and `squaredDistances` is the r-th nearest reference row of query i.
/// Equal distances are ordered by the smaller reference index, so the answer is deterministic.
public struct NearestRows: Sendable, Equatable {
    public let k: Int
    public let indices: [Int]
    public let squaredDistances: [Double]

    /// Reference rows of query i, nearest first.
    public func neighbors(of query: Int) -> ArraySlice<Int> { indices[(query * k)..<((query + 1) * k)] }
}

extension NearestRows {
    /// Query rows per block: the block's distance matrix holds at most this many entries (32 MiB).
    public static let blockEntries = 1 << 18

    /// Finds the `k` nearest rows of `references` for every row of `queries` (k ≤ references.rows).
    ///
    /// Distances by GEMM: ‖q − r‖² = ‖q‖² + ‖r‖² − 2qᵀr for a block of queries against all references
    /// at once. That form loses accuracy by cancellation when ‖q − r‖ ≪ ‖q‖, so it only screens: with τ
    /// the k-th smallest screened value of a query and `cancellationTolerance` a bound on the
    /// screening error, every reference screened at or below τ + 2·tolerance has its distance
    /// recomputed directly as Σ (qⱼ − rⱼ)², and the k nearest are chosen by the direct distances. The
    /// GEMM splits its output across threads and so does the per-query selection: results are
    /// bit-identical for every thread count.
    public init(queries: Matrix, references: Matrix, k: Int) {
        precondition(
            queries.columns == references.columns,
            "NearestRows: dimensions \(queries.columns) and \(references.columns) differ")
        precondition(k >= 1 && k <= references.rows, "NearestRows: k = \(k) must be in 1…\(references.rows)")
        let m = queries.rows
        let n = references.rows
        let d = queries.columns
        var indices = [Int](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        let referenceNorms = Self.squaredRowNorms(references)
        let queryNorms = Self.squaredRowNorms(queries)
        let largestReferenceNorm = referenceNorms.max() ?? 0
        let blockRows = max(1, min(m, Self.blockEntries / max(1, n)))
        var products = [Double](repeating: 0, count: blockRows * n)
        queries.withUnsafeBufferPointer { q in
            references.withUnsafeBufferPointer { r in
                products.withUnsafeMutableBufferPointer { g in
                    indices.withUnsafeMutableBufferPointer { outIndices in
                        distances.withUnsafeMutableBufferPointer { outDistances in
                            var start = 0
                            while start < m {
                                let rows = min(blockRows, m - start)
                                // G = Q_block·Rᵀ (rows × n).
                                gemm(
                                    .none, .transpose, m: rows, n: n, k: d, alpha: 1, a: q.baseAddress! + start * d,
                                    lda: d,
                                    b: r.baseAddress!, ldb: d, beta: 0, c: g.baseAddress!, ldc: n)
                                let offset = start
                                Parallelism.forEachRange(count: rows, minimumPerThread: 16) { range in
                                    var selection = Selection(k: k)
                                    for local in range {
                                        let i = offset + local
                                        let tolerance = Self.cancellationTolerance(
                                            dimension: d, queryNorm: queryNorms[i],
                                            referenceNorm: largestReferenceNorm)
                                        selection.select(
                                            screened: g.baseAddress! + local * n, count: n, queryNorm: queryNorms[i],
                                            referenceNorms: referenceNorms, tolerance: tolerance,
                                            query: q.baseAddress! + i * d, references: r.baseAddress!, dimension: d)
                                        for slot in 0..<k {
                                            outIndices[i * k + slot] = selection.chosen[slot].index
                                            outDistances[i * k + slot] = selection.chosen[slot].distance
                                        }
                                    }
                                }
                                start += rows
                            }
                        }
                    }
                }
            }
        }
        self.k = k
        self.indices = indices
        self.squaredDistances = distances
    }

    /// A bound on |screened − exact| for ‖q − r‖²: the rounding of a length-d dot product and two
    /// squared norms, 4·(d + 2)·ε·(‖q‖² + max ‖r‖²).
    static func cancellationTolerance(dimension d: Int, queryNorm: Double, referenceNorm: Double) -> Double {
        4 * Double(d + 2) * Double.ulpOfOne * (queryNorm + referenceNorm)
    }

    /// ‖row‖² for every row.
    static func squaredRowNorms(_ matrix: Matrix) -> [Double] {
        let d = matrix.columns
        return matrix.withUnsafeBufferPointer { buffer in
            (0..<matrix.rows).map { i in
                var sum = 0.0
                for j in 0..<d { sum += buffer[i * d + j] * buffer[i * d + j] }
                return sum
            }
        }
    }
}

// MARK: - Selection of one query's neighbours

/// The screening and exact re-ranking for one query, with buffers reused across queries.
private struct Selection {
    let k: Int
    /// The k largest-so-far screened values, as a max-heap.
    private var heap: [Double] = []
    private var candidates: [(distance: Double, index: Int)] = []
    /// The k nearest of the last query, nearest first.
    var chosen: ArraySlice<(distance: Double, index: Int)> { candidates[0..<k] }

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(k)
    }

    /// Turns row `screened` of Q·Rᵀ into screened distances, finds the k-th smallest τ, recomputes
    /// every reference within τ + 2·tolerance exactly and keeps the k nearest (ties: smaller index).
    mutating func select(
        screened: UnsafeMutablePointer<Double>, count n: Int, queryNorm: Double, referenceNorms: [Double],
        tolerance: Double, query: UnsafePointer<Double>, references: UnsafePointer<Double>, dimension d: Int
    ) {
        heap.removeAll(keepingCapacity: true)
        for j in 0..<n {
            let value = queryNorm + referenceNorms[j] - 2 * screened[j]
            screened[j] = value
            if heap.count < k {
                heap.append(value)
                siftUp(heap.count - 1)
            } else if value < heap[0] {
                heap[0] = value
                siftDown(0)
            }
        }
        let threshold = heap[0] + 2 * tolerance
        candidates.removeAll(keepingCapacity: true)
        for j in 0..<n where screened[j] <= threshold {
            let reference = references + j * d
            var sum = 0.0
            for c in 0..<d {
                let difference = query[c] - reference[c]
                sum += difference * difference
            }
            candidates.append((sum, j))
        }
        candidates.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] > heap[parent] else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < heap.count && heap[left] > heap[largest] { largest = left }
            if right < heap.count && heap[right] > heap[largest] { largest = right }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
