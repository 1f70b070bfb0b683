import Foundation
import Testing
import ZooCore
import ZooKernels
import ZooLinalg
import ZooModels
import ZooNetworks
import ZooTestSupport

@Suite struct TwoLayerNetworkTests {
    /// n points uniform on the sphere of radius √d, and a linear target with noise.
    static func sphereData(n: Int, d: Int, seed: UInt64) throws -> Dataset {
        var x = TestSupport.randomMatrix(n, d, seed: seed)
        for i in 0..<n {
            let norm = Vectors.norm2(x.row(i))
            for j in 0..<d { x[i, j] *= Double(d).squareRoot() / norm }
        }
        let beta = Vectors.scaled(
            TestSupport.randomMatrix(1, d, seed: seed + 100).elements, by: 1 / Double(d).squareRoot())
        let noise = TestSupport.randomMatrix(n, 1, seed: seed + 200).elements
        return try Dataset(features: x, targets: zip(x.multiply(beta), noise).map { $0 + 0.3 * $1 })
    }

    static func fit(_ spec: String, _ data: Dataset, seed: UInt64 = 1) throws -> ReluNetworkFit {
        let parsed = try ComponentSpec(parsing: spec)
        let model = try TwoLayerNetwork.make(parsed.arguments).fit(data, context: FitContext(seed: seed))
        return try #require(model as? ReluNetworkFit)
    }

    /// The two-layer ReLU NTK in closed form (an independent computation), layers both, first or second.
    static func ntk(_ a: [Double], _ b: [Double], layers: String) -> Double {
        let na = Vectors.norm2(a)
        let nb = Vectors.norm2(b)
        let dot = Vectors.dot(a, b)
        let cosine = min(1, max(-1, dot / (na * nb)))
        let phi = acos(cosine)
        let first = dot * (Double.pi - phi) / (2 * .pi)
        let second = na * nb * (sin(phi) + (Double.pi - phi) * cosine) / (2 * .pi)
        return layers == "first" ? first : layers == "second" ? second : first + second
    }

    // MARK: The kernel of the parameterisation

    @Test(arguments: ["both", "first", "second"])
    func tangentKernelAtInitialisationIsTheNTK(layers: String) throws {
        let data = try Self.sphereData(n: 6, d: 5, seed: 3)
        let network = ReluNetwork.initial(
            width: 40_000, dimension: 5, seed: 7, trainsHidden: layers != "second",
            trainsOutput: layers != "first")
        for k in 0..<6 {
            var e = [Double](repeating: 0, count: 6)
            e[k] = 1
            let pullback = network.backpropagate(data.features, .given(e))
            let column = network.jacobianProduct(data.features, hidden: pullback.hidden, output: pullback.output)
            for i in 0..<6 {
                let exact = Self.ntk(data.features.row(i), data.features.row(k), layers: layers)
                // Monte-Carlo error of a mean over 40 000 units: a few × d/√m ≈ 0.025·... (K(x, x) = d or d/2)
                #expect(abs(column[i] - exact) < 0.05 * 5 * 0.5, "Θ[\(i),\(k)] = \(column[i]) vs \(exact)")
            }
        }
    }

    // MARK: Gradients

    @Test(arguments: ["both", "first", "second"])
    func inputGradientMatchesCentralDifferences(layers: String) throws {
        let data = try Self.sphereData(n: 20, d: 6, seed: 4)
        let model = try Self.fit("two-layer(width=50,steps=30,layers=\(layers))", data)
        let points = try Self.sphereData(n: 7, d: 6, seed: 5).features
        let gradient = model.inputGradient(points)
        let fused = model.predictionsAndInputGradients(points)
        #expect(fused.gradients == gradient && fused.predictions == model.predict(points))
        let numeric = TestSupport.centralDifferenceInputGradient(of: model, at: points, step: 1e-6)
        for i in 0..<points.rows {
            for j in 0..<points.columns {
                let difference = numeric[i, j]
                #expect(abs(difference - gradient[i, j]) <= 1e-6 * max(1, abs(gradient[i, j])), "∂f/∂x[\(i),\(j)]")
            }
        }
    }

    @Test func parameterGradientMatchesCentralDifferencesOfTheLoss() throws {
        let data = try Self.sphereData(n: 15, d: 4, seed: 6)
        let network = ReluNetwork.initial(width: 30, dimension: 4, seed: 2, trainsHidden: true, trainsOutput: true)
        let batch = TrainingBatch(inputs: data.features, targets: data.targets)
        let (_, hidden, output) = network.backpropagate(data.features, .meanSquaredError(targets: data.targets))
        let h = 1e-6
        for (j, c) in [(0, 0), (7, 3), (29, 1)] {
            var plus = network
            var minus = network
            plus.hidden[j, c] += h
            minus.hidden[j, c] -= h
            let difference = (plus.loss(on: batch) - minus.loss(on: batch)) / (2 * h)
            #expect(abs(difference - hidden![j, c]) <= 1e-6 * max(1, abs(difference)))
            var up = network
            var down = network
            up.output[j] += h
            down.output[j] -= h
            let outputDifference = (up.loss(on: batch) - down.loss(on: batch)) / (2 * h)
            #expect(abs(outputDifference - output![j]) <= 1e-6 * max(1, abs(outputDifference)))
        }
    }

    // MARK: Training

    @Test func trainingLossFallsAndWeightsMoveLessAsWidthGrows() throws {
        let data = try Self.sphereData(n: 40, d: 10, seed: 8)
        var movements = [Double]()
        for width in [256, 1024, 4096] {
            let model = try Self.fit("two-layer(width=\(width),steps=100)", data)
            let initial = try #require(Double(model.diagnostics["initial_train_loss"] ?? ""))
            let final = try #require(Double(model.diagnostics["final_train_loss"] ?? ""))
            #expect(final < 0.05 * initial, "width \(width): loss \(initial) → \(final)")
            movements.append(try #require(Double(model.diagnostics["relative_movement_first_layer"] ?? "")))
        }
        // lazy regime: relative movement ∝ 1/√width, so a 16× wider network moves about 4× less
        let ratio = movements[0] / movements[2]
        #expect(ratio > 2.5 && ratio < 6.5, "movements \(movements)")
    }

    @Test func approachesNTKRegressionAsWidthGrows() throws {
        let train = try Self.sphereData(n: 24, d: 8, seed: 10)
        let test = try Self.sphereData(n: 10, d: 8, seed: 11).features
        // the interpolating kernel predictor k(x, X) K⁻¹ y: the `ntk(lambda=0)` estimator, and independently
        // the closed form above solved by Cholesky
        let ntk = try NeuralTangentKernelRegression.make([("lambda", .number(0))]).fit(
            train, context: FitContext(seed: 1)
        ).predict(test)
        let gram = Matrix(rows: 24, columns: 24) {
            Self.ntk(train.features.row($0), train.features.row($1), layers: "both")
        }
        let alpha = try CholeskyFactorization(gram).solve(train.targets)
        let closedForm = (0..<10).map { i in
            (0..<24).reduce(0) { $0 + Self.ntk(test.row(i), train.features.row($1), layers: "both") * alpha[$1] }
        }
        #expect(TestSupport.relativeError(ntk, closedForm) < 1e-8)
        var errors = [Double]()
        for width in [256, 1024, 4096] {
            var squared = 0.0
            for seed in [UInt64(1), 2] {
                let predictions = try Self.fit("two-layer(width=\(width),steps=500,lr=1.8)", train, seed: seed).predict(
                    test)
                squared += pow(TestSupport.relativeError(predictions, ntk), 2)
            }
            errors.append((squared / 2).squareRoot())
        }
        // ~1/√width (measured 0.094, 0.040, 0.015): 16× the width, at least 2× smaller error
        #expect(errors[0] > 2 * errors[2] && errors[2] < 0.1, "relative errors \(errors) for widths 256, 1024, 4096")
    }

    @Test func bitIdenticalOnEveryThreadCount() throws {
        let data = try Self.sphereData(n: 300, d: 7, seed: 13)
        let points = try Self.sphereData(n: 150, d: 7, seed: 14).features
        let runs = try [1, 2, 3].map { threads in
            try Parallelism.withThreadLimit(threads) {
                let model = try Self.fit("two-layer(width=96,steps=5)", data)
                return (model.predict(points), model.inputGradient(points))
            }
        }
        #expect(runs[0].0 == runs[1].0 && runs[0].0 == runs[2].0)
        #expect(runs[0].1 == runs[1].1 && runs[0].1 == runs[2].1)
    }

    // MARK: Bad input

    @Test func rejectsBadParametersAndReportsDivergence() throws {
        for bad in [
            "two-layer(width=0)", "two-layer(steps=0)", "two-layer(lr=0)", "two-layer(lr=-1)",
            "two-layer(layers=third)",
        ] {
            #expect(throws: ZooError.self, "\(bad)") { try TwoLayerNetwork.make(ComponentSpec(parsing: bad).arguments) }
        }
        #expect(throws: ZooError.self) { try TwoLayerNetwork.make([("lr", .number(.infinity))]) }
        let data = try Self.sphereData(n: 20, d: 5, seed: 12)
        do {
            _ = try Self.fit("two-layer(width=64,steps=300,lr=1000)", data)
            Issue.record("lr = 1000 should diverge")
        } catch {
            guard case .numerical(let message) = error as? ZooError else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains("diverged at step") && message.contains("smaller lr"), "\(message)")
        }
    }
}
