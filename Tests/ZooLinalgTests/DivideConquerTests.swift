import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

// MARK: - Fixtures

/// A symmetric tridiagonal matrix as (diagonal, couplings); couplings[i] joins i and i+1.
private struct Tridiagonal {
    var diagonal: [Double]
    var couplings: [Double]
    var count: Int { diagonal.count }

    var dense: Matrix {
        let n = count
        var t = Matrix(rows: n, columns: n)
        for i in 0..<n { t[i, i] = diagonal[i] }
        for i in 0..<max(0, n - 1) {
            t[i, i + 1] = couplings[i]
            t[i + 1, i] = couplings[i]
        }
        return t
    }

    /// The solver's input: n off-diagonal entries, the last one unused.
    var offDiagonal: [Double] { couplings + [0] }
}

/// ‖A − ZΛZᵀ‖_F / (n ‖A‖_F ε) and ‖ZᵀZ − I‖_F / (n ε).
private func residuals(_ a: Matrix, values: [Double], vectors z: Matrix) -> (
    reconstruction: Double, orthogonality: Double
) {
    let n = a.rows
    var scaled = z
    for i in 0..<n { for j in 0..<n { scaled[i, j] *= values[j] } }
    let product = Matrix.multiply(scaled, .none, z, .transpose)
    var difference = 0.0
    for i in 0..<(n * n) { difference += (a.elements[i] - product.elements[i]) * (a.elements[i] - product.elements[i]) }
    let eps = Double.ulpOfOne
    let size = Double(max(n, 1))
    let reconstruction = difference.squareRoot() / (size * max(a.frobeniusNorm, .leastNormalMagnitude) * eps)
    let gram = Matrix.multiply(z, .transpose, z, .none)
    var off = 0.0
    for i in 0..<n { for j in 0..<n { off += pow(gram[i, j] - (i == j ? 1 : 0), 2) } }
    return (reconstruction, off.squareRoot() / (size * eps))
}

/// Divide and conquer on `t`: small residuals, ascending values, agreement with QL's eigenvalues.
private func check(
    _ t: Tridiagonal, bound: Double = 20, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let (values, vectors) = try TridiagonalDivideConquer.decompose(diagonal: t.diagonal, offDiagonal: t.offDiagonal)
    let (reconstruction, orthogonality) = residuals(t.dense, values: values, vectors: vectors)
    #expect(reconstruction < bound, "\(label): reconstruction \(reconstruction)", sourceLocation: sourceLocation)
    #expect(orthogonality < bound, "\(label): orthogonality \(orthogonality)", sourceLocation: sourceLocation)
    #expect(
        zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(label): not ascending",
        sourceLocation: sourceLocation)
    // Against bisection on Sturm counts (accurate to a few ε‖T‖): tight. Against QL, whose own error
    // grows like n ε‖T‖ (58 ε‖T‖ on the random n = 400 case, where divide and conquer is off by 9):
    // loose.
    let norm = max(t.dense.maxAbs, .leastNormalMagnitude)
    let eps = Double.ulpOfOne
    let bisected = bisectionEigenvalues(t)
    let bisectionGap = zip(bisected, values).map { abs($0 - $1) }.max() ?? 0
    #expect(
        bisectionGap <= bound * eps * norm, "\(label): off bisection by \(bisectionGap / (eps * norm)) ε‖T‖",
        sourceLocation: sourceLocation)
    var d = t.diagonal
    var e = t.offDiagonal
    try TridiagonalQL.eigenvalues(diagonal: &d, offDiagonal: &e)
    d.sort()
    let gap = zip(d, values).map { abs($0 - $1) }.max() ?? 0
    #expect(
        gap <= max(32, Double(t.count) / 4) * eps * norm, "\(label): differs from QL by \(gap / (eps * norm)) ε‖T‖",
        sourceLocation: sourceLocation)
}

/// Every eigenvalue by bisection on the Sturm count (the number of negative pivots of T − xI = LDLᵀ).
private func bisectionEigenvalues(_ t: Tridiagonal) -> [Double] {
    let n = t.count
    if n == 0 { return [] }
    let norm = max(t.diagonal.map(abs).max()!, t.couplings.map(abs).max() ?? 0)
    if norm == 0 { return t.diagonal }
    let pivotFloor = Double.leastNormalMagnitude / Double.ulpOfOne
    let squares = [0] + t.couplings.map { $0 * $0 }
    func below(_ x: Double) -> Int {
        var count = 0
        var pivot = 1.0
        for i in 0..<n {
            pivot = t.diagonal[i] - x - squares[i] / pivot
            if abs(pivot) < pivotFloor { pivot = -pivotFloor }
            if pivot < 0 { count += 1 }
        }
        return count
    }
    return (0..<n).map { index in
        var low = -3 * norm
        var high = 3 * norm
        while high - low > Double.ulpOfOne * norm / 4 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if below(middle) > index { high = middle } else { low = middle }
        }
        return low + (high - low) / 2
    }
}

/// Uniform numbers in [−1, 1) from a seeded stream.
private func uniforms(_ count: Int, seed: UInt64) -> [Double] {
    TestSupport.randomMatrix(1, count, seed: seed).elements.map { tanh($0) }
}

/// Wilkinson's W_{2m+1}⁺: diagonal |m − i|, couplings 1.
private func wilkinson(_ m: Int) -> Tridiagonal {
    Tridiagonal(diagonal: (0...(2 * m)).map { Double(abs(m - $0)) }, couplings: [Double](repeating: 1, count: 2 * m))
}

// MARK: - Tests

@Suite struct DivideConquerTests {
    @Test func randomTridiagonals() throws {
        for (n, seed) in [(33, 1), (64, 2), (257, 3), (400, 4)] {
            let t = Tridiagonal(
                diagonal: uniforms(n, seed: UInt64(seed)), couplings: uniforms(n - 1, seed: UInt64(seed + 100)))
            try check(t, "random n = \(n)")
        }
    }

    @Test func gluedWilkinson() throws {
        // Copies of W21⁺ glued by δ: every eigenvalue appears (nearly) once per copy, so the merges
        // deflate by rotation, across halves as well as within them.
        for glue in [1e-14, 1e-8, 1e-3] {
            let block = wilkinson(10)
            var t = Tridiagonal(diagonal: [], couplings: [])
            for copy in 0..<12 {
                if copy > 0 { t.couplings.append(glue) }
                t.diagonal += block.diagonal
                t.couplings += block.couplings
            }
            try check(t, "glued Wilkinson δ = \(glue)")
        }
    }

    @Test func repeatedAndClustered() throws {
        let n = 300
        // Identical uncoupled blocks: ρ = 0 at the block joints, everything deflates.
        var blocks = Tridiagonal(diagonal: [], couplings: [])
        for copy in 0..<10 {
            if copy > 0 { blocks.couplings.append(0) }
            blocks.diagonal += [Double](repeating: 2, count: 30)
            blocks.couplings += [Double](repeating: -1, count: 29)
        }
        try check(blocks, "identical blocks")
        // Constant diagonal, tiny couplings: a cluster of width 1e-12.
        try check(
            Tridiagonal(
                diagonal: [Double](repeating: 1, count: n), couplings: uniforms(n - 1, seed: 7).map { 1e-12 * $0 }),
            "cluster")
        // Eigenvalues repeated many times: d in {−1, 0, 1}, couplings small but not negligible.
        let levels = (0..<n).map { Double($0 % 3) - 1 }
        try check(Tridiagonal(diagonal: levels, couplings: uniforms(n - 1, seed: 8).map { 1e-9 * $0 }), "three levels")
        // A Toeplitz matrix (the 1-D Laplacian): known spectrum 2 − 2 cos(kπ/(n+1)).
        let laplacian = Tridiagonal(
            diagonal: [Double](repeating: 2, count: n), couplings: [Double](repeating: -1, count: n - 1))
        try check(laplacian, "Laplacian")
        let values = try TridiagonalDivideConquer.decompose(
            diagonal: laplacian.diagonal, offDiagonal: laplacian.offDiagonal
        ).values
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * .pi / Double(n + 1)) }
        #expect(zip(values, exact).map { abs($0 - $1) }.max()! < 1e-14)
    }

    @Test func gradedAndScaled() throws {
        let n = 200
        let graded = Tridiagonal(
            diagonal: (0..<n).map { pow(10, -Double($0) / 10) },
            couplings: (0..<(n - 1)).map { 0.5 * pow(10, -Double($0) / 10 - 0.05) })
        try check(graded, "graded")
        try check(
            Tridiagonal(diagonal: graded.diagonal.reversed(), couplings: graded.couplings.reversed()), "graded reversed"
        )
        for factor in [0x1p400, 0x1p-400] {
            let scaled = Tridiagonal(
                diagonal: uniforms(100, seed: 9).map { $0 * factor },
                couplings: uniforms(99, seed: 10).map { $0 * factor })
            try check(scaled, "scaled by \(factor)")
        }
    }

    @Test func degenerateSizes() throws {
        try check(Tridiagonal(diagonal: [3], couplings: []), "1×1")
        try check(Tridiagonal(diagonal: [1, 2], couplings: [0.5]), "2×2")
        try check(
            Tridiagonal(diagonal: [Double](repeating: 0, count: 90), couplings: [Double](repeating: 0, count: 89)),
            "zero")
        let diagonal = uniforms(100, seed: 11)
        let (values, vectors) = try TridiagonalDivideConquer.decompose(
            diagonal: diagonal,
            offDiagonal: [Double](repeating: 0, count: 100))
        #expect(values == diagonal.sorted())
        #expect(vectors.elements.allSatisfy { $0 == 0 || $0 == 1 })
        let empty = try TridiagonalDivideConquer.decompose(diagonal: [], offDiagonal: [])
        #expect(empty.values.isEmpty && empty.vectors.rows == 0)
    }

    /// One merge on chosen halves, so each deflation path is taken for certain: (a) z_j = 0 (Q₁ = I
    /// leaves one nonzero entry of z in the upper half), (b) equal eigenvalues inside the lower half,
    /// (c) equal eigenvalues across the halves (the rotation mixes an upper and a lower column),
    /// (d) ρ = 0. The result must reconstruct diag(Q₁, Q₂) D diag(Q₁, Q₂)ᵀ + |β| v vᵀ.
    @Test func everyDeflationPath() throws {
        let n1 = 40
        let n = 90
        let n2 = n - n1
        let lowerQ = try SymmetricEigen(symmetricRandom(n2, seed: 12)).vectors
        var lowerD = uniforms(n2, seed: 13)
        lowerD[5] = lowerD[17]  // (b)
        var upperD = uniforms(n1, seed: 14)
        upperD[n1 - 1] = lowerD[8]  // (c): the one upper column with z ≠ 0
        for beta in [0.7, -0.3, 0] {  // (d) for β = 0
            var q = Matrix(rows: n, columns: n)
            for i in 0..<n1 { q[i, i] = 1 }  // (a)
            for i in 0..<n2 { for j in 0..<n2 { q[n1 + i, n1 + j] = lowerQ[i, j] } }
            var target = Matrix.multiply(
                q, .none, Matrix.multiply(Matrix.diagonal(upperD + lowerD), .none, q, .transpose), .none)
            target[n1 - 1, n1 - 1] += abs(beta)
            target[n1, n1] += abs(beta)
            target[n1 - 1, n1] += beta
            target[n1, n1 - 1] += beta
            var d = upperD + lowerD
            d.withUnsafeMutableBufferPointer { d in
                q.withUnsafeMutableBufferPointer { q in
                    TridiagonalDivideConquer.merge(
                        d: d.baseAddress!, count: n, firstHalf: n1, coupling: beta,
                        q: q.baseAddress!, ldq: n)
                }
            }
            let (reconstruction, orthogonality) = residuals(target, values: d, vectors: q)
            #expect(reconstruction < 20 && orthogonality < 20, "β = \(beta): \(reconstruction), \(orthogonality)")
        }
    }

    @Test func identicalForEveryThreadCount() throws {
        let n = 520
        let a = symmetricRandom(n, seed: 15)
        let reference = try Parallelism.withThreadLimit(1) { try SymmetricEigen(a) }
        for threads in [2, 3] {
            let other = try Parallelism.withThreadLimit(threads) { try SymmetricEigen(a) }
            #expect(other.values == reference.values, "\(threads) threads: values differ")
            #expect(other.vectors == reference.vectors, "\(threads) threads: vectors differ")
        }
        let t = Tridiagonal(diagonal: uniforms(n, seed: 16), couplings: uniforms(n - 1, seed: 17))
        let serial = try Parallelism.withThreadLimit(1) {
            try TridiagonalDivideConquer.decompose(diagonal: t.diagonal, offDiagonal: t.offDiagonal)
        }
        let parallel = try Parallelism.withThreadLimit(2) {
            try TridiagonalDivideConquer.decompose(diagonal: t.diagonal, offDiagonal: t.offDiagonal)
        }
        #expect(serial.values == parallel.values && serial.vectors == parallel.vectors)
    }
}

private func symmetricRandom(_ n: Int, seed: UInt64) -> Matrix {
    let x = TestSupport.randomMatrix(n, n, seed: seed)
    return Matrix(rows: n, columns: n) { i, j in 0.5 * (x[i, j] + x[j, i]) }
}
