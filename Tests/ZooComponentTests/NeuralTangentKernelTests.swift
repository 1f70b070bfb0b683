import Foundation
import Testing
import ZooCore
import ZooData
import ZooLinalg
import ZooTestSupport

@testable import ZooKernels

@Suite struct NeuralTangentKernelTests {
    static func estimator(layers: String = "both", lambda: Double = 0) throws -> NeuralTangentKernelRegression {
        try NeuralTangentKernelRegression.make([("layers", .word(layers)), ("lambda", .number(lambda))])
    }

    static func sphere(d: Int, n: Int, m: Int = 5, seed: UInt64 = 1) throws -> DataSplit {
        try SphereData.make([("d", .number(Double(d)))]).draw(trainingSize: n, testSize: m, seed: seed)
    }

    static func fit(_ estimator: NeuralTangentKernelRegression, _ training: Dataset) throws -> TangentKernelFit {
        try #require(try estimator.fit(training, context: FitContext(seed: 0)) as? TangentKernelFit)
    }

    // MARK: The closed form

    @Test func vectorisedArcCosineMatchesLibm() {
        let grid =
            (0...4000).map { -1 + Double($0) / 2000 } + [-0.5, 0.5, -0.5.nextUp, 0.5.nextUp, 1e-300, -1e-17, 1 - 1e-16]
        for c in grid {
            let value = ArcCosine.acos(SIMD4(repeating: c))[0]
            #expect(abs(value - Foundation.acos(c)) <= 4 * Double.ulpOfOne * max(1, Foundation.acos(c)), "acos(\(c))")
        }
    }

    /// Θ(x, x′) of f(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx) at width m, from the parameter gradients directly:
    /// ∂f/∂wⱼ = m^(−1/2)aⱼ1[wⱼᵀx > 0]x, ∂f/∂aⱼ = m^(−1/2)relu(wⱼᵀx). Returns the mean over neurons and
    /// its standard error.
    static func empiricalTangentKernel(
        _ x: [Double], _ xPrime: [Double], layers: TangentLayers, width: Int, seed: UInt64
    )
        -> (mean: Double, standardError: Double)
    {
        var stream = RandomStream(seed: seed, stream: 3)
        let d = x.count
        let inner = Vectors.dot(x, xPrime)
        var w = [Double](repeating: 0, count: d)
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<width {
            w.withUnsafeMutableBufferPointer { stream.fillNormals($0) }
            let a = stream.nextNormal()
            let z = Vectors.dot(w, x)
            let zPrime = Vectors.dot(w, xPrime)
            let first = z > 0 && zPrime > 0 ? a * a * inner : 0
            let second = max(z, 0) * max(zPrime, 0)
            let term = layers.weights.first * first + layers.weights.second * second
            sum += term
            sumSquares += term * term
        }
        let mean = sum / Double(width)
        let variance = max(0, sumSquares / Double(width) - mean * mean)
        return (mean, (variance / Double(width)).squareRoot())
    }

    @Test(arguments: TangentLayers.allCases) func analyticKernelIsTheWideNetworkLimit(layers: TangentLayers) throws {
        // Pairs at small, right, obtuse and near-antipodal angles, with unequal norms.
        let x = [1.0, 0.5, -0.3, 0.2]
        let partners = [
            [0.9, 0.6, -0.2, 0.25], [0.0, -0.4, -1.1, 0.3], [-1.5, 0.2, 0.1, -0.8], [-2.0, -1.1, 0.55, -0.35], x,
        ]
        let model = try Self.fit(
            Self.estimator(layers: layers.rawValue), try Dataset(features: Matrix([x, partners[1]]), targets: [1, 0]))
        let analytic = model.kernel(Matrix([x]), Matrix(partners))
        for (index, partner) in partners.enumerated() {
            let (mean, error) = Self.empiricalTangentKernel(
                x, partner, layers: layers, width: 100_000, seed: UInt64(index))
            #expect(
                abs(analytic[0, index] - mean) <= 5 * error + 1e-12,
                "\(layers) pair \(index): analytic \(analytic[0, index]), width-100000 network \(mean) ± \(error)")
            let reference = ArcCosineTangentKernel(layers: layers)
                .value(inner: Vectors.dot(x, partner), normA: Vectors.norm2(x), normB: Vectors.norm2(partner))
            #expect(abs(reference - analytic[0, index]) <= 1e-13 * max(1, abs(reference)))
        }
    }

    @Test func kernelMatrixIsSymmetricAndHandlesZero() throws {
        var rows = TestSupport.randomMatrix(7, 3, seed: 4)
        for j in 0..<3 { rows[2, j] = 0 }
        let model = try Self.fit(
            Self.estimator(lambda: 0.1), try Dataset(features: rows, targets: [1, 2, 3, 4, 5, 6, 7]))
        let k = model.kernel(rows, rows)
        #expect(k.isFinite && k == k.transposed)
        #expect((0..<7).allSatisfy { k[2, $0] == 0 }, "k(0, x′) = 0")
        #expect(model.inputGradient(rows).isFinite)
    }

    // MARK: Gradients

    @Test(arguments: TangentLayers.allCases) func inputGradientMatchesCentralDifferences(layers: TangentLayers) throws {
        let split = try Self.sphere(d: 6, n: 25, m: 6)
        let model = try Self.fit(Self.estimator(layers: layers.rawValue, lambda: 0.01), split.train)
        let points = split.test.features
        let gradient = model.inputGradient(points)
        let numeric = TestSupport.centralDifferenceInputGradient(of: model, at: points, step: 1e-5)
        for i in 0..<points.rows {
            for j in 0..<points.columns {
                let difference = numeric[i, j]
                #expect(
                    abs(gradient[i, j] - difference) <= 1e-6 * max(1, abs(difference)),
                    "\(layers) point \(i) coordinate \(j): analytic \(gradient[i, j]), finite difference \(difference)")
            }
        }
    }

    @Test func fusedPredictionsAndGradientsAgreeWithTheSeparateCalls() throws {
        let split = try Self.sphere(d: 7, n: 30, m: 9)
        for layers in TangentLayers.allCases {
            let model = try Self.fit(Self.estimator(layers: layers.rawValue, lambda: 0.01), split.train)
            let fused = model.predictionsAndInputGradients(split.test.features)
            #expect(TestSupport.relativeError(fused.predictions, model.predict(split.test.features)) < 1e-13)
            #expect(fused.gradients == model.inputGradient(split.test.features))
        }
    }

    @Test func gradientIsFiniteAtTrainingPointsAndAtZero() throws {
        let split = try Self.sphere(d: 5, n: 12)
        var points = split.train.features.rows(at: [0, 1, 2])
        for j in 0..<5 { points[2, j] = 0 }
        for layers in TangentLayers.allCases {
            let model = try Self.fit(Self.estimator(layers: layers.rawValue), split.train)
            #expect(model.inputGradient(points).isFinite, "\(layers): φ = 0 (a training point) and x = 0")
        }
    }

    // MARK: Interpolation and singular systems

    @Test(arguments: TangentLayers.allCases) func lambdaZeroInterpolates(layers: TangentLayers) throws {
        let split = try Self.sphere(d: 10, n: 40)
        let model = try Self.fit(Self.estimator(layers: layers.rawValue), split.train)
        #expect(TestSupport.relativeError(model.predict(split.train.features), split.train.targets) < 1e-8)
        #expect(model.diagnostics["solver"] == "cholesky")
        let ridge = try Self.fit(Self.estimator(layers: layers.rawValue, lambda: 0.1), split.train)
        #expect(TestSupport.relativeError(ridge.predict(split.train.features), split.train.targets) > 1e-3)
    }

    /// Duplicated points with different labels make K singular at λ = 0: the pseudo-inverse fallback
    /// predicts their average there and interpolates the rest.
    @Test func duplicatedPointsFallBackToThePseudoInverse() throws {
        let split = try Self.sphere(d: 8, n: 20)
        let x = split.train.features.rows(at: Array(0..<20) + [3])
        var y = split.train.targets + [split.train.targets[3] + 1]
        let model = try Self.fit(Self.estimator(), try Dataset(features: x, targets: y))
        #expect(model.diagnostics["solver"] == "eigen-pseudoinverse", "\(model.diagnostics)")
        #expect(model.diagnostics["rank"] == "20 of 21")
        #expect(model.coefficients.allSatisfy { $0.isFinite })
        let fitted = model.predict(x)
        let average = (y[3] + y[20]) / 2
        y[3] = average
        y[20] = average
        #expect(TestSupport.relativeError(fitted, y) < 1e-8)
        #expect(model.inputGradient(split.test.features).isFinite)
    }

    /// K₁ on the sphere with n > d: the arc-cosine factor is not low rank (c·arcsin c has every even
    /// power), so the system stays solvable and the fit finite and interpolating.
    @Test func firstLayerKernelWithMorePointsThanDimensions() throws {
        let split = try Self.sphere(d: 4, n: 60)
        let model = try Self.fit(Self.estimator(layers: "first"), split.train)
        #expect(
            model.coefficients.allSatisfy { $0.isFinite }
                && model.predict(split.test.features).allSatisfy { $0.isFinite })
        #expect(model.diagnostics["solver"] != nil)
        #expect(
            TestSupport.relativeError(model.predict(split.train.features), split.train.targets) < 1e-6,
            "\(model.diagnostics)")
    }

    @Test func predictionsAndGradientsAreBitIdenticalOnOneAndTwoThreads() throws {
        let split = try Self.sphere(d: 40, n: 300, m: 80)
        let results = try [1, 2].map { threads in
            try Parallelism.withThreadLimit(threads) {
                let model = try Self.fit(Self.estimator(lambda: 0.001), split.train)
                return (model.predict(split.test.features), model.inputGradient(split.test.features))
            }
        }
        #expect(results[0].0 == results[1].0 && results[0].1 == results[1].1)
    }

    // MARK: Bad input

    @Test func badParametersAndOversizedKernelsAreRefused() throws {
        #expect(throws: ZooError.self) { _ = try Self.estimator(lambda: -1) }
        #expect(throws: ZooError.self) { _ = try Self.estimator(layers: "third") }
        let estimator = try Self.estimator()
        #expect(estimator.estimatedFitBytes(samples: 1_000_000, dimension: 10) >= 16e12)
        do {
            try estimator.checkMemory(samples: 1_000_000, dimension: 10, memory: 24 * 1_073_741_824)
            Issue.record("a 10⁶ × 10⁶ kernel was accepted")
        } catch {
            #expect(!error.isUsageError && "\(error)".contains("GiB"))
        }
        #expect(throws: Never.self) { try estimator.checkMemory(samples: 2000, dimension: 500) }
    }
}
