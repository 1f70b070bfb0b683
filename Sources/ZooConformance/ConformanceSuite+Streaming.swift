import ZooCore
import ZooLinalg

// MARK: - Streaming

extension ConformanceSuite {
    /// **streamed draws equal stored draws**: a `StreamingDataModel`'s streamed X bit for bit, targets,
    /// signal and θ* to rounding.
    public func checkStreamedDraws(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "streamed draws equal stored draws") { (log: inout IssueLog) throws(ZooError) in
            let data = try make(name, as: (any StreamingDataModel).self)
            let stored = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
            let training = try data.drawTraining(size: 15, seed: 3, streamed: true)
            let test = try data.drawTest(size: 9, seed: 3, trainingSize: 15, streamed: true)
            guard let trainingDesign = training.design as? StreamedGaussianDesign,
                let testDesign = test.data.design as? StreamedGaussianDesign
            else {
                log.record("a streamed draw holds its X in memory")
                return
            }
            log.expect(
                trainingDesign.materialized() == stored.train.features, "training X differs from the stored draw")
            log.expect(testDesign.materialized() == stored.test.features, "test X differs from the stored draw")
            let targets = Self.relativeError(training.targets, stored.train.targets)
            log.expect(targets < 1e-13, "training targets differ from the stored draw by \(targets) (relative)")
            let signal = Self.relativeError(test.signal ?? [], stored.testSignal ?? [])
            log.expect(signal < 1e-13, "test signal differs from the stored draw by \(signal) (relative)")
            log.expect(test.linearTruth == stored.linearTruth, "θ* differs from the stored draw")
        }
    }

    /// **streamed fits equal stored fits**: a `StreamingEstimator`'s one fit, on a streamed `spiked`
    /// sample (n = 40, d = 300), gives weights within 1e-9 of the same fit on the stored sample.
    public func checkStreamedFit(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "streamed fits equal stored fits") { (log: inout IssueLog) throws(ZooError) in
            let estimator = try make(name, as: (any StreamingEstimator).self)
            let spec = ComponentSpec(name: "spiked", arguments: [("d", .number(300)), ("k", .number(3))])
            guard let data = try registry.makeDataModel(spec) as? any StreamingDataModel else {
                log.record("the data model 'spiked' does not stream")
                return
            }
            let stored = try data.drawTraining(size: 40, seed: 2)
            let streamed = try data.drawTraining(size: 40, seed: 2, streamed: true)
            let a = try estimator.fit(stored, context: FitContext(seed: 2))
            let b = try estimator.fit(design: streamed, context: FitContext(seed: 2))
            guard let linear = a as? any LinearModel else {
                log.record("streams but its stored fit is not linear")
                return
            }
            let error = Self.relativeError(b.weights, linear.weights)
            log.expect(error < 1e-9, "streamed weights differ from the stored fit's by \(error) (relative)")
        }
    }

    /// **prediction-only attacks ignore the inputs**: a `PredictionOnlyAttack` gives the same
    /// perturbations with and without the inputs, on ridge(lambda=0.1).
    public func checkPredictionOnlyAttack(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "prediction-only attacks ignore the inputs") { (log: inout IssueLog) throws(ZooError) in
            let attack = try make(name, as: (any PredictionOnlyAttack).self)
            let split = try sample(.regression)
            let ridge = try registry.makeEstimator(ComponentSpec(name: "ridge", arguments: [("lambda", .number(0.1))]))
            let model = try ridge.fit(split.train, context: FitContext(seed: 1))
            let predictions = model.predict(split.test.features)
            let target = AttackTarget.fixed(split.testSignal ?? split.test.targets)
            let withInputs = try attack.perturbations(
                model: model, inputs: split.test.features, predictions: predictions,
                target: target, task: .regression, seed: 4)
            let without = try attack.perturbations(
                model: model, predictions: predictions, target: target, task: .regression, seed: 4)
            log.expect(withInputs == without, "perturbations differ with and without the inputs")
        }
    }
}
