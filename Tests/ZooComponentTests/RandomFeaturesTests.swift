import Foundation
import Testing
import ZooCore
import ZooData
import ZooKernels
import ZooLinalg
import ZooModels
import ZooTestSupport

@Suite struct RandomFeaturesTests {
    static func estimator(features: Int, lambda: Double = 0) throws -> RandomFeaturesRegression {
        try RandomFeaturesRegression.make([("features", .number(Double(features))), ("lambda", .number(lambda))])
    }

    static func fit(
        _ estimator: RandomFeaturesRegression, _ training: Dataset, context: FitContext = FitContext(seed: 3)
    ) throws -> RandomFeaturesFit {
        try #require(try estimator.fit(training, context: context) as? RandomFeaturesFit)
    }

    // MARK: Hassani & Javanmard 2022, eq. 4.4

    /// S(z; ψ) = (1 − ψ − z − √((1 − ψ − z)² − 4ψz))/(−2ψz) for z < 0.
    static func stieltjes(_ z: Double, _ psi: Double) -> Double {
        let a = 1 - psi - z
        return (a - (a * a - 4 * psi * z).squareRoot()) / (-2 * psi * z)
    }

    /// The approximation error of a linear target ‖β‖ = 1 by N = ψ₁d centred-ReLU features, d → ∞.
    static func approximationErrorLimit(_ psi: Double) -> Double {
        1 - psi * (1 + (1 - 2 / Double.pi) * stieltjes(2 / Double.pi - 1, psi))
    }

    /// Population moments of the features for x ~ N(0, I_d), unit rows w_ℓ, ρ = w_ℓᵀw_k:
    /// G_ℓk = E σ(w_ℓᵀx)σ(w_kᵀx) = (√(1 − ρ²) + (π − arccos ρ)ρ)/(2π) − 1/(2π), and
    /// E σ(wᵀx)·xᵀβ = wᵀβ/2 (E relu(g)·g = 1/2).
    static func populationGram(_ w: Matrix) -> Matrix {
        var g = gram(w, .rows)
        for i in g.elements.indices {
            let rho = min(1, max(-1, g.elements[i]))
            g.elements[i] =
                ((1 - rho * rho).squareRoot() + (Double.pi - Foundation.acos(rho)) * rho) / (2 * Double.pi) - 1
                / (2 * Double.pi)
        }
        return g
    }

    /// With x ~ N(0, I_d) (`isotropic`) and y = xᵀβ, the best θ for a fixed W leaves the error
    /// A = 1 − bᵀG⁻¹b, b = Wβ/2 (β-averaged: 1 − tr(G⁻¹WWᵀ)/(4d)), which matches eq. 4.4 at d = 200;
    /// the fitted θ̂ on n = 20N noiseless samples has population error between A and A·(1 + 3N/n).
    @Test(arguments: [0.5, 1, 2]) func approximationErrorMatchesHassaniJavanmard(psi: Double) throws {
        let d = 200
        let features = Int(psi * Double(d))
        let n = 20 * features
        let data = try IsotropicGaussian.make([("d", .number(Double(d))), ("noise", .number(0))])
        let training = try data.drawTraining(size: n, seed: 1)
        let beta = data.population(forSeed: 1).truth
        let model = try Self.fit(Self.estimator(features: features), training)
        let w = model.directions
        let g = Self.populationGram(w)
        let factor = try CholeskyFactorization(g)

        let averaged =
            1 - zip(factor.solve(gram(w, .rows)).elements, Matrix.identity(features).elements)
            .reduce(0) { $0 + $1.0 * $1.1 } / (4 * Double(d))
        let limit = Self.approximationErrorLimit(psi)
        #expect(abs(averaged - limit) < 0.01, "ψ₁ = \(psi): 1 − tr(G⁻¹WWᵀ)/(4d) = \(averaged), eq. 4.4 gives \(limit)")

        let b = w.multiply(beta).map { $0 / 2 }
        let best = 1 - Vectors.dot(b, factor.solve(b))
        let theta = model.weights
        let fitted = 1 - 2 * Vectors.dot(theta, b) + Vectors.dot(theta, g.multiply(theta))
        #expect(
            fitted >= best - 1e-12 && fitted <= best * (1 + 3 * Double(features) / Double(n)),
            "ψ₁ = \(psi): fitted θ̂ leaves \(fitted), the best θ \(best)")
    }

    @Test func limitFormulaHasTheExpectedValues() {
        for (psi, value) in [(0.5, 0.675), (1, 0.448), (2, 0.228)] {
            #expect(abs(Self.approximationErrorLimit(psi) - value) < 5e-4)
        }
    }

    // MARK: The estimator

    /// θ̂ equals (ΦᵀΦ + nλI)⁻¹Φᵀy computed directly, and every λ on one dataset shares W.
    @Test func ridgeOnTheFeaturesSharesDirectionsAcrossLambda() throws {
        let split = try SphereData.make([("d", .number(8))]).draw(trainingSize: 30, testSize: 5, seed: 2)
        let context = FitContext(seed: 11)
        for lambda in [0.001, 0.1, 1] {
            let model = try Self.fit(Self.estimator(features: 12, lambda: lambda), split.train, context: context)
            let phi = RandomFeaturesFit.features(split.train.features, directions: model.directions)
            var system = gram(phi, .columns)
            for i in 0..<12 { system[i, i] += 30 * lambda }
            let direct = try CholeskyFactorization(system).solve(phi.multiply(split.train.targets, .transpose))
            #expect(TestSupport.relativeError(model.weights, direct) < 1e-8, "λ = \(lambda)")
            let alone = try Self.fit(
                Self.estimator(features: 12, lambda: lambda), split.train, context: FitContext(seed: 11))
            #expect(
                alone.directions == model.directions && alone.weights == model.weights,
                "a shared context changes nothing")
        }
        let other = try Self.fit(Self.estimator(features: 12), split.train, context: FitContext(seed: 12))
        #expect(
            other.directions != (try Self.fit(Self.estimator(features: 12), split.train, context: context)).directions)
    }

    @Test func minimumNormInterpolatesWithMoreFeaturesThanPoints() throws {
        let split = try SphereData.make([("d", .number(10))]).draw(trainingSize: 40, testSize: 5, seed: 4)
        let model = try Self.fit(Self.estimator(features: 120), split.train)
        #expect(TestSupport.relativeError(model.predict(split.train.features), split.train.targets) < 1e-8)
        #expect(model.diagnostics["rank"] != nil && model.diagnostics["solver"] != nil)
    }

    @Test func fusedPredictionsAndGradientsAgreeWithTheSeparateCalls() throws {
        let split = try SphereData.make([("d", .number(7))]).draw(trainingSize: 20, testSize: 9, seed: 5)
        let model = try Self.fit(Self.estimator(features: 37, lambda: 0.01), split.train)
        let fused = model.predictionsAndInputGradients(split.test.features)
        #expect(TestSupport.relativeError(fused.predictions, model.predict(split.test.features)) < 1e-12)
        #expect(fused.gradients == model.inputGradient(split.test.features))
    }

    @Test func inputGradientMatchesCentralDifferences() throws {
        let split = try SphereData.make([("d", .number(6))]).draw(trainingSize: 20, testSize: 6, seed: 5)
        let model = try Self.fit(Self.estimator(features: 50, lambda: 0.01), split.train)
        let points = split.test.features
        let gradient = model.inputGradient(points)
        let numeric = TestSupport.centralDifferenceInputGradient(of: model, at: points, step: 1e-6)
        for i in 0..<points.rows {
            for j in 0..<points.columns {
                let difference = numeric[i, j]
                #expect(
                    abs(gradient[i, j] - difference) <= 1e-6 * max(1, abs(difference)),
                    "point \(i) coordinate \(j): analytic \(gradient[i, j]), finite difference \(difference)")
            }
        }
    }

    @Test func fitsAndGradientsAreBitIdenticalOnOneAndTwoThreads() throws {
        let split = try SphereData.make([("d", .number(40))]).draw(trainingSize: 300, testSize: 80, seed: 6)
        let results = try [1, 2].map { threads in
            try Parallelism.withThreadLimit(threads) {
                let model = try Self.fit(Self.estimator(features: 500, lambda: 0.001), split.train)
                return (model.weights, model.predict(split.test.features), model.inputGradient(split.test.features))
            }
        }
        #expect(results[0].0 == results[1].0 && results[0].1 == results[1].1 && results[0].2 == results[1].2)
    }

    // MARK: Bad input

    @Test func badParametersAndOversizedFeaturesAreRefused() throws {
        #expect(throws: ZooError.self) { _ = try Self.estimator(features: 0) }
        #expect(throws: ZooError.self) { _ = try Self.estimator(features: -3) }
        #expect(throws: ZooError.self) { _ = try Self.estimator(features: 10, lambda: -0.1) }
        let estimator = try Self.estimator(features: 1_000_000)
        do {
            try estimator.checkMemory(samples: 1_000_000, dimension: 100, memory: 24 * 1_073_741_824)
            Issue.record("10⁶ features on 10⁶ points were accepted")
        } catch {
            #expect(!error.isUsageError && "\(error)".contains("GiB"))
        }
    }
}
