import Foundation
import Testing
import ZooLinalg
import ZooTestSupport

// MARK: - Fixtures

/// LAPACK-style scaled residuals of an eigendecomposition.
private struct EigenResiduals {
    /// ‖A − VΛVᵀ‖_F / (n ‖A‖_F ε)
    var reconstruction: Double
    /// ‖VᵀV − I‖_F / (n ε)
    var orthogonality: Double

    init(_ a: Matrix, _ eigen: SymmetricEigen, valueScale: Double = 1) {
        let n = a.rows
        let eps = Double.ulpOfOne
        var scaled = eigen.vectors
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= eigen.values[j] * valueScale } }
        let product = Matrix.multiply(scaled, .none, eigen.vectors, .transpose)
        var difference = 0.0
        for i in 0..<(n * n) {
            let d = a.elements[i] - product.elements[i]
            difference += d * d
        }
        let norm = max(a.frobeniusNorm, Double.leastNormalMagnitude)
        reconstruction = difference.squareRoot() / (Double(max(n, 1)) * norm * eps)
        let gram = Matrix.multiply(eigen.vectors, .transpose, eigen.vectors, .none)
        var offIdentity = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let d = gram[i, j] - (i == j ? 1 : 0)
                offIdentity += d * d
            }
        }
        orthogonality = offIdentity.squareRoot() / (Double(max(n, 1)) * eps)
    }
}

/// Q diag(spectrum) Qᵀ with Q the orthogonal factor of a Gaussian matrix (Gram-Schmidt, twice).
private func symmetric(withSpectrum spectrum: [Double], seed: UInt64) -> Matrix {
    let n = spectrum.count
    var q = TestSupport.randomMatrix(n, n, seed: seed)
    for j in 0..<n {
        for _ in 0..<2 {
            for p in 0..<j {
                var dot = 0.0
                for i in 0..<n { dot += q[i, p] * q[i, j] }
                for i in 0..<n { q[i, j] -= dot * q[i, p] }
            }
        }
        var norm = 0.0
        for i in 0..<n { norm += q[i, j] * q[i, j] }
        norm = norm.squareRoot()
        for i in 0..<n { q[i, j] /= norm }
    }
    var scaled = q
    for i in 0..<n { for j in 0..<n { scaled[i, j] *= spectrum[j] } }
    return symmetrized(Matrix.multiply(scaled, .none, q, .transpose))
}

private func symmetrized(_ a: Matrix) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns) { i, j in 0.5 * (a[i, j] + a[j, i]) }
}

private func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix {
    symmetrized(TestSupport.randomMatrix(n, n, seed: seed))
}

/// Checks residuals, ascending order and agreement with `values(of:)`.
private func checkDecomposition(_ a: Matrix, bound: Double = 30, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    let eigen = try SymmetricEigen(a)
    #expect(eigen.values.count == a.rows, sourceLocation: sourceLocation)
    #expect(eigen.vectors.rows == a.rows && eigen.vectors.columns == a.rows, sourceLocation: sourceLocation)
    let residuals = EigenResiduals(a, eigen)
    #expect(
        residuals.reconstruction < bound, "reconstruction \(residuals.reconstruction)", sourceLocation: sourceLocation)
    #expect(residuals.orthogonality < bound, "orthogonality \(residuals.orthogonality)", sourceLocation: sourceLocation)
    #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 }, sourceLocation: sourceLocation)
    let valuesOnly = try SymmetricEigen.values(of: a)
    let scale = max(a.frobeniusNorm, Double.leastNormalMagnitude)
    let gap = zip(valuesOnly, eigen.values).map { abs($0 - $1) }.max() ?? 0
    #expect(
        gap <= 50 * Double(max(a.rows, 1)) * Double.ulpOfOne * scale, "values(of:) differs by \(gap)",
        sourceLocation: sourceLocation)
}

// MARK: - Tests

@Suite struct SymmetricEigenTests {
    @Test(arguments: [3, 17, 64, 150])
    func randomMatrices(n: Int) throws {
        try checkDecomposition(randomSymmetric(n, seed: UInt64(n)))
    }

    @Test func illConditionedSpectrum() throws {
        let n = 120
        let spectrum = (0..<n).map { pow(10, -10 * Double($0) / Double(n - 1)) }
        try checkDecomposition(symmetric(withSpectrum: spectrum, seed: 11))
    }

    @Test func repeatedEigenvalues() throws {
        let n = 100
        let spectrum = (0..<n).map { Double($0 / 2) - 20 }  // every eigenvalue twice
        try checkDecomposition(symmetric(withSpectrum: spectrum, seed: 12))
        var blocks = [Double](repeating: 1, count: 40) + [Double](repeating: -3, count: 30)
        blocks += (0..<30).map { Double($0) }
        try checkDecomposition(symmetric(withSpectrum: blocks, seed: 13))
        try checkDecomposition(Matrix.identity(50))
    }

    @Test func rankDeficientGram() throws {
        let x = TestSupport.randomMatrix(90, 7, seed: 14)
        let a = symmetrized(Matrix.multiply(x, .none, x, .transpose))
        try checkDecomposition(a)
        let eigen = try SymmetricEigen(a)
        let zeroCount = eigen.values.filter { abs($0) < 1e-10 * eigen.values.last! }.count
        #expect(zeroCount == 83)
    }

    @Test func diagonalAndTiny() throws {
        let diagonal: [Double] = [3, -1, 7, 0, 2, 2, -5]
        let eigen = try SymmetricEigen(Matrix.diagonal(diagonal))
        #expect(eigen.values == diagonal.sorted())
        try checkDecomposition(Matrix.diagonal(diagonal))
        let one = try SymmetricEigen(Matrix([[4.5]]))
        #expect(one.values == [4.5] && one.vectors == Matrix([[1]]))
        try checkDecomposition(Matrix([[2, 1], [1, 2]]))
        let pair = try SymmetricEigen(Matrix([[2, 1], [1, 2]]))
        #expect(abs(pair.values[0] - 1) < 1e-15 && abs(pair.values[1] - 3) < 1e-15)
        let empty = try SymmetricEigen(Matrix(rows: 0, columns: 0))
        #expect(empty.values.isEmpty && empty.vectors.rows == 0)
        try checkDecomposition(Matrix(rows: 5, columns: 5))
    }

    @Test func gradedMatrices() throws {
        let n = 60
        let graded = Matrix(rows: n, columns: n) { i, j in
            let noise = Double((i * 31 + j * 17 + i * j) % 13) / 13 + 0.5
            return noise * pow(10, -0.25 * Double(i + j))
        }
        try checkDecomposition(symmetrized(graded))
        let reversed = Matrix(rows: n, columns: n) { i, j in graded[n - 1 - i, n - 1 - j] }
        try checkDecomposition(symmetrized(reversed))
    }

    @Test func knownSpectra() throws {
        // 1-D Laplacian: eigenvalues 2 − 2 cos(kπ/(n+1)), k = 1 … n.
        let n = 90
        let laplacian = Matrix(rows: n, columns: n) { i, j in i == j ? 2 : (abs(i - j) == 1 ? -1 : 0) }
        try checkDecomposition(laplacian)
        let values = try SymmetricEigen(laplacian).values
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }
        let error = zip(values, exact).map { abs($0 - $1) }.max()!
        #expect(error < 1e-13, "Laplacian eigenvalues off by \(error)")
        // Wilkinson's W21⁺: pairs of eigenvalues agreeing to many digits.
        let wilkinson = Matrix(rows: 21, columns: 21) { i, j in i == j ? Double(abs(10 - i)) : (abs(i - j) == 1 ? 1 : 0)
        }
        try checkDecomposition(wilkinson)
    }

    @Test func extremeScales() throws {
        for (seed, exponent) in [(21, -600), (22, 600), (23, -1000)] {
            let a = randomSymmetric(40, seed: UInt64(seed))
            var scaled = a
            let factor = Double(sign: .plus, exponent: exponent, significand: 1)
            for i in scaled.elements.indices { scaled.elements[i] *= factor }
            let eigen = try SymmetricEigen(scaled)
            let residuals = EigenResiduals(a, eigen, valueScale: 1 / factor)
            #expect(residuals.reconstruction < 30 && residuals.orthogonality < 30, "2^\(exponent): \(residuals)")
        }
    }

    @Test func rejectsBadInput() {
        var a = randomSymmetric(6, seed: 1)
        a[2, 3] = .nan
        #expect(throws: LinalgError.self) { try SymmetricEigen(a) }
        #expect(throws: LinalgError.self) { try SymmetricEigen.values(of: a) }
        a[2, 3] = .infinity
        #expect(throws: LinalgError.self) { try SymmetricEigen(a) }
        #expect(throws: LinalgError.self) { try SymmetricEigen(Matrix(rows: 3, columns: 4)) }
    }
}
