import Foundation
import Testing
import ZooCore
import ZooLinalg
import ZooModels
import ZooTestSupport

/// The shared helpers every gradient attack and adversarial trainer uses, and the core hazards the
/// harness issue named: each test here fails on the code before the fix.
@Suite struct SharedFoundationsTests {
    // MARK: Vectors

    @Test func vectorHelpersAgreeWithTheirDefinitions() {
        let x = [3.0, -4.0, 12.0]
        let y = [1.0, 2.0, -0.5]
        #expect(Vectors.dot(x, y) == 3 - 8 - 6)
        #expect(Vectors.squaredNorm(x) == 169 && Vectors.norm2(x) == 13)
        #expect(Vectors.norm1(x) == 19 && Vectors.normInf(x) == 12)
        var z = y
        Vectors.axpy(2, x, &z)
        #expect(z == [7, -6, 23.5])
        #expect(Vectors.difference(x, y) == [2, -6, 12.5] && Vectors.scaled(y, by: -2) == [-2, -4, 1])
        // Scaled ℓ₂ norm: no overflow or underflow near the limits.
        #expect(abs(Vectors.norm2([3e200, 4e200]) / 5e200 - 1) < 1e-15)
        #expect(abs(Vectors.norm2([3e-200, 4e-200]) / 5e-200 - 1) < 1e-15)
    }

    @Test func perturbationNormsUseTheSharedHelpers() {
        let v = [1.0, -2.0, 2.0]
        #expect(PerturbationNorm.l2.dualNorm(v) == 3 && PerturbationNorm.linf.dualNorm(v) == 5)
        #expect(v.withUnsafeBufferPointer { PerturbationNorm.l2.norm($0) } == 3)
        #expect(v.withUnsafeBufferPointer { PerturbationNorm.linf.norm($0) } == 2)
    }

    // MARK: Ball geometry

    static let threats = [ThreatModel(norm: .l2, radius: 0.7), ThreatModel(norm: .linf, radius: 0.3)]

    @Test(arguments: threats) func projectionLandsInTheBallAndIsTheNearestPoint(threat: ThreatModel) {
        let points = TestSupport.randomMatrix(40, 6, seed: 3)  // most lie outside both balls
        var projected = points
        threat.project(&projected)
        var stream = RandomStream(seed: 11, stream: 2)
        let candidates = threat.uniformStarts(rows: 200, columns: 6, stream: &stream)
        for i in 0..<points.rows {
            let p = projected.row(i)
            let x = points.row(i)
            #expect(p.withUnsafeBufferPointer { threat.norm.norm($0) } <= threat.radius * (1 + 1e-15))
            let distance = Vectors.norm2(Vectors.difference(x, p))
            if x.withUnsafeBufferPointer({ threat.norm.norm($0) }) <= threat.radius { #expect(p == x) }
            // The projection is the Euclidean-nearest point of the ball: no point of the ball is closer.
            for k in 0..<candidates.rows {
                #expect(distance <= Vectors.norm2(Vectors.difference(x, candidates.row(k))) + 1e-12)
            }
        }
    }

    @Test(arguments: threats) func ascentStepMaximisesTheLinearGainOverTheBall(threat: ThreatModel) {
        let gradients = TestSupport.randomMatrix(30, 5, seed: 4)
        let steps = threat.ascentSteps(gradients, step: threat.radius)
        var stream = RandomStream(seed: 12, stream: 3)
        let candidates = threat.uniformStarts(rows: 300, columns: 5, stream: &stream)
        for i in 0..<gradients.rows {
            let g = gradients.row(i)
            let s = steps.row(i)
            #expect(s.withUnsafeBufferPointer { threat.norm.norm($0) } <= threat.radius * (1 + 1e-15))
            // gᵀs* = r‖g‖_* (the dual norm), and no point of the ball does better.
            let gain = Vectors.dot(g, s)
            #expect(abs(gain - threat.radius * threat.norm.dualNorm(g)) <= 1e-12 * max(1, gain))
            for k in 0..<candidates.rows { #expect(Vectors.dot(g, candidates.row(k)) <= gain + 1e-12) }
        }
        #expect(threat.ascentSteps(Matrix(rows: 1, columns: 5), step: 1).elements.allSatisfy { $0 == 0 })
    }

    // MARK: Adversarial loss

    /// The batched gradient of every target's loss matches central finite differences on a
    /// non-linear model (toy-tanh).
    @Test func adversarialLossGradientMatchesFiniteDifferences() throws {
        let m = 7
        let d = 4
        let inputs = TestSupport.randomMatrix(m, d, seed: 5)
        let model = ToyTanhRegressor.Model(w: [0.4, -0.3, 0.8, 0.1], seenTask: .regression, seenThreat: nil)
        let delta = Perturbations.dense(Matrix(rows: m, columns: d) { i, j in 0.05 * Double((i + 2 * j) % 5) - 0.1 })
        let truth = [0.2, 0.5, -0.4, 0.3]
        let perturbed = delta.applied(to: inputs)
        let cases: [(Task, AttackTarget)] = [
            (.regression, .fixed((0..<m).map { Double($0) / 7 - 0.5 })),
            (.regression, .linear(weights: truth, clean: inputs.multiply(truth))),
            (.classification, .fixed((0..<m).map { $0 % 2 == 0 ? 1 : -1 })),
        ]
        for (task, target) in cases {
            let loss = AdversarialLoss(task: task, target: target)
            let predictions = model.predict(perturbed)
            let gradient = loss.inputGradients(
                predictions: predictions, modelGradients: model.inputGradient(perturbed),
                perturbations: delta)
            let h = 1e-6
            for i in 0..<m {
                for j in 0..<d {
                    func lossAt(_ shift: Double) -> Double {
                        var moved = delta.materialized()
                        moved[i, j] += shift
                        let p = Perturbations.dense(moved)
                        return loss.values(predictions: model.predict(p.applied(to: inputs)), perturbations: p)[i]
                    }
                    let numeric = (lossAt(h) - lossAt(-h)) / (2 * h)
                    #expect(abs(gradient[i, j] - numeric) < 1e-7, "\(task) \(target) point \(i) coordinate \(j)")
                }
            }
        }
    }

    // MARK: Hazards

    /// An estimator's own memory estimate is used through `any Estimator` (a protocol requirement,
    /// not an extension method that the existential would bypass).
    @Test func estimatedFitBytesOverrideIsUsedThroughTheExistential() throws {
        let estimator: any Estimator = try ToyTanhRegressor.make([("claimed-bytes", .number(123))])
        #expect(estimator.estimatedFitBytes(samples: 10, dimension: 10) == 123)
        let linear: any Estimator = try ConstantPredictor.make()
        #expect(linear.estimatedFitBytes(samples: 10, dimension: 20) == 8 * (2 * 100 + 200))
    }

    /// An attack's override of `exactRiskThreatModel` is seen through `any Attack`.
    @Test func exactRiskThreatModelOverrideIsUsedThroughTheExistential() throws {
        let opted: any Attack = try ToyGradientSignAttack.make([("exact", .boolean(false))])
        #expect(opted.exactRiskThreatModel == nil)
        let plain: any Attack = try ToyGradientSignAttack.make([("radius", .number(0.2))])
        #expect(plain.exactRiskThreatModel == ThreatModel(norm: .linf, radius: 0.2))
    }

    /// The ridge-path cache is keyed by what the path is computed from: a fit on features Φ in the same
    /// context never gets the path of X.
    @Test func ridgePathCacheIsKeyedByItsInputs() throws {
        let x = TestSupport.randomMatrix(12, 30, seed: 6)
        let y = (0..<12).map { Double($0 % 3) - 1 }
        let phi = Matrix(rows: 12, columns: 30) { i, j in max(0, x[i, j]) }  // same shape, other entries
        let context = FitContext(seed: 1)
        let training = try Dataset(features: x, targets: y)
        let fromX = try context.ridgePath(for: DesignSample(training))
        #expect(try context.ridgePath(for: DesignSample(training)) === fromX, "the same data shares one path")
        let fromPhi = try context.ridgePath(features: phi, targets: y, key: "relu-features")
        #expect(fromPhi !== fromX)
        #expect(try context.ridgePath(for: DesignSample(try Dataset(features: phi, targets: y))) !== fromX)
        let lambda = 0.05
        let solved = try fromPhi.solve(lambda: lambda).coefficients
        let direct = try RidgePath(x: phi, y: y).solve(lambda: lambda).coefficients
        #expect(TestSupport.relativeError(solved, direct) < 1e-9)
        #expect(FitContext.fingerprint(features: x, targets: y) != FitContext.fingerprint(features: phi, targets: y))
        #expect(
            FitContext.fingerprint(features: x, targets: y)
                != FitContext.fingerprint(features: x, targets: y.map { -$0 }))
    }

    /// A misspelt component name in registry.json is refused, naming the type's own name.
    @Test func misspeltCatalogueEntryNamesTheTypesName() throws {
        var registry = Registry()
        do {
            try registry.register(
                CatalogEntry(
                    module: "Demo", kind: .estimator, name: "constnat", type: ConstantPredictor.self, summary: "s"))
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description.contains("'constnat'") && error.description.contains("whose name is 'constant'"),
                "\(error)")
        }
    }
}
