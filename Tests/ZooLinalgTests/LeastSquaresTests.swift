import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct LeastSquaresTests {
    /// Shapes covering n < d, n = d, n > d, the unblocked and blocked paths, with and without the
    /// preliminary LQ reduction.
    static let shapes: [(Int, Int)] = [(20, 30), (40, 90), (60, 60), (120, 50), (150, 400), (400, 150), (1, 5), (5, 1)]

    @Test(arguments: shapes)
    func matchesSVDOnRandomProblems(shape: (Int, Int)) throws {
        let (n, d) = shape
        let x = TestSupport.randomMatrix(n, d, seed: UInt64(n * 1000 + d))
        let y = SolverTestData.randomVector(n, seed: 99)
        let result = try minimumNormLeastSquares(x, y)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-12)
        #expect(result.rank == min(n, d))
        #expect(TestSupport.relativeError(result.solution, reference) < 1e-10, "\(n)×\(d)")
    }

    /// When rank X = n ≤ d the minimum-norm solution interpolates.
    @Test func interpolatesWhenRowsAreIndependent() throws {
        let x = TestSupport.randomMatrix(70, 200, seed: 4)
        let y = SolverTestData.randomVector(70, seed: 5)
        let theta = try minimumNormLeastSquares(x, y).solution
        #expect(TestSupport.relativeError(x.multiply(theta), y) < 1e-12)
    }

    /// Square, cond up to 1e8: agreement with the Jacobi SVD to about cond·ε.
    @Test(arguments: [1e4, 1e8])
    func illConditionedSquare(condition: Double) throws {
        let x = SolverTestData.conditioned(120, 120, condition: condition, seed: 8)
        let y = SolverTestData.randomVector(120, seed: 9)
        let result = try minimumNormLeastSquares(x, y)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-14)
        #expect(result.rank == 120)
        #expect(TestSupport.relativeError(result.solution, reference) < 1e-8 * max(1, condition / 1e8) * 10)
    }

    /// Full rank is certified after the unpivoted stage when X is well conditioned; near the rank
    /// threshold (cond 1e12 ≫ 1/(1e3·n·ε)) the pivoted stage decides, and still agrees with the SVD.
    @Test func certificationAndPivotedStage() throws {
        let wellConditioned = SolverTestData.conditioned(60, 150, condition: 1e6, seed: 2)
        let nearlySingular = SolverTestData.conditioned(60, 150, condition: 1e12, seed: 2)
        let certified = CompleteOrthogonalDecomposition(
            vectors: wellConditioned.elements, count: 60, length: 150,
            relativeThreshold: nil)
        let pivoted = CompleteOrthogonalDecomposition(
            vectors: nearlySingular.elements, count: 60, length: 150,
            relativeThreshold: nil)
        #expect(certified.certifiedFullRank && certified.rank == 60)
        #expect(!pivoted.certifiedFullRank && pivoted.rank == 60)
        let y = SolverTestData.randomVector(60, seed: 1)
        let reference = SolverTestData.pseudoinverseSolve(nearlySingular, y, relativeCutoff: 1e-15)
        #expect(TestSupport.relativeError(pivoted.solveRowSystem(y), reference) < 1e-3)
        // A relative threshold of 1e-9 cuts the spectrum (σ_j = 10^(−12j/59)) after 45 values; pivoted QR
        // diagonals track σ_j within a small factor, i.e. a few indices at this decay rate.
        let truncated = try minimumNormLeastSquares(nearlySingular, y, relativeThreshold: 1e-9)
        #expect(abs(truncated.rank - 45) <= 5)
    }

    /// Duplicated rows (n < d): rank n − k, the answer is the pseudo-inverse solution (inconsistent y:
    /// the duplicates' responses are averaged).
    @Test func duplicatedRows() throws {
        var rows = (0..<40).map { TestSupport.randomMatrix(1, 100, seed: UInt64($0)).elements }
        for k in 0..<5 { rows.append(rows[k * 3]) }
        let x = Matrix(rows)
        let y = SolverTestData.randomVector(45, seed: 3)
        let result = try minimumNormLeastSquares(x, y)
        #expect(result.rank == 40)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-12)
        #expect(TestSupport.relativeError(result.solution, reference) < 1e-10)
    }

    /// Duplicated columns (n > d): the weight is shared equally between the copies (minimum norm).
    @Test func duplicatedColumns() throws {
        let base = TestSupport.randomMatrix(150, 30, seed: 21)
        let x = Matrix(rows: 150, columns: 36) { i, j in base[i, j < 30 ? j : j - 30] }
        let y = SolverTestData.randomVector(150, seed: 22)
        let result = try minimumNormLeastSquares(x, y)
        #expect(result.rank == 30)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-12)
        #expect(TestSupport.relativeError(result.solution, reference) < 1e-10)
        for j in 0..<6 { #expect(abs(result.solution[j] - result.solution[j + 30]) < 1e-10) }
    }

    /// A blocked-path, low-rank wide problem and a zero matrix.
    @Test func lowRankAndZero() throws {
        let x = Matrix.multiply(
            TestSupport.randomMatrix(130, 12, seed: 1), .none, TestSupport.randomMatrix(12, 260, seed: 2), .none)
        let y = SolverTestData.randomVector(130, seed: 3)
        let result = try minimumNormLeastSquares(x, y)
        #expect(result.rank == 12)
        #expect(result.threshold > 0)
        let reference = SolverTestData.pseudoinverseSolve(x, y, relativeCutoff: 1e-12)
        #expect(TestSupport.relativeError(result.solution, reference) < 1e-10)
        let zero = try minimumNormLeastSquares(Matrix(rows: 4, columns: 6), [1, 2, 3, 4])
        #expect(zero.rank == 0 && zero.solution == [Double](repeating: 0, count: 6))
    }

    @Test func rejectsBadInput() {
        #expect(throws: LinalgError.self) { try minimumNormLeastSquares(Matrix(rows: 3, columns: 2), [1, 2]) }
        #expect(throws: LinalgError.self) {
            try minimumNormLeastSquares(Matrix(rows: 1, columns: 2, elements: [1, .nan]), [1])
        }
    }
}
