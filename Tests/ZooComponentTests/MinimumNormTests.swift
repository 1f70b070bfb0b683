import Testing
import ZooCatalog
import ZooCore
import ZooData
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

@Suite struct MinimumNormTests {
    let registry = try! Catalog.makeRegistry()

    /// On isotropic data with n < d − 1 the finite-n expectations are
    /// E‖θ̂ − θ*‖² = (1 − n/d)‖θ*‖² + σ²n/(d − n − 1) and E‖θ̂‖² = (n/d)‖θ*‖² + σ²n/(d − n − 1).
    @Test func matchesFiniteSampleExpectationsOnIsotropicData() throws {
        let d = 120
        let n = 60
        let sigma = 0.5
        let repetitions = 300
        let data = try registry.makeDataModel(ComponentSpec(parsing: "isotropic(d=\(d),signal=1,noise=\(sigma))"))
        let estimator = try MinimumNormInterpolator.make()
        var errors = [Double]()
        var norms = [Double]()
        for seed in 0..<UInt64(repetitions) {
            let split = try data.draw(trainingSize: n, testSize: 1, seed: seed)
            let model = try estimator.fit(split.train, context: FitContext(seed: seed)) as! LinearFit
            let truth = try #require(data as? any GaussianPopulationModel).population(forSeed: seed).truth
            errors.append(zip(model.weights, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
            norms.append(model.weights.reduce(0) { $0 + $1 * $1 })
        }
        let noiseTerm = sigma * sigma * Double(n) / Double(d - n - 1)
        let expectedError = (1 - Double(n) / Double(d)) + noiseTerm
        let expectedNorm = Double(n) / Double(d) + noiseTerm
        for (values, expected) in [(errors, expectedError), (norms, expectedNorm)] {
            let mean = values.reduce(0, +) / Double(repetitions)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repetitions - 1)).squareRoot()
            #expect(abs(mean - expected) < 4 * sd / Double(repetitions).squareRoot(), "mean \(mean) vs \(expected)")
        }
    }

    @Test(arguments: [(30, 30), (25, 40), (40, 25)])
    func agreesWithTheDecompositionAndInterpolatesWhenRankIsN(n: Int, d: Int) throws {
        let x = TestSupport.randomMatrix(n, d, seed: 11)
        let y = TestSupport.randomMatrix(n, 1, seed: 12).elements
        let training = try Dataset(features: x, targets: y)
        let fit = try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit
        let reference = try minimumNormLeastSquares(x, y).solution
        #expect(fit.weights.allSatisfy { $0.isFinite })
        #expect(TestSupport.relativeError(fit.weights, reference) < 1e-6)
        if n <= d { #expect(TestSupport.relativeError(x.multiply(fit.weights), y) < 1e-7) }
    }

    @Test func staysFiniteWithDuplicatedRows() throws {
        var rows = (0..<20).map { TestSupport.randomMatrix(1, 50, seed: UInt64($0)).elements }
        rows.append(rows[3])
        rows.append(rows[7])
        var y = TestSupport.randomMatrix(20, 1, seed: 99).elements
        y.append(y[3])
        y.append(y[7])
        let training = try Dataset(features: Matrix(rows), targets: y)
        let fit = try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit
        let reference = try minimumNormLeastSquares(training.features, y).solution
        #expect(fit.weights.allSatisfy { $0.isFinite })
        #expect(TestSupport.relativeError(fit.weights, reference) < 1e-6)
        #expect(TestSupport.relativeError(training.features.multiply(fit.weights), y) < 1e-7)
    }
}
