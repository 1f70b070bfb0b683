// MARK: - The design matrix behind a ridge path

/// The X of a `RidgePath`: stored, or a `StreamedGaussianDesign` regenerated on every pass.
///
/// The ridge path uses only the products below, so both forms share its routes; a streamed design
/// always takes the Gram route (each product with X is a pass that regenerates X) and has no
/// complete orthogonal decomposition (its λ = 0 direct route is the Gram pseudo-inverse).
enum RidgeDesign: Sendable {
    case stored(Matrix)
    case streamed(StreamedGaussianDesign)

    var rows: Int {
        switch self {
        case .stored(let x): return x.rows
        case .streamed(let x): return x.rows
        }
    }

    var columns: Int {
        switch self {
        case .stored(let x): return x.columns
        case .streamed(let x): return x.columns
        }
    }

    /// Whether every entry is finite (a streamed design is, by construction).
    var isFinite: Bool {
        switch self {
        case .stored(let x): return x.isFinite
        case .streamed: return true
        }
    }

    /// X·v.
    func multiply(_ v: [Double]) -> [Double] {
        switch self {
        case .stored(let x): return x.multiply(v)
        case .streamed(let x): return x.multiply(v)
        }
    }

    /// Xᵀ·v.
    func multiplyTranspose(_ v: [Double]) -> [Double] {
        switch self {
        case .stored(let x): return x.multiply(v, .transpose)
        case .streamed(let x): return x.multiplyTranspose(v)
        }
    }

    /// XXᵀ (`.rows`) or XᵀX (`.columns`; stored designs only, since a streamed one has n ≤ d).
    func gram(_ side: GramSide) -> Matrix {
        switch self {
        case .stored(let x): return ZooLinalg.gram(x, side)
        case .streamed(let x):
            precondition(side == .rows, "RidgeDesign: a streamed design forms XXᵀ only")
            return x.gram()
        }
    }
}
