import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

/// Builders shared by the SVD, least-squares and ridge-path tests.
enum SolverTestData {
    /// A matrix with orthonormal columns (m ≥ k), from the Jacobi SVD of a Gaussian matrix.
    static func orthonormalColumns(_ m: Int, _ k: Int, seed: UInt64) -> Matrix {
        (try! SingularValueDecomposition(TestSupport.randomMatrix(m, k, seed: seed))).u
    }

    /// An n×d matrix U·diag(σ)·Vᵀ with min(n, d) singular values log-spaced from 1 down to 1/condition.
    static func conditioned(_ n: Int, _ d: Int, condition: Double, seed: UInt64) -> Matrix {
        let r = min(n, d)
        let u = orthonormalColumns(n, r, seed: seed)
        let v = orthonormalColumns(d, r, seed: seed + 1)
        var scaledU = u
        for j in 0..<r {
            let sigma = r == 1 ? 1 : pow(condition, -Double(j) / Double(r - 1))
            for i in 0..<n { scaledU[i, j] *= sigma }
        }
        return Matrix.multiply(scaledU, .none, v, .transpose)
    }

    /// X⁺y through the SVD, singular values below relativeCutoff·σ₀ dropped.
    static func pseudoinverseSolve(_ x: Matrix, _ y: [Double], relativeCutoff: Double) -> [Double] {
        let svd = try! SingularValueDecomposition(x)
        var theta = [Double](repeating: 0, count: x.columns)
        let cutoff = relativeCutoff * (svd.values.first ?? 0)
        for (j, sigma) in svd.values.enumerated() where sigma > cutoff {
            var coefficient = 0.0
            for i in 0..<x.rows { coefficient += svd.u[i, j] * y[i] }
            coefficient /= sigma
            for k in 0..<x.columns { theta[k] += coefficient * svd.v[k, j] }
        }
        return theta
    }

    static func randomVector(_ n: Int, seed: UInt64) -> [Double] {
        TestSupport.randomMatrix(n, 1, seed: seed).elements
    }

    /// ‖QᵀQ − I‖_max for Q with (supposedly) orthonormal columns.
    static func orthonormalityError(_ q: Matrix) -> Double {
        let g = Matrix.multiply(q, .transpose, q, .none)
        var worst = 0.0
        for i in 0..<g.rows { for j in 0..<g.columns { worst = max(worst, abs(g[i, j] - (i == j ? 1 : 0))) } }
        return worst
    }
}

@Suite struct SVDTests {
    @Test(arguments: [(30, 12), (12, 30), (25, 25), (1, 7), (7, 1)])
    func reconstructsAndIsOrthonormal(shape: (Int, Int)) throws {
        let (m, n) = shape
        let a = TestSupport.randomMatrix(m, n, seed: 11)
        let svd = try SingularValueDecomposition(a)
        let r = min(m, n)
        #expect(svd.u.rows == m && svd.u.columns == r && svd.v.rows == n && svd.v.columns == r)
        #expect(zip(svd.values, svd.values.dropFirst()).allSatisfy { $0 >= $1 })
        var us = svd.u
        for j in 0..<r { for i in 0..<m { us[i, j] *= svd.values[j] } }
        let rebuilt = Matrix.multiply(us, .none, svd.v, .transpose)
        var error = 0.0
        for (x, y) in zip(rebuilt.elements, a.elements) { error = max(error, abs(x - y)) }
        #expect(error < 1e-13 * a.maxAbs * Double(max(m, n)))
        #expect(SolverTestData.orthonormalityError(svd.u) < 1e-13)
        #expect(SolverTestData.orthonormalityError(svd.v) < 1e-13)
    }

    /// Tiny singular values of a column-graded matrix come out to full relative accuracy (an eigensolver
    /// on AᵀA would lose every σ below √ε·σ₀).
    @Test func gradedColumnsKeepRelativeAccuracy() throws {
        let q = SolverTestData.orthonormalColumns(40, 6, seed: 3)
        let sigmas = [1, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15]
        var a = q
        for j in 0..<6 { for i in 0..<40 { a[i, j] *= sigmas[j] } }
        let svd = try SingularValueDecomposition(a)
        for (computed, exact) in zip(svd.values, sigmas) {
            #expect(abs(computed - exact) <= 1e-13 * exact)
        }
    }

    @Test func rankDeficientCompletesTheBasis() throws {
        // Rank 2 in a 6×4 matrix: two exact zero singular values (up to rounding), U still orthonormal.
        var a = TestSupport.randomMatrix(6, 2, seed: 5)
        a = Matrix.multiply(a, .none, TestSupport.randomMatrix(2, 4, seed: 6), .none)
        let svd = try SingularValueDecomposition(a)
        #expect(svd.values[2] < 1e-14 * svd.values[0])
        #expect(SolverTestData.orthonormalityError(svd.u) < 1e-12)
        let zero = try SingularValueDecomposition(Matrix(rows: 3, columns: 2))
        #expect(zero.values == [0, 0])
        #expect(SolverTestData.orthonormalityError(zero.u) < 1e-15)
    }
}
