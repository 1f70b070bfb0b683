import Foundation
import Testing
import ZooAttacks
import ZooCore
import ZooData
import ZooLinalg
import ZooLinear
import ZooNeighbors
import ZooTestSupport

/// `nearest-flip`: Sanyal et al.'s Theorem 1 on `balls`, certified flips, and agreement with the exact
/// attack on linear classifiers where a segment search can be complete.
@Suite struct NearestFlipTests {
    static func flipped(_ scores: [Double], _ labels: [Double]) -> [Bool] {
        zip(scores, labels).map { ($0 >= 0) != ($1 >= 0) }
    }

    /// Per point: whether sign f̂(x + δ) ≠ t under `attack`, the model given its training set as the harness does.
    static func attacked(_ model: any FittedModel, _ attack: any Attack, train: Dataset, test: Dataset) throws(ZooError)
        -> [Bool]
    {
        let predictions = model.predict(test.features)
        let delta = try attack.perturbations(
            model: attack.view(of: model, trainedOn: train), inputs: test.features,
            predictions: predictions, target: .fixed(test.targets), task: .classification, seed: 0)
        for norm in delta.norms(in: .l2) { #expect(norm <= attack.threatModel.radius * (1 + 1e-12)) }
        return flipped(model.predict(delta.applied(to: test.features)), test.targets)
    }

    static func robustError(_ flips: [Bool]) -> Double { Double(flips.filter { $0 }.count) / Double(flips.count) }

    /// Theorem 1: an interpolator errs, within 2ρ, on every ball holding a flipped training point, whose
    /// expected mass is 1 − (1 − η/|ζ|)^m. 1-NN attains it point by point; 7-NN stays far below.
    @Test func sanyalTheoremOnBalls() throws {
        let data = try LabelledBalls.make(ComponentSpec(parsing: "balls(d=10,centers=40,radius=1,flip=0.1)").arguments)
        let m = 400
        let seeds: [UInt64] = Array(0..<8)
        let bound = 1 - Foundation.pow(1 - data.flipRate / Double(data.ballCount), Double(m))
        #expect(abs(data.labelNoiseBalls.interpolatorRobustErrorBound(trainingSize: m) - bound) < 1e-14)
        let attack = try NearestFlipAttack.make([("radius", .number(2))])
        var poisonedFractions = [Double]()
        var oneNN = [Double]()
        var sevenNN = [Double]()
        for seed in seeds {
            let split = try data.draw(trainingSize: m, testSize: 250, seed: seed)
            let geometry = try data.geometry(seed: seed)
            let trainBalls = BallsTests.ballIndex(split.train.features, geometry.centers)
            let poisoned = Set(
                (0..<m).filter { split.train.targets[$0] != geometry.classes[trainBalls[$0]] }.map { trainBalls[$0] })
            poisonedFractions.append(Double(poisoned.count) / Double(data.ballCount))
            let testBalls = BallsTests.ballIndex(split.test.features, geometry.centers)
            let context = FitContext(seed: seed, task: .classification)
            let one = try NearestNeighborVote.make().fit(split.train, context: context)
            let flips = try Self.attacked(one, attack, train: split.train, test: split.test)
            // Certified per point: every test point in a poisoned ball is flipped.
            for i in 0..<split.test.count where poisoned.contains(testBalls[i]) {
                #expect(flips[i], "seed \(seed): test point \(i) lies within 2ρ of a flipped training point")
            }
            oneNN.append(Self.robustError(flips))
            let seven = try NearestNeighborVote.make([("k", .number(7))]).fit(split.train, context: context)
            sevenNN.append(Self.robustError(try Self.attacked(seven, attack, train: split.train, test: split.test)))
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        // The poisoned-ball indicators have variance ≤ b(1 − b) each (they are negatively correlated).
        let standardError = (bound * (1 - bound) / Double(data.ballCount * seeds.count)).squareRoot()
        #expect(
            abs(mean(poisonedFractions) - bound) < 4 * standardError, "E[poisoned mass] = 1 − (1 − η/|ζ|)^m = \(bound)")
        #expect(mean(oneNN) > bound - 4 * standardError, "1-NN robust error \(mean(oneNN)) against the bound \(bound)")
        #expect(mean(sevenNN) < 0.5 * bound, "7-NN robust error \(mean(sevenNN)) should stay far below \(bound)")
    }

    /// A linear classifier on labelled Gaussian data in d = 5 (labels from a noisy direction).
    static func linearProblem(d: Int, n: Int, seed: UInt64) throws -> (train: Dataset, test: Dataset) {
        let x = TestSupport.randomMatrix(n + 300, d, seed: seed)
        var noise = RandomStream(seed: seed, stream: 3)
        let labels = (0..<x.rows).map { i in x[i, 0] - 0.5 * x[i, d - 1] + 0.3 * noise.nextNormal() >= 0 ? 1.0 : -1.0 }
        return (
            try Dataset(features: x.rows(at: Array(0..<n)), targets: Array(labels[..<n])),
            try Dataset(features: x.rows(at: Array(n..<(n + 300))), targets: Array(labels[n...]))
        )
    }

    /// Soundness: exact-l2 gives the true robust error of a linear classifier, so nearest-flip (a lower
    /// bound) never flips a point that exact-l2 leaves robust.
    @Test(arguments: [0.2, 0.5, 1.0])
    func neverFlipsWhatTheExactAttackCannot(radius: Double) throws {
        let problem = try Self.linearProblem(d: 5, n: 80, seed: 11)
        let model = try RidgeRegression.make([("lambda", .number(0.01))]).fit(
            problem.train, context: FitContext(seed: 0, task: .classification))
        let nearest = try Self.attacked(
            model, try NearestFlipAttack.make([("radius", .number(radius))]), train: problem.train, test: problem.test)
        let exact = try Self.attacked(
            model, try ExactL2Attack.make([("radius", .number(radius))]), train: problem.train, test: problem.test)
        for i in nearest.indices where nearest[i] {
            #expect(exact[i], "point \(i) flipped by nearest-flip but robust under exact-l2")
        }
        #expect(nearest.contains(true), "the attack finds some flips at radius \(radius)")
    }

    /// In d = 1 with clean labels every segment runs along θ̂, so nearest-flip is complete: it flips
    /// exactly the points exact-l2 flips (margin |θ̂x|/|θ̂| < α).
    @Test func matchesTheExactAttackWhenSegmentsAreAligned() throws {
        let problem = try Self.linearProblem(d: 1, n: 60, seed: 12)
        let clean = try Dataset(
            features: problem.train.features, targets: (0..<60).map { problem.train.features[$0, 0] >= 0 ? 1 : -1 })
        let test = try Dataset(
            features: problem.test.features, targets: (0..<300).map { problem.test.features[$0, 0] >= 0 ? 1 : -1 })
        let model = try MinimumNormInterpolator.make().fit(clean, context: FitContext(seed: 0, task: .classification))
        let nearest = try Self.attacked(
            model, try NearestFlipAttack.make([("radius", .number(0.4))]), train: clean, test: test)
        let exact = try Self.attacked(
            model, try ExactL2Attack.make([("radius", .number(0.4))]), train: clean, test: test)
        #expect(nearest == exact)
        #expect(nearest.contains(true) && nearest.contains(false))
    }

    @Test func perturbationsDoNotDependOnTheThreadCount() throws {
        let data = try LabelledBalls.make(ComponentSpec(parsing: "balls(d=4,centers=10,flip=0.2)").arguments)
        let split = try data.draw(trainingSize: 300, testSize: 200, seed: 5)
        let model = try NearestNeighborVote.make([("k", .number(3))]).fit(
            split.train, context: FitContext(seed: 0, task: .classification))
        let attack = try NearestFlipAttack.make([("radius", .number(2))])
        let predictions = model.predict(split.test.features)
        let runs = try [1, 2, 3].map { threads in
            try Parallelism.withThreadLimit(threads) {
                try attack.perturbations(
                    model: model, inputs: split.test.features, predictions: predictions,
                    target: .fixed(split.test.targets), task: .classification, seed: 0)
            }
        }
        #expect(runs[0] == runs[1] && runs[0] == runs[2])
    }

    @Test func refusesRegressionAndAModelWithoutTrainingPoints() throws {
        let problem = try Self.linearProblem(d: 3, n: 20, seed: 13)
        let model = try MinimumNormInterpolator.make().fit(problem.train, context: FitContext(seed: 0))
        let attack = try NearestFlipAttack.make()
        #expect(NearestFlipAttack.supportedTasks == [.classification])
        do {
            _ = try attack.perturbations(
                model: attack.view(of: model, trainedOn: problem.train), inputs: problem.test.features,
                predictions: model.predict(problem.test.features), target: .fixed(problem.test.targets),
                task: .regression, seed: 0)
            Issue.record("regression accepted")
        } catch {
            #expect(error.isUsageError && error.description.contains("classification-only"), "\(error)")
        }
        #expect(throws: ZooError.self) {
            try attack.perturbations(
                model: model, inputs: problem.test.features, predictions: model.predict(problem.test.features),
                target: .fixed(problem.test.targets), task: .classification, seed: 0)
        }
    }
}
