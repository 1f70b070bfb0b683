import Foundation
import Testing
import ZooAdversarial
import ZooAttacks
import ZooCore
import ZooKernels
import ZooLinalg
import ZooModels
import ZooNetworks
import ZooTestSupport

/// adversarial-rf (both modes) and adversarial-two-layer: the surrogate against an independent solve,
/// PGD training against the surrogate, the radius-0 limits, robustness gained over plain training.
@Suite struct AdversarialTrainingTests {
    // MARK: Helpers

    /// x ~ N(0, I_d), y = x₁ + 0.5·noise.
    static func sample(_ n: Int, _ d: Int, seed: UInt64) throws -> Dataset {
        let x = TestSupport.randomMatrix(n, d, seed: seed)
        let noise = TestSupport.randomMatrix(n, 1, seed: seed + 100).elements
        return try Dataset(features: x, targets: (0..<n).map { x[$0, 0] + 0.5 * noise[$0] })
    }

    static func fitRF(_ spec: String, _ data: Dataset) throws -> RandomFeaturesFit {
        let parsed = try ComponentSpec(parsing: spec)
        let model: any FittedModel
        if parsed.name == "random-features" {
            model = try RandomFeaturesRegression.make(parsed.arguments).fit(data, context: FitContext(seed: 3))
        } else {
            model = try AdversarialRandomFeatures.make(parsed.arguments).fit(data, context: FitContext(seed: 3))
        }
        return try #require(model as? RandomFeaturesFit)
    }

    /// The surrogate (1/2n) Σᵢ (|yᵢ − φᵢᵀθ| + r√(θᵀJ²θ))², J² written out entry by entry.
    static func surrogate(_ phi: Matrix, _ y: [Double], _ w: Matrix, radius r: Double) -> ([Double]) -> Double {
        let count = w.rows
        var j2 = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for a in 0..<count {
            for b in 0..<count {
                let c = min(1, max(-1, Vectors.dot(w.row(a), w.row(b))))
                j2[a][b] = c * (Double.pi - acos(c)) / (2 * Double.pi)
            }
        }
        return { theta in
            var quadratic = 0.0
            for a in 0..<count { for b in 0..<count { quadratic += theta[a] * j2[a][b] * theta[b] } }
            var total = 0.0
            for i in 0..<phi.rows {
                var prediction = 0.0
                for a in 0..<count { prediction += phi[i, a] * theta[a] }
                let term = abs(y[i] - prediction) + r * max(0, quadratic).squareRoot()
                total += term * term
            }
            return total / Double(2 * phi.rows)
        }
    }

    /// min over [−B, B]^k of a convex function by nested golden-section searches (the partial minimum
    /// of a convex function is convex, so each level is unimodal).
    static func nestedGoldenMinimum(
        _ f: @escaping ([Double]) -> Double, dimension k: Int, bound: Double, iterations: Int
    ) -> Double {
        func search(_ prefix: [Double]) -> Double {
            let inner: (Double) -> Double = { t in
                prefix.count + 1 == k ? f(prefix + [t]) : search(prefix + [t])
            }
            let ratio = (5.0.squareRoot() - 1) / 2
            var low = -bound
            var high = bound
            var x1 = high - ratio * (high - low)
            var x2 = low + ratio * (high - low)
            var f1 = inner(x1)
            var f2 = inner(x2)
            for _ in 0..<iterations {
                if f1 <= f2 {
                    high = x2
                    x2 = x1
                    f2 = f1
                    x1 = high - ratio * (high - low)
                    f1 = inner(x1)
                } else {
                    low = x1
                    x1 = x2
                    f1 = f2
                    x2 = low + ratio * (high - low)
                    f2 = inner(x2)
                }
            }
            return min(f1, f2)
        }
        return search([])
    }

    /// (1/2n) Σᵢ (yᵢ − f(xᵢ + δᵢ))², δ from pgd-l2 (20 steps) at `radius`.
    static func robustTrainingLoss(_ model: any DifferentiableModel, _ data: Dataset, radius: Double) throws -> Double {
        let attack = try PGDL2Attack.make([("radius", .number(radius)), ("steps", .number(20))])
        let x = data.features
        guard
            case .dense(let delta) = try attack.perturbations(
                model: model, inputs: x, predictions: model.predict(x),
                target: .fixed(data.targets), task: .regression, seed: 0)
        else { return .nan }
        var perturbed = x
        perturbed.elements = zip(x.elements, delta.elements).map { $0 + $1 }
        let predictions = model.predict(perturbed)
        return zip(predictions, data.targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(2 * data.count)
    }

    // MARK: Surrogate mode against an independent solve

    @Test func surrogateMatchesAnIndependentConvexSolve() throws {
        let data = try Self.sample(12, 4, seed: 21)
        for radius in [0.1, 0.5] {
            let fit = try Self.fitRF("adversarial-rf(features=3,radius=\(radius),mode=surrogate)", data)
            let phi = RandomFeaturesFit.features(data.features, directions: fit.directions)
            let f = Self.surrogate(phi, data.targets, fit.directions, radius: radius)
            let bound = 20 * max(1, fit.weights.map(abs).max() ?? 1)
            let reference = Self.nestedGoldenMinimum(f, dimension: 3, bound: bound, iterations: 48)
            let ours = f(fit.weights)
            #expect(
                abs(ours - reference) <= 1e-6 * reference, "r = \(radius): ours \(ours), golden section \(reference)")
            #expect(Double(fit.diagnostics["optimality_gap_bound"] ?? "") ?? 1 <= 1e-8 * ours)
        }
    }

    // MARK: PGD mode against the surrogate

    @Test func pgdTrainingLossIsCloseToTheSurrogateAtSmallRadius() throws {
        let data = try Self.sample(80, 20, seed: 5)
        let pgd = try Self.fitRF("adversarial-rf(features=20,radius=0.05,steps=300,attack-steps=10)", data)
        let surrogate = try Self.fitRF("adversarial-rf(features=20,radius=0.05,mode=surrogate)", data)
        #expect(pgd.directions == surrogate.directions)
        let pgdLoss = try #require(Double(pgd.diagnostics["final_adversarial_train_loss"] ?? ""))
        let surrogateLoss = try #require(Double(surrogate.diagnostics["surrogate_objective"] ?? ""))
        #expect(abs(pgdLoss - surrogateLoss) <= 0.05 * surrogateLoss, "pgd \(pgdLoss), surrogate \(surrogateLoss)")
        // the loss trajectory is reported and falls
        let first = try #require(Double(pgd.diagnostics["initial_adversarial_train_loss"] ?? ""))
        #expect(pgdLoss < first)
        #expect(pgd.diagnostics["adversarial_train_loss_trajectory"] != nil)
    }

    // MARK: Radius 0 is plain random features

    @Test func radiusZeroIsPlainRandomFeatures() throws {
        let data = try Self.sample(80, 20, seed: 9)
        let plain = try Self.fitRF("random-features(features=20)", data)
        let surrogate = try Self.fitRF("adversarial-rf(features=20,radius=0,mode=surrogate)", data)
        let pgd = try Self.fitRF("adversarial-rf(features=20,radius=0,steps=3000)", data)
        #expect(surrogate.directions == plain.directions && pgd.directions == plain.directions)
        #expect(TestSupport.relativeError(surrogate.weights, plain.weights) < 1e-8)
        #expect(TestSupport.relativeError(pgd.weights, plain.weights) < 1e-5)
        // over-parameterised: the surrogate at r = 0 is the min-norm interpolator on the features
        let small = try Self.sample(15, 5, seed: 10)
        let minimumNorm = try Self.fitRF("random-features(features=30)", small)
        let interpolating = try Self.fitRF("adversarial-rf(features=30,radius=0,mode=surrogate)", small)
        #expect(TestSupport.relativeError(interpolating.weights, minimumNorm.weights) < 1e-6)
        // with lambda: ridge on the features
        let ridge = try Self.fitRF("random-features(features=20,lambda=0.1)", data)
        let ridgeSurrogate = try Self.fitRF("adversarial-rf(features=20,radius=0,mode=surrogate,lambda=0.1)", data)
        #expect(TestSupport.relativeError(ridgeSurrogate.weights, ridge.weights) < 1e-8)
    }

    // MARK: adversarial-two-layer

    @Test func adversarialNetworkIsMoreRobustThanPlainTraining() throws {
        let data = try Self.sample(40, 10, seed: 13)
        let context = FitContext(seed: 2)
        let plain = try #require(
            try TwoLayerNetwork.make([("width", .number(64)), ("steps", .number(150)), ("lr", .number(0.5))])
                .fit(data, context: context) as? ReluNetworkFit)
        let robust = try #require(
            try AdversarialTwoLayerNetwork.make(
                [("width", .number(64)), ("steps", .number(150)), ("lr", .number(0.5)), ("radius", .number(0.5))]).fit(
                    data, context: context) as? ReluNetworkFit)
        let plainLoss = try Self.robustTrainingLoss(plain, data, radius: 0.5)
        let robustLoss = try Self.robustTrainingLoss(robust, data, radius: 0.5)
        #expect(robustLoss < plainLoss, "adversarial \(robustLoss), plain \(plainLoss)")
        // radius 0 is two-layer
        let zero = try #require(
            try AdversarialTwoLayerNetwork.make(
                [("width", .number(64)), ("steps", .number(150)), ("lr", .number(0.5)), ("radius", .number(0))]).fit(
                    data, context: context) as? ReluNetworkFit)
        #expect(TestSupport.relativeError(zero.predict(data.features), plain.predict(data.features)) < 1e-12)
    }

    // MARK: Bad input

    @Test func refusesBadParameters() {
        for spec in [
            "adversarial-rf(radius=-0.1)", "adversarial-rf(steps=0)", "adversarial-rf(lr=0)",
            "adversarial-rf(mode=fgsm)",
            "adversarial-rf(attack-steps=0)", "adversarial-two-layer(radius=-1)", "adversarial-two-layer(steps=0)",
            "adversarial-two-layer(lr=-1)",
        ] {
            do {
                let parsed = try ComponentSpec(parsing: spec)
                if parsed.name == "adversarial-rf" {
                    _ = try AdversarialRandomFeatures.make(parsed.arguments)
                } else {
                    _ = try AdversarialTwoLayerNetwork.make(parsed.arguments)
                }
                Issue.record("\(spec) was accepted")
            } catch {
                #expect(error.isUsageError, "\(spec)")
            }
        }
    }
}
