import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooLinalg
import ZooTestSupport

/// The streaming part of the conformance suite, looping over everything registered: every streaming
/// data model draws the stored sample's X bit for bit, every `StreamingEstimator` fits a streamed
/// sample to the stored fit's weights, and every `PredictionOnlyAttack` returns the same perturbations
/// with or without the inputs.
@Suite struct StreamingConformanceTests {
    static let registry = ConformanceTests.registry

    static let streamingData = registry.components(ofKind: .data).filter { $0.type is any StreamingDataModel.Type }.map(\.name)
    static let streamingEstimators = registry.components(ofKind: .estimator).filter { $0.type is any StreamingEstimator.Type }.map(\.name)
    static let predictionOnlyAttacks = registry.components(ofKind: .attack).filter { $0.type is any PredictionOnlyAttack.Type }.map(\.name)

    @Test func theStreamingComponentsAreTheExpectedOnes() {
        #expect(Set(Self.streamingData) == ["isotropic", "spiked", "power-law"])
        #expect(Set(Self.streamingEstimators).isSuperset(of: ["min-norm", "ridge", "ridge-gcv"]))
        #expect(Set(Self.predictionOnlyAttacks).isSuperset(of: ["exact-l2", "exact-linf"]))
    }

    @Test(arguments: streamingData) func streamedDrawsEqualStoredDraws(name: String) throws {
        let data = try ConformanceTests.make(name, as: (any StreamingDataModel).self)
        let stored = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
        let training = try data.drawStreamedTraining(size: 15, seed: 3)
        let test = try data.drawStreamedTest(size: 9, seed: 3)
        #expect(training.design.materialized() == stored.train.features, "\(name): training X bit for bit")
        #expect(test.data.design.materialized() == stored.test.features, "\(name): test X bit for bit")
        #expect(TestSupport.relativeError(training.targets, stored.train.targets) < 1e-13)
        #expect(TestSupport.relativeError(test.signal, stored.testSignal ?? []) < 1e-13)
        #expect(test.linearTruth == stored.linearTruth)
    }

    @Test(arguments: streamingEstimators) func streamedFitsEqualStoredFits(name: String) throws {
        let estimator = try ConformanceTests.make(name, as: (any StreamingEstimator).self)
        let data = try Self.registry.makeDataModel(ComponentSpec(parsing: "spiked(d=300,k=3)")) as! any StreamingDataModel
        let stored = try data.drawTraining(size: 40, seed: 2)
        let streamed = try data.drawStreamedTraining(size: 40, seed: 2)
        let a = try estimator.fit(stored, context: FitContext(seed: 2))
        let b = try estimator.fit(streamed: streamed, context: FitContext(seed: 2))
        guard let linear = a as? any LinearModel else {
            Issue.record("\(name) streams but its stored fit is not linear")
            return
        }
        #expect(TestSupport.relativeError(b.weights, linear.weights) < 1e-9, "\(name)")
    }

    @Test(arguments: predictionOnlyAttacks) func predictionOnlyAttacksIgnoreTheInputs(name: String) throws {
        let attack = try ConformanceTests.make(name, as: (any PredictionOnlyAttack).self)
        let split = try ConformanceTests.regressionSample()
        let model = try Self.registry.makeEstimator(ComponentSpec(parsing: "ridge(lambda=0.1)")).fit(split.train, context: FitContext(seed: 1))
        let predictions = model.predict(split.test.features)
        let target = AttackTarget.fixed(split.testSignal ?? split.test.targets)
        let withInputs = try attack.perturbations(model: model, inputs: split.test.features, predictions: predictions,
                                                  target: target, task: .regression, seed: 4)
        let without = try attack.perturbations(model: model, predictions: predictions, target: target, task: .regression, seed: 4)
        #expect(withInputs == without, "\(name)")
    }
}
