import Foundation
import Testing
import ZooCore
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

/// `ridge-gcv` and the path's df and residual against explicit matrix inverses.
@Suite struct RidgeGCVTests {
    /// (XᵀX + nλI)⁻¹ by Gauss–Jordan elimination with partial pivoting, written out here.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let m = a.count
        var left = a
        var right = (0..<m).map { i in (0..<m).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<m {
            let pivot = (column..<m).max { abs(left[$0][column]) < abs(left[$1][column]) }!
            left.swapAt(column, pivot)
            right.swapAt(column, pivot)
            let scale = 1 / left[column][column]
            left[column] = left[column].map { $0 * scale }
            right[column] = right[column].map { $0 * scale }
            for row in 0..<m where row != column {
                let factor = left[row][column]
                if factor == 0 { continue }
                for j in 0..<m {
                    left[row][j] -= factor * left[column][j]
                    right[row][j] -= factor * right[column][j]
                }
            }
        }
        return right
    }

    /// Brute force: H = X(XᵀX + nλI)⁻¹Xᵀ formed explicitly; df = tr H, residual ‖(I − H)y‖²,
    /// GCV = n·‖(I − H)y‖²/(n − tr H)², and the leave-one-out error Σ ((yᵢ − (Hy)ᵢ)/(1 − Hᵢᵢ))²/n.
    static func bruteForce(_ x: Matrix, _ y: [Double], lambda: Double) -> (
        df: Double, rss: Double, gcv: Double, loo: Double
    ) {
        let n = x.rows
        let d = x.columns
        var normal = (0..<d).map { i in (0..<d).map { j in (0..<n).reduce(0) { $0 + x[$1, i] * x[$1, j] } } }
        for i in 0..<d { normal[i][i] += Double(n) * lambda }
        let inv = inverse(normal)
        // M = (XᵀX + nλI)⁻¹Xᵀ (d×n), then H = X·M.
        var m = [[Double]](repeating: [Double](repeating: 0, count: n), count: d)
        for i in 0..<d {
            for b in 0..<n {
                var sum = 0.0
                for j in 0..<d { sum += inv[i][j] * x[b, j] }
                m[i][b] = sum
            }
        }
        var hat = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in 0..<n {
                var sum = 0.0
                for i in 0..<d { sum += x[a, i] * m[i][b] }
                hat[a][b] = sum
            }
        }
        let fitted = (0..<n).map { a in (0..<n).reduce(0) { $0 + hat[a][$1] * y[$1] } }
        let df = (0..<n).reduce(0) { $0 + hat[$1][$1] }
        let rss = (0..<n).reduce(0) { $0 + (y[$1] - fitted[$1]) * (y[$1] - fitted[$1]) }
        var loo = 0.0
        for i in 0..<n {
            let r = (y[i] - fitted[i]) / (1 - hat[i][i])
            loo += r * r / Double(n)
        }
        return (df, rss, Double(n) * rss / ((Double(n) - df) * (Double(n) - df)), loo)
    }

    static func problem(n: Int, d: Int, seed: UInt64) -> (Matrix, [Double]) {
        let x = TestSupport.randomMatrix(n, d, seed: seed)
        var truth = [Double](repeating: 0, count: d)
        for i in 0..<min(5, d) { truth[i] = 1 }
        let noise = TestSupport.randomMatrix(n, 1, seed: seed + 100).elements
        return (x, (0..<n).map { x.multiply(truth)[$0] + noise[$0] })
    }

    /// df(λ) = Σ μᵢ/(μᵢ + nλ) and ‖y − Xθ̂‖² from the path equal tr H and ‖(I − H)y‖², dual (n < d) and
    /// primal (n > d), and the residual agrees with the fitted θ̂.
    @Test(arguments: [(25, 40), (50, 15)])
    func pathDegreesOfFreedomAndResidualMatchExplicitInverse(n: Int, d: Int) throws {
        let (x, y) = Self.problem(n: n, d: d, seed: 5)
        let path = RidgePath(x: x, y: y)
        for lambda in [1e-4, 1e-2, 1] {
            let brute = Self.bruteForce(x, y, lambda: lambda)
            #expect(abs(try path.degreesOfFreedom(lambda: lambda) - brute.df) < 1e-9 * brute.df)
            #expect(abs(try path.residualSumOfSquares(lambda: lambda) - brute.rss) < 1e-8 * brute.rss + 1e-12)
            let theta = try path.solve(lambda: lambda).coefficients
            let direct = zip(y, x.multiply(theta)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            #expect(abs(direct - brute.rss) < 1e-7 * brute.rss + 1e-12)
        }
        #expect(abs(try path.degreesOfFreedom(lambda: 0) - Double(min(n, d))) < 1e-9)
    }

    /// The λ `ridge-gcv` chooses is the grid minimiser of the brute-force GCV, its diagnostics carry
    /// that λ and GCV value, its weights are ridge's at that λ, and the leave-one-out error there is
    /// within 5% of the best leave-one-out error on the grid (GCV approximates leave-one-out).
    @Test func choosesTheBruteForceGCVMinimiser() throws {
        let (x, y) = Self.problem(n: 60, d: 30, seed: 9)
        let estimator = try RidgeGCV.make([
            ("lambda-min", .number(1e-4)), ("lambda-max", .number(10)), ("count", .number(25)),
        ])
        let fit = try estimator.fit(try Dataset(features: x, targets: y), context: FitContext(seed: 0)) as! LinearFit
        let brute = estimator.grid.map { Self.bruteForce(x, y, lambda: $0) }
        let best = brute.indices.min { brute[$0].gcv < brute[$1].gcv }!
        let chosen = try #require(Double(fit.diagnostics["lambda"] ?? ""))
        #expect(abs(chosen / estimator.grid[best] - 1) < 1e-12)
        #expect(abs(try #require(Double(fit.diagnostics["gcv"] ?? "")) / brute[best].gcv - 1) < 1e-8)
        let ridge = try RidgePath(x: x, y: y).solve(lambda: chosen).coefficients
        #expect(TestSupport.relativeError(fit.weights, ridge) < 1e-9)
        let bestLOO = brute.map(\.loo).min()!
        #expect(brute[best].loo <= 1.05 * bestLOO, "LOO at the GCV choice \(brute[best].loo) vs best \(bestLOO)")
        #expect(best > 0 && best < estimator.grid.count - 1, "the minimiser is interior on this problem")
    }

    /// The path's exact leave-one-out error equals the brute-force hat-matrix one, dual and primal.
    @Test(arguments: [(25, 40), (50, 15)])
    func leaveOneOutMatchesTheHatMatrix(n: Int, d: Int) throws {
        let (x, y) = Self.problem(n: n, d: d, seed: 7)
        let path = RidgePath(x: x, y: y)
        for lambda in [1e-3, 1e-1, 1] {
            let brute = Self.bruteForce(x, y, lambda: lambda)
            #expect(
                abs(try path.leaveOneOutError(lambda: lambda) - brute.loo) < 1e-8 * brute.loo,
                "n=\(n) d=\(d) λ=\(lambda)")
        }
    }

    /// criterion=loo chooses the grid minimiser of the brute-force leave-one-out error (scikit-learn
    /// RidgeCV's choice; `scripts/ridge_loo_sklearn.py` checks against scikit-learn itself).
    @Test func looCriterionChoosesTheLeaveOneOutMinimiser() throws {
        let (x, y) = Self.problem(n: 60, d: 30, seed: 9)
        let estimator = try RidgeGCV.make([
            ("lambda-min", .number(1e-4)), ("lambda-max", .number(10)), ("count", .number(25)),
            ("criterion", .word("loo")),
        ])
        let fit = try estimator.fit(try Dataset(features: x, targets: y), context: FitContext(seed: 0)) as! LinearFit
        let brute = estimator.grid.map { Self.bruteForce(x, y, lambda: $0) }
        let best = brute.indices.min { brute[$0].loo < brute[$1].loo }!
        #expect(abs(try #require(Double(fit.diagnostics["lambda"] ?? "")) / estimator.grid[best] - 1) < 1e-12)
        #expect(abs(try #require(Double(fit.diagnostics["loo"] ?? "")) / brute[best].loo - 1) < 1e-8)
        #expect(fit.diagnostics["criterion"] == "loo")
    }

    @Test func rejectsAnInvertedGrid() {
        #expect(throws: ZooError.self) {
            try RidgeGCV.make([("lambda-min", .number(1)), ("lambda-max", .number(0.1))])
        }
    }
}
