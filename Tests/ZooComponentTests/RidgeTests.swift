import Testing
import ZooCore
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

@Suite struct RidgeTests {
    /// (XᵀX + nλI)⁻¹Xᵀy by Cholesky, the textbook formula.
    func direct(_ x: Matrix, _ y: [Double], lambda: Double) throws -> [Double] {
        var a = gram(x, .columns)
        for i in 0..<a.rows { a[i, i] += Double(x.rows) * lambda }
        return try CholeskyFactorization(a).solve(x.multiply(y, .transpose))
    }

    func fit(_ spec: String, _ training: Dataset, context: FitContext) throws -> [Double] {
        let estimator = try RidgeRegression.make(try ComponentSpec(parsing: spec).arguments)
        return (try estimator.fit(training, context: context) as! LinearFit).weights
    }

    @Test(arguments: [(20, 35), (35, 20)])
    func matchesTheClosedFormAlongThePath(n: Int, d: Int) throws {
        let training = try Dataset(
            features: TestSupport.randomMatrix(n, d, seed: 1), targets: TestSupport.randomMatrix(n, 1, seed: 2).elements
        )
        let context = FitContext(seed: 0)
        for lambda in [1e-6, 1e-4, 1e-2, 1, 100] {
            let weights = try fit("ridge(lambda=\(lambda))", training, context: context)
            #expect(
                TestSupport.relativeError(weights, try direct(training.features, training.targets, lambda: lambda))
                    < 1e-7, "λ=\(lambda)")
        }
    }

    @Test func limitsAreMinimumNormAndZero() throws {
        let training = try Dataset(
            features: TestSupport.randomMatrix(25, 60, seed: 3),
            targets: TestSupport.randomMatrix(25, 1, seed: 4).elements)
        let minimumNorm = (try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit)
            .weights
        let tiny = try fit("ridge(lambda=1e-10)", training, context: FitContext(seed: 0))
        #expect(TestSupport.relativeError(tiny, minimumNorm) < 1e-6)
        let zero = try fit("ridge(lambda=0)", training, context: FitContext(seed: 0))
        #expect(TestSupport.relativeError(zero, minimumNorm) < 1e-9)
        let huge = try fit("ridge(lambda=1e8)", training, context: FitContext(seed: 0))
        #expect(
            huge.reduce(0) { $0 + $1 * $1 }.squareRoot() < 1e-6 * minimumNorm.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }

    @Test func weightNormShrinksMonotonicallyWithLambda() throws {
        let training = try Dataset(
            features: TestSupport.randomMatrix(30, 50, seed: 5),
            targets: TestSupport.randomMatrix(30, 1, seed: 6).elements)
        let context = FitContext(seed: 0)
        let norms = try [0.0, 1e-3, 1e-2, 0.1, 1, 10].map { lambda in
            try fit("ridge(lambda=\(lambda))", training, context: context).reduce(0) { $0 + $1 * $1 }
        }
        #expect(zip(norms, norms.dropFirst()).allSatisfy { $0 > $1 })
    }
}
