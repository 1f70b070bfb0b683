import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct RidgePathTests {
    /// (XᵀX + nλI)⁻¹Xᵀy through the SVD of X: θ = V·diag(σ/(σ² + nλ))·Uᵀy, accurate for every λ.
    static func directRidge(_ x: Matrix, _ y: [Double], lambda: Double) -> [Double] {
        let svd = try! SingularValueDecomposition(x)
        let shift = Double(x.rows) * lambda
        var theta = [Double](repeating: 0, count: x.columns)
        for (j, sigma) in svd.values.enumerated() where sigma > 0 {
            var coefficient = 0.0
            for i in 0..<x.rows { coefficient += svd.u[i, j] * y[i] }
            coefficient *= sigma / (sigma * sigma + shift)
            for k in 0..<x.columns { theta[k] += coefficient * svd.v[k, j] }
        }
        return theta
    }

    static let lambdas = (0...16).map { pow(10, -6 + Double($0) / 2) }

    /// Spiked covariance in the regime the path is built for: a well-conditioned bulk plus a few spikes.
    static func spiked(_ n: Int, _ d: Int, seed: UInt64) -> (Matrix, [Double]) {
        var x = TestSupport.randomMatrix(n, d, seed: seed)
        for i in 0..<n { for j in 3..<d { x[i, j] *= 0.1 } }
        let y = (0..<n).map { i in x[i, 0] + x[i, 1] - x[i, 2] }.enumerated().map { $1 + 0.5 * sin(Double($0)) }
        return (x, y)
    }

    @Test(arguments: [(60, 200), (150, 150), (200, 60)])
    func matchesDirectFormulaOverLambda(shape: (Int, Int)) throws {
        let (n, d) = shape
        let (x, y) = Self.spiked(n, d, seed: UInt64(n + d))
        let path = RidgePath(x: x, y: y)
        for lambda in Self.lambdas {
            let solution = try path.solve(lambda: lambda)
            let reference = Self.directRidge(x, y, lambda: lambda)
            #expect(
                TestSupport.relativeError(solution.coefficients, reference) < 1e-7,
                "\(n)×\(d) λ=\(lambda) via \(solution.method)")
            #expect(solution.residual < 1e-8)
        }
    }

    /// The textbook normal equations (XᵀX + nλI)θ = Xᵀy solved by Cholesky, for moderate λ where that
    /// route is itself accurate.
    @Test(arguments: [(50, 120), (120, 50)])
    func matchesCholeskyOfNormalEquations(shape: (Int, Int)) throws {
        let (n, d) = shape
        let (x, y) = Self.spiked(n, d, seed: 77)
        let path = RidgePath(x: x, y: y)
        for lambda in [1e-3, 1e-2, 1e-1, 1, 10, 100] {
            var system = gram(x, .columns)
            for i in 0..<d { system[i, i] += Double(n) * lambda }
            let reference = try CholeskyFactorization(system).solve(x.multiply(y, .transpose))
            let solution = try path.solve(lambda: lambda)
            #expect(TestSupport.relativeError(solution.coefficients, reference) < 1e-9, "λ=\(lambda)")
        }
    }

    /// d well above n: the Krylov route serves the whole path, λ = 0 included, and interpolates.
    @Test func krylovRouteForWideData() throws {
        let (x, y) = Self.spiked(80, 300, seed: 4)
        let path = RidgePath(x: x, y: y)
        let minimumNorm = try path.solve(lambda: 0)
        #expect(minimumNorm.method.hasPrefix("lanczos"))
        #expect(TestSupport.relativeError(x.multiply(minimumNorm.coefficients), y) < 1e-8)
        let reference = try minimumNormLeastSquares(x, y).solution
        #expect(TestSupport.relativeError(minimumNorm.coefficients, reference) < 1e-8)
        // λ → 0 converges to min-norm; λ → ∞ sends θ to 0 like Xᵀy/(nλ).
        let tiny = try path.solve(lambda: 1e-9)
        #expect(TestSupport.relativeError(tiny.coefficients, reference) < 1e-6)
        let huge = try path.solve(lambda: 1e8)
        let scaledGradient = x.multiply(y, .transpose).map { $0 / (80 * 1e8) }
        #expect(TestSupport.relativeError(huge.coefficients, scaledGradient) < 1e-5)
        #expect(huge.coefficients.map { $0 * $0 }.reduce(0, +).squareRoot() < 1e-6)
    }

    /// n = d with cond(X) = 1e8: Lanczos cannot converge at small shifts, the direct routes take over.
    @Test func illConditionedFallsBack() throws {
        let x = SolverTestData.conditioned(100, 100, condition: 1e8, seed: 12)
        let y = SolverTestData.randomVector(100, seed: 13)
        let path = RidgePath(x: x, y: y)
        let minimumNorm = try path.solve(lambda: 0)
        #expect(minimumNorm.method.hasPrefix("complete-orthogonal"))
        #expect(minimumNorm.rank == 100)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-14)
        #expect(TestSupport.relativeError(minimumNorm.coefficients, reference) < 1e-7)
        let small = try path.solve(lambda: 1e-12)
        #expect(small.method.hasPrefix("eigen"))
        #expect(
            TestSupport.relativeError(small.coefficients, Self.directRidge(x, y, lambda: 1e-12)) < 1e-8,
            "\(small.method)")
        let large = try path.solve(lambda: 1)
        #expect(TestSupport.relativeError(large.coefficients, Self.directRidge(x, y, lambda: 1)) < 1e-10)
    }

    /// Duplicated rows with different responses: XXᵀα = y is inconsistent at λ = 0, so the path must return
    /// the least-squares minimum-norm solution (rank n − 5), not an interpolator.
    @Test func duplicatedRows() throws {
        var rows = (0..<50).map { TestSupport.randomMatrix(1, 120, seed: UInt64(300 + $0)).elements }
        for k in 0..<5 { rows.append(rows[k * 7]) }
        let x = Matrix(rows)
        let y = SolverTestData.randomVector(55, seed: 31)
        let path = RidgePath(x: x, y: y)
        let minimumNorm = try path.solve(lambda: 0)
        #expect(minimumNorm.rank == 50)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-12)
        #expect(TestSupport.relativeError(minimumNorm.coefficients, reference) < 1e-10)
        for lambda in [1e-4, 1e-2, 1.0] {
            let solution = try path.solve(lambda: lambda)
            #expect(TestSupport.relativeError(solution.coefficients, Self.directRidge(x, y, lambda: lambda)) < 1e-8)
        }
    }

    @Test func concurrentCallsAgree() async throws {
        let (x, y) = Self.spiked(70, 250, seed: 8)
        let path = RidgePath(x: x, y: y)
        let lambdas = [0.0, 1e-3, 1e-1, 10]
        let results = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for (index, lambda) in lambdas.enumerated() {
                group.addTask { (index, try path.solve(lambda: lambda).coefficients) }
            }
            var collected = [[Double]](repeating: [], count: lambdas.count)
            for try await (index, theta) in group { collected[index] = theta }
            return collected
        }
        for (lambda, theta) in zip(lambdas, results) {
            #expect(TestSupport.relativeError(theta, Self.directRidge(x, y, lambda: lambda)) < 1e-7)
        }
    }

    /// Degenerate shapes and the forced direct route agree with the formula.
    @Test func edgeCases() throws {
        let one = try RidgePath(x: Matrix([[2]]), y: [3]).solve(lambda: 0.5)
        #expect(abs(one.coefficients[0] - 6.0 / 4.5) < 1e-14)  // (XᵀX + nλ)⁻¹Xᵀy = (4 + 0.5)⁻¹·6
        let zeroX = RidgePath(x: Matrix(rows: 4, columns: 6), y: [1, 2, 3, 4])
        #expect(try zeroX.solve(lambda: 0).coefficients == [Double](repeating: 0, count: 6))
        #expect(try zeroX.solve(lambda: 1).coefficients == [Double](repeating: 0, count: 6))
        let (x, y) = Self.spiked(40, 90, seed: 3)
        let direct = RidgePath(x: x, y: y, maxIterations: 0)
        for lambda in [0, 1e-3, 1] {
            let solution = try direct.solve(lambda: lambda)
            #expect(!solution.method.hasPrefix("lanczos"))
            #expect(TestSupport.relativeError(solution.coefficients, Self.directRidge(x, y, lambda: lambda)) < 1e-10)
        }
    }

    @Test func zeroResponseAndBadInput() throws {
        let x = TestSupport.randomMatrix(10, 20, seed: 1)
        #expect(
            try RidgePath(x: x, y: [Double](repeating: 0, count: 10)).solve(lambda: 0.1).coefficients
                == [Double](repeating: 0, count: 20))
        #expect(throws: LinalgError.self) { try RidgePath(x: x, y: [1, 2]).solve(lambda: 1) }
    }
}
