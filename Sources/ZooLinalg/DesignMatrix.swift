// MARK: - A design matrix, stored or regenerated

/// An n×d design matrix X seen through the products that solvers, predictions and attacks need, so one
/// code path serves X held in memory (`Matrix`) and X regenerated block by block on every pass
/// (`StreamedGaussianDesign`, for sizes whose X would not fit in memory).
///
/// Every product is bit-identical for every thread count. On a streamed design each product is a pass
/// that regenerates X, so callers should need few (the ridge path needs the Gram matrix and one Xᵀz per
/// solution). What only a stored X allows (a decomposition of X itself, the rows of the inputs for a
/// non-linear model) goes through `storedMatrix`, which is nil for a streamed design: the caller then
/// reports that it needs the stored X.
public protocol DesignMatrix: Sendable {
    /// n, the number of rows (samples).
    var rows: Int { get }
    /// d, the number of columns (features).
    var columns: Int { get }
    /// X itself when it is held in memory; nil when it is regenerated on every pass.
    var storedMatrix: Matrix? { get }
    /// Whether every entry is finite (a generated design is, by construction).
    var isFinite: Bool { get }
    /// X·v (`.none`, d entries in, n out) or Xᵀ·v (`.transpose`, n in, d out).
    func multiply(_ v: [Double], _ trans: Transpose) -> [Double]
    /// X·v for each v (d entries each), every output computed exactly as a lone product would be.
    func multiplyEach(_ vectors: [[Double]]) -> [[Double]]
    /// XXᵀ (`.rows`) or XᵀX (`.columns`), both triangles filled.
    func gram(_ side: GramSide) -> Matrix
    /// A·X for a k×n matrix A (k×d out).
    func leftMultiply(_ a: Matrix) -> Matrix
    /// How X is held, for a result row's diagnostics: nil for a stored matrix, `streamed(block=B)` for a
    /// design regenerated in blocks of B columns.
    var storageDiagnostic: String? { get }
    /// Words that identify X for cache keys without a pass over it: for a stored matrix, up to `samples`
    /// evenly strided (index, bit pattern) pairs of its entries; for a generated design, its generator's
    /// seed, stream and column scales. Together with the shape, equal words mean equal X in practice.
    func identityWords(samples: Int) -> [UInt64]
}

extension DesignMatrix {
    /// Xᵀ·v (n entries in, d out).
    public func multiplyTranspose(_ v: [Double]) -> [Double] { multiply(v, .transpose) }
}

// MARK: - The stored design

extension Matrix: DesignMatrix {
    public var storedMatrix: Matrix? { self }

    /// XXᵀ or XᵀX by a symmetric rank-k update (`gram(_:_:)`).
    public func gram(_ side: GramSide) -> Matrix { ZooLinalg.gram(self, side) }

    /// A·X by GEMM.
    public func leftMultiply(_ a: Matrix) -> Matrix { Matrix.multiply(a, .none, self, .none) }

    public var storageDiagnostic: String? { nil }

    public func identityWords(samples: Int) -> [UInt64] {
        let count = elements.count
        guard count > 0, samples > 0 else { return [] }
        let taken = min(count, samples)
        var words = [UInt64]()
        words.reserveCapacity(2 * taken)
        withUnsafeBufferPointer { buffer in
            for k in 0..<taken {
                let index = taken == 1 ? 0 : Int((Double(k) / Double(taken - 1) * Double(count - 1)).rounded())
                words.append(UInt64(index))
                words.append(buffer[index].bitPattern)
            }
        }
        return words
    }
}
