import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct CholeskyTests {
    /// G·Gᵀ/k + shift·I, symmetric positive definite.
    static func spd(_ n: Int, seed: UInt64, shift: Double = 0.1) -> Matrix {
        let g = TestSupport.randomMatrix(n, n + 3, seed: seed)
        var a = gram(g, .rows)
        for i in 0..<n * n { a.elements[i] /= Double(n + 3) }
        for i in 0..<n { a[i, i] += shift }
        return a
    }

    /// Q·diag(λ)·Qᵀ with eigenvalues spread log-uniformly over [1/condition, 1].
    static func illConditioned(_ n: Int, condition: Double, seed: UInt64) -> Matrix {
        // Q from Householder reflections of random vectors: exactly orthogonal up to rounding.
        var q = Matrix.identity(n)
        var stream = RandomStream(seed: seed)
        for _ in 0..<3 {
            let v = (0..<n).map { _ in stream.nextNormal() }
            let norm2 = v.reduce(0) { $0 + $1 * $1 }
            let qv = q.multiply(v)
            for i in 0..<n { for j in 0..<n { q[i, j] -= 2 * qv[i] * v[j] / norm2 } }
        }
        let lambdas = (0..<n).map { pow(condition, -Double($0) / Double(max(n - 1, 1))) }
        var scaled = q
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= lambdas[j] } }
        var a = Matrix.multiply(scaled, .none, q, .transpose)
        for i in 0..<n { for j in 0..<i { a[j, i] = a[i, j] } }
        return a
    }

    /// ‖A − L·Lᵀ‖_F / (n·‖A‖_F·ε).
    static func backwardError(_ a: Matrix, _ factor: CholeskyFactorization) -> Double {
        let product = Matrix.multiply(factor.lower, .none, factor.lower, .transpose)
        var difference = 0.0
        for (x, y) in zip(a.elements, product.elements) { difference += (x - y) * (x - y) }
        return difference.squareRoot() / (Double(a.rows) * a.frobeniusNorm * Double.ulpOfOne)
    }

    @Test(arguments: [1, 5, 7, 13, 33, 97, 250, 300])
    func smallBackwardErrorOnRandomSPD(n: Int) throws {
        let a = Self.spd(n, seed: UInt64(n))
        try forEachInstructionSet { isa in
            let factor = try CholeskyFactorization(a)
            #expect(Self.backwardError(a, factor) < 1, "\(isa)")
        }
        let factor = try CholeskyFactorization(a)
        var upperZero = true
        var diagonalPositive = true
        for i in 0..<n {
            diagonalPositive = diagonalPositive && factor.lower[i, i] > 0
            for j in (i + 1)..<max(n, i + 1) where factor.lower[i, j] != 0 { upperZero = false }
        }
        #expect(upperZero && diagonalPositive)
    }

    @Test func readsOnlyTheLowerTriangle() throws {
        let a = Self.spd(140, seed: 11)
        var poisonedUpper = a
        for i in 0..<140 { for j in (i + 1)..<140 { poisonedUpper[i, j] = .nan } }
        #expect(try CholeskyFactorization(poisonedUpper).lower == (try CholeskyFactorization(a).lower))
    }

    @Test func smallBackwardErrorWhenIllConditioned() throws {
        let a = Self.illConditioned(180, condition: 1e10, seed: 3)
        let factor = try CholeskyFactorization(a)
        #expect(Self.backwardError(a, factor) < 1)
    }

    @Test func solvesKnownSystems() throws {
        let n = 211
        let a = Self.spd(n, seed: 4)
        let factor = try CholeskyFactorization(a)
        let x = (0..<n).map { sin(Double($0)) }
        #expect(TestSupport.relativeError(factor.solve(a.multiply(x)), x) < 1e-10)
        let xs = TestSupport.randomMatrix(n, 9, seed: 5)
        let solved = factor.solve(Matrix.multiply(a, .none, xs, .none))
        #expect(TestSupport.relativeError(solved.elements, xs.elements) < 1e-10)
    }

    @Test func logDeterminantOfDiagonalAndProduct() throws {
        let d = Matrix.diagonal([2, 3, 0.5, 7])
        #expect(abs(try CholeskyFactorization(d).logDeterminant - log(21.0)) < 1e-14)
        // det(A) for A = L Lᵀ with a known unit-lower L times diagonal.
        let a = Self.spd(150, seed: 6)
        let factor = try CholeskyFactorization(a)
        let viaDiagonal = (0..<150).reduce(0.0) { $0 + log(factor.lower[$1, $1]) } * 2
        #expect(abs(factor.logDeterminant - viaDiagonal) < 1e-10)
    }

    @Test func detectsNonPositiveDefiniteWithPivotIndex() {
        // Positive definite leading 99×99 block, then a pivot that goes negative at index 99.
        var a = Self.spd(160, seed: 7)
        let n = a.rows
        for j in 0..<n {
            a[99, j] = 0
            a[j, 99] = 0
        }
        a[99, 99] = -1
        #expect(throws: LinalgError.notPositiveDefinite(index: 99, value: -1)) { try CholeskyFactorization(a) }
        // A rank-deficient Gram matrix fails at a non-positive (never NaN) pivot.
        let x = TestSupport.randomMatrix(70, 40, seed: 8)
        do {
            _ = try CholeskyFactorization(gram(x, .rows))
            Issue.record("rank-deficient matrix accepted")
        } catch {
            guard case .notPositiveDefinite(let index, let value) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(index >= 40 && index < 70 && !value.isNaN && value <= 1e-10)
        }
        var poisoned = Self.spd(50, seed: 9)
        poisoned[30, 2] = .nan
        poisoned[2, 30] = .nan
        #expect(throws: LinalgError.self) { try CholeskyFactorization(poisoned) }
        #expect(throws: LinalgError.dimensionMismatch("Cholesky needs a square matrix, got 2×3")) {
            try CholeskyFactorization(Matrix(rows: 2, columns: 3))
        }
    }

    @Test func bitIdenticalAcrossThreadCounts() throws {
        let a = Self.spd(333, seed: 10)
        try forEachInstructionSet { isa in
            let one = try CholeskyFactorization(a, threads: 1).lower
            let two = try CholeskyFactorization(a, threads: 2).lower
            let three = try CholeskyFactorization(a, threads: 3).lower
            #expect(one == two && one == three, "\(isa)")
        }
    }
}
