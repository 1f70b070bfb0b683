// MARK: - Symmetric eigendecomposition

/// The eigendecomposition A = V diag(values) Vᵀ of a real symmetric matrix.
///
/// `values` are ascending; the eigenvectors are the columns of `vectors` (n×n, orthonormal), so
/// column j of `vectors` belongs to `values[j]`. Only symmetric input is meaningful: symmetry is not
/// checked, and for n ≥ 64 only the lower triangle is read.
///
/// Algorithm (LAPACK `syevd` style, all in Swift):
/// 1. Householder reduction T = Qᵀ A Q to symmetric tridiagonal form (`TridiagonalReduction`,
///    blocked like LAPACK `sytrd`: panels of 32 reflectors, symmetric matrix-vector products, GEMM
///    trailing updates);
/// 2. T = Z Λ Zᵀ by Cuppen's divide and conquer (`TridiagonalDivideConquer`: rank-one tearing,
///    deflation, the secular equation, Gu–Eisenstat's ẑ, eigenvector updates as GEMM; implicit QL
///    on blocks of order ≤ 32);
/// 3. V = Q Z by applying the reflectors to Z in compact-WY blocks with GEMM (`applyQ`).
///
/// Accuracy: backward stable, ‖A − VΛVᵀ‖ = O(n ε ‖A‖) and ‖VᵀV − I‖ = O(n ε). Parallel parts split
/// output only, so results are bit-identical for every thread count.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The eigenvectors as columns (n×n, orthonormal); column j belongs to `values[j]`.
    public let vectors: Matrix

    /// Decomposes the symmetric matrix `a`.
    /// - Throws: `.dimensionMismatch` if `a` is not square, `.nonFinite` on NaN or infinity,
    ///   `.noConvergence` if QL fails on a base block of the divide and conquer.
    public init(_ a: Matrix) throws(LinalgError) {
        try SymmetricEigen.validate(a)
        let n = a.rows
        if n == 0 {
            values = []
            vectors = Matrix(rows: 0, columns: 0)
            return
        }
        var work = a
        let scale = SymmetricEigen.safeScale(for: a)
        if scale != 1 { for i in work.elements.indices { work.elements[i] *= scale } }

        let reduction = TridiagonalReduction(reducing: &work)
        var (tridiagonalValues, z) = try TridiagonalDivideConquer.decompose(
            diagonal: reduction.diagonal,
            offDiagonal: reduction.offDiagonal)
        reduction.applyQ(reflectors: work, to: &z)
        if scale != 1 { for i in tridiagonalValues.indices { tridiagonalValues[i] /= scale } }
        values = tridiagonalValues
        vectors = z
    }

    /// The eigenvalues of the symmetric matrix `a`, ascending, without eigenvectors.
    ///
    /// Householder tridiagonalisation (4n³/3 flops) followed by QL on the tridiagonal (O(n²)).
    public static func values(of a: Matrix) throws(LinalgError) -> [Double] {
        try validate(a)
        if a.rows == 0 { return [] }
        var work = a
        let scale = safeScale(for: a)
        if scale != 1 { for i in work.elements.indices { work.elements[i] *= scale } }
        var reduction = TridiagonalReduction(reducing: &work)
        try TridiagonalQL.eigenvalues(diagonal: &reduction.diagonal, offDiagonal: &reduction.offDiagonal)
        return reduction.diagonal.map { $0 / scale }.sorted()
    }

    // MARK: Helpers

    /// Entries whose largest magnitude lies outside [`smallestSafeMagnitude`, `largestSafeMagnitude`]
    /// are rescaled to magnitude 1 first, so squares and norms neither overflow nor underflow.
    static let smallestSafeMagnitude = 0x1p-400
    static let largestSafeMagnitude = 0x1p400

    static func validate(_ a: Matrix) throws(LinalgError) {
        guard a.rows == a.columns else {
            throw .dimensionMismatch("SymmetricEigen needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        guard a.isFinite else { throw .nonFinite("SymmetricEigen input") }
    }

    /// The power of two by which to multiply `a` to bring its largest entry into the safe range.
    static func safeScale(for a: Matrix) -> Double {
        let largest = a.maxAbs
        if largest == 0 || (largest >= smallestSafeMagnitude && largest <= largestSafeMagnitude) { return 1 }
        return Double(sign: .plus, exponent: -largest.exponent, significand: 1)
    }
}
