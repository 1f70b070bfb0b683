import ZooCore
import ZooHarness

// MARK: - End to end

extension ConformanceSuite {
    /// **experiments run end to end**: the estimator called `name` with every registered attack it
    /// supports, through the harness: regression for every target convention, and classification.
    /// Rows are finite where they must be, errors in [0, 1], exact columns exactly for a linear model
    /// under an attack that declares a worst case (`exactRiskThreatModel` non-nil), no theory columns
    /// beside one that does not. An estimator no registered attack can attack fails.
    public func checkEndToEnd(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "experiments run end to end") { (log: inout IssueLog) throws(ZooError) in
            let estimator = try make(name, as: (any Estimator).self)
            let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
            let attackNames = registry.components(ofKind: .attack).map(\.name)
            func applicableAttacks(for task: Task) -> [String] {
                attackNames.filter { attack in
                    (try? registry.component(named: attack).type as? any Attack.Type)
                        .map { $0.requirements.isSubset(of: provided) && $0.supportedTasks.contains(task) } ?? false
                }
            }
            guard !applicableAttacks(for: .regression).isEmpty || !applicableAttacks(for: .classification).isEmpty
            else {
                log.record(
                    "no registered attack can attack its models (capabilities \(type(of: estimator).capabilities.sorted().map(\.rawValue)))"
                )
                return
            }
            func specs(_ names: [String]) throws(ZooError) -> [ComponentSpec] {
                var specs: [ComponentSpec] = []
                for attack in names {
                    specs.append(try ComponentSpec(parsing: try make(attack, as: (any Attack).self).spec))
                }
                return specs
            }
            let estimatorSpec = try ComponentSpec(parsing: estimator.spec)
            let linear = type(of: estimator).capabilities.contains(.linearWeights)
            func rows(_ sample: Sample, attacks: [ComponentSpec], target: TargetConvention) throws(ZooError)
                -> [ResultRow]
            {
                let experiment = Experiment(
                    data: sample.data, estimators: [estimatorSpec], attacks: attacks,
                    sampleSizes: [sample.trainingSize], testSize: sample.experimentTestSize,
                    seedCount: 1, target: target, recordTimings: false)
                var rows = [ResultRow]()
                try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry)).run { rows.append($0) }
                return rows
            }

            // Models linear in fixed features (`OutputWeightsModel`: random features) report their output
            // weights' norm too.
            let fitted = try estimator.fit(try sample(.regression).train, context: FitContext(seed: 1))
            let reportsWeights = linear || fitted is any OutputWeightsModel

            let regressionAttacks = try specs(applicableAttacks(for: .regression))
            for target in TargetConvention.allCases where !regressionAttacks.isEmpty {
                let result = try rows(configuration.regression, attacks: regressionAttacks, target: target)
                log.expect(
                    result.count == regressionAttacks.count,
                    "target \(target.rawValue): \(result.count) rows for \(regressionAttacks.count) attacks")
                for row in result {
                    let finite = [row.standardRisk, row.adversarialRisk, row.trainMSE].allSatisfy {
                        $0?.isFinite == true
                    }
                    log.expect(
                        row.target == target.rawValue && finite,
                        "× \(row.attack), target \(target.rawValue): risks must be finite (standard \(String(describing: row.standardRisk)), adversarial \(String(describing: row.adversarialRisk)), train MSE \(String(describing: row.trainMSE)))"
                    )
                    let worstCase = try declaresWorstCase(row.attack)
                    log.expect(
                        (row.standardRiskExact != nil) == (linear && worstCase),
                        "× \(row.attack): \(Self.exactRule(linear: linear, worstCase: worstCase))")
                    if !worstCase {
                        log.expect(
                            row[.adversarialRiskTheory] == nil && row[.standardRiskTheory] == nil
                                && row.labels["theory"] == nil,
                            "× \(row.attack): an attack whose exactRiskThreatModel is nil (not a worst case) gets no theory columns"
                        )
                    }
                    log.expect(
                        (row.weightNorm != nil) == reportsWeights,
                        "× \(row.attack): the weight norm must be given exactly for linear models and models with output weights (here \(reportsWeights))"
                    )
                }
            }

            let classificationAttacks = try specs(applicableAttacks(for: .classification))
            guard !classificationAttacks.isEmpty else { return }
            let result = try rows(configuration.classification, attacks: classificationAttacks, target: .label)
            log.expect(
                result.count == classificationAttacks.count,
                "classification: \(result.count) rows for \(classificationAttacks.count) attacks")
            for row in result {
                log.expect(
                    row.target == "label" && row.trainMSE == nil && row.standardRisk == nil,
                    "× \(row.attack), classification: rows carry errors, not squared-loss risks")
                for error in [row.cleanError, row.robustError, row.trainError] {
                    log.expect(
                        error.map { (0...1).contains($0) } == true,
                        "× \(row.attack), classification: error \(String(describing: error)) outside [0, 1]")
                }
                let worstCase = try declaresWorstCase(row.attack)
                log.expect(
                    (row.robustErrorExact != nil) == (linear && worstCase),
                    "× \(row.attack), classification: \(Self.exactRule(linear: linear, worstCase: worstCase))")
            }
        }
    }

    /// Whether an attack declares its search the worst case over its ball (`exactRiskThreatModel` non-nil).
    func declaresWorstCase(_ spec: String) throws(ZooError) -> Bool {
        try registry.makeAttack(ComponentSpec(parsing: spec)).exactRiskThreatModel != nil
    }

    /// The requirement behind the exact columns, for issue messages.
    static func exactRule(linear: Bool, worstCase: Bool) -> String {
        "the exact columns must be filled exactly when the model is linear (capability linear-weights; here \(linear)) "
            + "and the attack declares a worst case (exactRiskThreatModel non-nil; here \(worstCase ? "declared" : "nil, not a worst case"))"
    }
}
