import ZooCore
import ZooLinalg

// MARK: - Estimators

extension ConformanceSuite {
    /// **estimators fit deterministically with their declared capabilities**, on `task`'s sample.
    public func checkFit(_ name: String, task: Task) -> [ConformanceIssue] {
        IssueLog.check(name, "estimators fit deterministically with their declared capabilities (\(task.rawValue))") {
            (log: inout IssueLog) throws(ZooError) in
            let estimator = try make(name, as: (any Estimator).self)
            let split = try sample(task)
            let context = { FitContext(seed: 5, task: task, threatModel: ThreatModel(norm: .l2, radius: 0.1)) }
            let model = try estimator.fit(split.train, context: context())
            let again = try estimator.fit(split.train, context: context())
            let predictions = model.predict(split.test.features)
            log.expect(
                predictions.count == split.test.count,
                "\(predictions.count) predictions for \(split.test.count) test points")
            log.expect(predictions.allSatisfy { $0.isFinite }, "non-finite predictions")
            log.expect(
                predictions == again.predict(split.test.features), "two fits with the same seed predict different bits")
            let declared = type(of: estimator).capabilities
            log.expect(
                declared.isSubset(of: model.providedCapabilities),
                "declares capabilities \(declared.sorted().map(\.rawValue)) but its model provides \(model.providedCapabilities.sorted().map(\.rawValue))"
            )
            if let linear = model as? any LinearModel {
                log.expect(
                    linear.weights.count == split.train.dimension,
                    "\(linear.weights.count) linear weights for dimension \(split.train.dimension)")
                let error = Self.relativeError(predictions, split.test.features.multiply(linear.weights))
                log.expect(error < 1e-12, "predictions differ from θ̂ᵀx by \(error) (relative)")
            }
            if let differentiable = model as? any DifferentiableModel {
                let gradient = differentiable.inputGradient(split.test.features)
                log.expect(
                    gradient.rows == split.test.count && gradient.columns == split.test.dimension,
                    "input gradient is \(gradient.rows)×\(gradient.columns), inputs are \(split.test.count)×\(split.test.dimension)"
                )
                log.expect(gradient.isFinite, "non-finite input gradient")
            }
            guard task == .regression else { return }
            switch type(of: estimator).interpolates {
            case .always:
                let error = Self.relativeError(model.predict(split.train.features), split.train.targets)
                log.expect(error < 1e-8, "says it interpolates but misses the training targets by \(error) (relative)")
            case .dependsOnParameters:
                guard let arguments = type(of: estimator).interpolatingArguments else {
                    log.record("interpolates for some parameters: declare them in `interpolatingArguments`")
                    return
                }
                let interpolating = try make(name, extra: arguments, as: (any Estimator).self)
                let fitted = try interpolating.fit(split.train, context: context())
                let error = Self.relativeError(fitted.predict(split.train.features), split.train.targets)
                log.expect(
                    error < 1e-8,
                    "\(interpolating.spec) should interpolate but misses the training targets by \(error) (relative)")
            case .never:
                break
            }
        }
    }
}

// MARK: - Attacks

extension ConformanceSuite {
    /// **attacks stay in their ball and are reproducible**: on every registered estimator that can feed
    /// the attack, for every task it supports and every target.
    public func checkAttack(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "attacks stay in their ball and are reproducible") {
            (log: inout IssueLog) throws(ZooError) in
            let attack = try make(name, as: (any Attack).self)
            let estimators = registry.components(ofKind: .estimator).map(\.name)
            var checked = 0
            for task in Task.conformanceTasks where type(of: attack).supportedTasks.contains(task) {
                let split = try sample(task, seed: 2)
                // The target conventions (clean t = f*(x), label t = y, consistent t = f*(x + δ)).
                var targets: [(name: String, target: AttackTarget)] = [("label", .fixed(split.test.targets))]
                if task == .regression, let signal = split.testSignal {
                    targets.insert(("clean", .fixed(signal)), at: 0)
                    if let truth = split.linearTruth {
                        targets.append(("consistent", .linear(weights: truth, clean: signal)))
                    }
                }
                for estimatorName in estimators {
                    let estimator = try make(estimatorName, as: (any Estimator).self)
                    // The harness supplies training points to every model (`Attack.view(of:trainedOn:)`).
                    let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
                    guard type(of: attack).requirements.isSubset(of: provided) else { continue }
                    let fitted = try estimator.fit(split.train, context: FitContext(seed: 1, task: task))
                    let model = attack.view(of: fitted, trainedOn: split.train)
                    let predictions = fitted.predict(split.test.features)
                    for (targetName, target) in targets {
                        let delta = try attack.perturbations(
                            model: model, inputs: split.test.features, predictions: predictions,
                            target: target, task: task, seed: 9)
                        let again = try attack.perturbations(
                            model: model, inputs: split.test.features, predictions: predictions,
                            target: target, task: task, seed: 9)
                        log.expect(
                            delta.count == split.test.count && delta.dimension == split.test.dimension,
                            "on \(estimatorName) (\(task.rawValue), target \(targetName)): \(delta.count)×\(delta.dimension) perturbations for \(split.test.count)×\(split.test.dimension) inputs"
                        )
                        log.expect(
                            delta == again,
                            "on \(estimatorName) (\(task.rawValue), target \(targetName)): the same seed gives different perturbations"
                        )
                        let dense = delta.materialized()
                        let radius = attack.threatModel.radius
                        // One issue per estimator and target, naming the first offending test point.
                        var outside: [(point: Int, norm: Double)] = []
                        var inconsistent: [(point: Int, dense: Double, norm: Double)] = []
                        for (i, norm) in delta.norms(in: attack.threatModel.norm).enumerated() {
                            if !(norm <= radius * (1 + 1e-12)) { outside.append((i, norm)) }
                            let denseNorm = dense.row(i).withUnsafeBufferPointer { attack.threatModel.norm.norm($0) }
                            if !(abs(denseNorm - norm) <= 1e-12 * max(1, norm)) {
                                inconsistent.append((i, denseNorm, norm))
                            }
                        }
                        let setting = "on \(estimatorName) (\(task.rawValue), target \(targetName))"
                        if let first = outside.first {
                            log.record(
                                "\(setting): \(outside.count) of \(delta.count) perturbations outside the \(attack.threatModel.norm.rawValue) ball, e.g. test point \(first.point): ‖δ‖ = \(first.norm) > radius \(radius)"
                            )
                        }
                        if let first = inconsistent.first {
                            log.record(
                                "\(setting): \(inconsistent.count) materialised perturbations disagree with their norms, e.g. test point \(first.point): \(first.dense) vs \(first.norm)"
                            )
                        }
                        checked += 1
                    }
                }
            }
            log.expect(
                checked > 0,
                "no registered estimator provides \(type(of: attack).requirements.sorted().map(\.rawValue)), so nothing checks it"
            )
        }
    }
}
