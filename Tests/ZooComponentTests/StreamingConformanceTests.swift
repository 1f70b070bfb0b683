import Testing
import ZooCore

/// The streaming part of the conformance suite (ZooConformance), looping over everything registered: every streaming
/// data model draws the stored sample's X bit for bit, every `StreamingEstimator` fits a streamed
/// sample to the stored fit's weights, and every `PredictionOnlyAttack` returns the same perturbations
/// with or without the inputs.
@Suite struct StreamingConformanceTests {
    static let registry = ConformanceTests.registry

    static let streamingData = registry.components(ofKind: .data).filter { $0.type is any StreamingDataModel.Type }.map(
        \.name)
    static let streamingEstimators = registry.components(ofKind: .estimator).filter {
        $0.type is any StreamingEstimator.Type
    }.map(\.name)
    static let predictionOnlyAttacks = registry.components(ofKind: .attack).filter {
        $0.type is any PredictionOnlyAttack.Type
    }.map(\.name)

    @Test func theStreamingComponentsAreTheExpectedOnes() {
        #expect(Set(Self.streamingData) == ["isotropic", "spiked", "power-law"])
        #expect(Set(Self.streamingEstimators).isSuperset(of: ["min-norm", "ridge", "ridge-gcv"]))
        #expect(Set(Self.predictionOnlyAttacks).isSuperset(of: ["exact-l2", "exact-linf"]))
    }

    @Test(arguments: streamingData) func streamedDrawsEqualStoredDraws(name: String) {
        ConformanceTests.expectNone(ConformanceTests.suite.checkStreamedDraws(name))
    }

    @Test(arguments: streamingEstimators) func streamedFitsEqualStoredFits(name: String) {
        ConformanceTests.expectNone(ConformanceTests.suite.checkStreamedFit(name))
    }

    @Test(arguments: predictionOnlyAttacks) func predictionOnlyAttacksIgnoreTheInputs(name: String) {
        ConformanceTests.expectNone(ConformanceTests.suite.checkPredictionOnlyAttack(name))
    }
}
