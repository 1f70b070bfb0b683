import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooTestSupport

/// The conformance suite every registered component must pass (like scikit-learn's `check_estimator`).
/// It loops over the catalogue — plus the toy components of ZooTestSupport (a non-linear regressor, a
/// linear classifier, a gradient attack, a non-linear data model), which must pass it too — so a new
/// component is tested the day it is registered. Every task × target is covered; a component that gets
/// no check (an attack no registered estimator can feed) fails instead of being skipped.
@Suite struct ConformanceTests {
    /// The catalogue and the toys; empty when registry.json and the code disagree
    /// (`catalogueMatchesTheCode` then fails with the message naming the entry).
    static let registry: Registry = (try? ToyComponentsModule.adding(to: Catalog.makeRegistry())) ?? Registry()
    static let names: [String] = registry.components.map(\.name)

    @Test func catalogueMatchesTheCode() {
        do {
            let registry = try Catalog.makeRegistry()
            #expect(registry.components.map(\.name) == Catalog.entries.map(\.name))
        } catch {
            Issue.record("registry.json and the code disagree: \(error)")
        }
    }

    // MARK: Arguments derived from the parameter declarations

    /// Sizes are capped here so the suite stays fast.
    static let smallSize = 24

    /// A value inside a parameter's declared range, from its kind alone (no parameter names):
    /// - a parameter without default gets a value of its kind: a real inside its range, a whole number
    ///   at least its minimum, `true`, the first choice, and for free text (the only required text is a
    ///   data file path) the shipped diabetes.csv;
    /// - a whole-number parameter whose default exceeds `smallSize` (dimensions, widths, steps) is
    ///   lowered to `smallSize` (or its minimum if larger), so every component runs at a small size.
    static func testValue(for parameter: ParameterSpec) -> ParameterValue? {
        switch (parameter.kind, parameter.defaultValue) {
        case (.integer(let minimum, let maximum), .number(let value)?) where value > Double(smallSize):
            return .number(Double(min(maximum, max(minimum, smallSize))))
        case (_, _?):
            return nil
        case (.real(let minimum, let maximum, _), nil):
            if minimum.isFinite && maximum.isFinite { return .number((minimum + maximum) / 2) }
            if minimum.isFinite { return .number(minimum + 1) }
            return .number(maximum.isFinite ? maximum - 1 : 1)
        case (.integer(let minimum, let maximum), nil):
            return .number(Double(min(maximum, max(minimum, 1))))
        case (.boolean, nil): return .boolean(true)
        case (.choice(let options), nil): return .word(options[0])
        case (.text, nil): return .word(Fixtures.diabetesPath)
        }
    }

    static func smallArguments(for name: String) -> [(key: String, value: ParameterValue)] {
        guard let component = try? registry.component(named: name) else { return [] }
        let files = fileArguments[name] ?? []
        return component.type.parameters.filter { parameter in !files.contains { $0.key == parameter.name } }
            .compactMap { parameter in testValue(for: parameter).map { (parameter.name, $0) } } + files
    }

    /// Data models whose defaults read installed data (idx: Debian's Fashion-MNIST) get small files the
    /// suite writes itself, so it runs on a machine without that data.
    static let fileArguments: [String: [(key: String, value: ParameterValue)]] = ["idx": Fixtures.idxArguments]

    static func make<T>(_ name: String, extra: [(key: String, value: ParameterValue)] = [], as _: T.Type) throws -> T {
        let base = smallArguments(for: name).filter { argument in !extra.contains { $0.key == argument.key } }
        return try registry.component(named: name).type.make(base + extra) as! T
    }

    @Test(arguments: names) func constructsWithDefaultsAndRoundTripsItsSpec(name: String) throws {
        let component = try Self.registry.component(named: name)
        let instance = try component.type.make(Self.smallArguments(for: name))
        #expect(instance.parameters.values.map(\.name) == component.type.parameters.map(\.name))
        let reparsed = try component.type.make(ComponentSpec(parsing: instance.spec).arguments)
        #expect(reparsed.spec == instance.spec)
        #expect(component.module == "ZooTestSupport" || !component.summary.isEmpty, "registry.json gives \(name) a summary")
        #expect(!type(of: instance).documentation.definition.isEmpty && !type(of: instance).documentation.reference.isEmpty)
    }

    @Test(arguments: names) func rejectsUnknownAndOutOfRangeParameters(name: String) throws {
        let type = try Self.registry.component(named: name).type
        let base = Self.smallArguments(for: name)
        #expect(throws: ZooError.self) { try type.make(base + [("no-such-parameter", .number(1))]) }
        for parameter in type.parameters {
            let others = base.filter { $0.key != parameter.name }
            switch parameter.kind {
            case .real(let minimum, let maximum, _):
                if minimum.isFinite {
                    #expect(throws: ZooError.self, "\(name).\(parameter.name) below its minimum") {
                        try type.make(others + [(parameter.name, .number(minimum - 1))])
                    }
                }
                if maximum.isFinite {
                    #expect(throws: ZooError.self, "\(name).\(parameter.name) above its maximum") {
                        try type.make(others + [(parameter.name, .number(maximum + 1))])
                    }
                }
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .word("not-a-number"))]) }
            case .integer(let minimum, let maximum):
                if minimum != .min { #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(Double(minimum) - 1))]) } }
                if maximum != .max { #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(Double(maximum) + 1))]) } }
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(1.5))]) }
            case .choice(let options):
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .word("no-such-choice"))]) }
                for option in options { #expect(throws: Never.self) { _ = try? type.make(others + [(parameter.name, .word(option))]) } }
            case .boolean:
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(3))]) }
            case .text:
                break
            }
        }
    }

    static let dataNames = registry.components(ofKind: .data).map(\.name)
    static let estimatorNames = registry.components(ofKind: .estimator).map(\.name)
    static let attackNames = registry.components(ofKind: .attack).map(\.name)

    @Test(arguments: dataNames) func dataModelsDrawReproducibleFiniteSamples(name: String) throws {
        let data = try Self.make(name, as: (any DataModel).self)
        let first = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
        let again = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
        let other = try data.draw(trainingSize: 15, testSize: 9, seed: 4)
        #expect(first.train.count == 15 && first.train.features == again.train.features && first.test.targets == again.test.targets)
        #expect(first.train.features != other.train.features)
        #expect(first.train.features.isFinite && first.test.features.isFinite)
        #expect(first.train.dimension == first.test.dimension)
        if let d = data.dimension { #expect(first.train.dimension == d) }
        if data.task == .classification {
            #expect((first.train.targets + first.test.targets).allSatisfy { $0 == 1 || $0 == -1 }, "\(name): labels ±1")
        }
        if data.hasGroundTruth { #expect(first.testSignal?.count == first.test.count, "\(name) says it knows f*") }
        if data.linearTruthAvailable { #expect(first.linearTruth?.count == first.train.dimension, "\(name) says f* is linear") }
        if let population = data.population(forSeed: 3) {
            #expect(population.truth.count == first.train.dimension)
            #expect(first.linearTruth == population.truth)
        }
    }

    // MARK: Samples of both tasks

    /// A small regression sample: n = 18 < d = 24 (interpolation regime).
    static func regressionSample(seed: UInt64 = 1) throws -> DataSplit {
        try registry.makeDataModel(ComponentSpec(parsing: "isotropic(d=24)")).draw(trainingSize: 18, testSize: 11, seed: seed)
    }

    /// A small classification sample (labels ±1): 20 rows of breast_cancer.csv (d = 30).
    static func classificationSample(seed: UInt64 = 1) throws -> DataSplit {
        try registry.makeDataModel(ComponentSpec(name: "csv", arguments: [("path", .word(Fixtures.breastCancerPath)), ("task", .word("classification"))]))
            .draw(trainingSize: 20, testSize: 0, seed: seed)
    }

    static let tasks: [Task] = [.regression, .classification]

    @Test(arguments: estimatorNames, tasks) func estimatorsFitDeterministicallyWithDeclaredCapabilities(name: String, task: Task) throws {
        let estimator = try Self.make(name, as: (any Estimator).self)
        let split = task == .regression ? try Self.regressionSample() : try Self.classificationSample()
        let context = { FitContext(seed: 5, task: task, threatModel: ThreatModel(norm: .l2, radius: 0.1)) }
        let model = try estimator.fit(split.train, context: context())
        let again = try estimator.fit(split.train, context: context())
        let predictions = model.predict(split.test.features)
        #expect(predictions.count == split.test.count && predictions.allSatisfy { $0.isFinite })
        #expect(predictions == again.predict(split.test.features), "same seed, same bits")
        let declared = type(of: estimator).capabilities
        #expect(declared.isSubset(of: model.providedCapabilities), "\(name) declares \(declared) but its model provides \(model.providedCapabilities)")
        if let linear = model as? any LinearModel {
            #expect(linear.weights.count == split.train.dimension)
            #expect(TestSupport.relativeError(predictions, split.test.features.multiply(linear.weights)) < 1e-12)
        }
        if let differentiable = model as? any DifferentiableModel {
            let gradient = differentiable.inputGradient(split.test.features)
            #expect(gradient.rows == split.test.count && gradient.columns == split.test.dimension && gradient.isFinite)
        }
        guard task == .regression else { return }
        switch type(of: estimator).interpolates {
        case .always:
            #expect(TestSupport.relativeError(model.predict(split.train.features), split.train.targets) < 1e-8, "\(name) says it interpolates")
        case .dependsOnParameters:
            guard let arguments = type(of: estimator).interpolatingArguments else {
                Issue.record("\(name) interpolates for some parameters: declare them in `interpolatingArguments`")
                return
            }
            let interpolating = try Self.make(name, extra: arguments, as: (any Estimator).self)
            let fitted = try interpolating.fit(split.train, context: context())
            #expect(TestSupport.relativeError(fitted.predict(split.train.features), split.train.targets) < 1e-8,
                    "\(interpolating.spec) should interpolate")
        case .never:
            break
        }
    }

    /// Every attack, on every estimator it can attack, for every task × target: inside its ball, the
    /// declared shape, reproducible. An attack no estimator can feed fails.
    @Test(arguments: attackNames) func attacksStayInTheirBallAndAreReproducible(name: String) throws {
        let attack = try Self.make(name, as: (any Attack).self)
        var checked = 0
        for task in Self.tasks where type(of: attack).supportedTasks.contains(task) {
            let split = task == .regression ? try Self.regressionSample(seed: 2) : try Self.classificationSample(seed: 2)
            let targets: [AttackTarget] = task == .regression
                ? [.fixed(split.testSignal!), .fixed(split.test.targets), .linear(weights: split.linearTruth!, clean: split.testSignal!)]
                : [.fixed(split.test.targets)]
            for estimatorName in Self.estimatorNames {
                let estimator = try Self.make(estimatorName, as: (any Estimator).self)
                // The harness supplies training points to every model (`Attack.view(of:trainedOn:)`).
                let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
                guard type(of: attack).requirements.isSubset(of: provided) else { continue }
                let fitted = try estimator.fit(split.train, context: FitContext(seed: 1, task: task))
                let model = attack.view(of: fitted, trainedOn: split.train)
                let predictions = fitted.predict(split.test.features)
                for target in targets {
                    let delta = try attack.perturbations(model: model, inputs: split.test.features, predictions: predictions,
                                                         target: target, task: task, seed: 9)
                    let again = try attack.perturbations(model: model, inputs: split.test.features, predictions: predictions,
                                                         target: target, task: task, seed: 9)
                    #expect(delta.count == split.test.count && delta.dimension == split.test.dimension)
                    #expect(delta == again)
                    let dense = delta.materialized()
                    let radius = attack.threatModel.radius
                    for (i, norm) in delta.norms(in: attack.threatModel.norm).enumerated() {
                        #expect(norm <= radius * (1 + 1e-12), "\(name) on \(estimatorName): ‖δ‖ = \(norm)")
                        let denseNorm = dense.row(i).withUnsafeBufferPointer { attack.threatModel.norm.norm($0) }
                        #expect(abs(denseNorm - norm) <= 1e-12 * max(1, norm))
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 0, "\(name): no registered estimator provides \(type(of: attack).requirements), so nothing checks it")
    }

    // MARK: End to end

    /// Every estimator with every attack it supports, through the harness: regression for every
    /// target, and a classification experiment. Rows are finite where they must be, errors in [0, 1],
    /// the adversarial risk at least the standard risk for exact attacks on linear models, exact
    /// columns only for linear models.
    @Test(arguments: estimatorNames) func experimentsRunEndToEnd(name: String) throws {
        let estimator = try Self.make(name, as: (any Estimator).self)
        let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
        func applicableAttacks(for task: Task) -> [String] {
            Self.attackNames.filter { attack in
                (try? Self.registry.component(named: attack).type as? any Attack.Type)
                    .map { $0.requirements.isSubset(of: provided) && $0.supportedTasks.contains(task) } ?? false
            }
        }
        // Every estimator must be attackable on some task (nearest-neighbor: by nearest-flip on
        // classification only); a task no attack applies to is not run.
        guard !applicableAttacks(for: .regression).isEmpty || !applicableAttacks(for: .classification).isEmpty else {
            Issue.record("\(name): no registered attack can attack its models (capabilities \(type(of: estimator).capabilities))")
            return
        }
        func specs(_ names: [String]) throws -> [ComponentSpec] {
            try names.map { attack in try ComponentSpec(parsing: try Self.make(attack, as: (any Attack).self).spec) }
        }
        var attacks = applicableAttacks(for: .regression)
        var attackSpecs = try specs(attacks)
        let estimatorSpec = try ComponentSpec(parsing: estimator.spec)
        let linear = type(of: estimator).capabilities.contains(.linearWeights)
        for target in TargetConvention.allCases where !attacks.isEmpty {
            let experiment = Experiment(data: try ComponentSpec(parsing: "isotropic(d=24)"), estimators: [estimatorSpec], attacks: attackSpecs,
                                        sampleSizes: [18], testSize: 40, seedCount: 1, target: target, recordTimings: false)
            var rows = [ResultRow]()
            try ExperimentRunner(plan: ExperimentPlan(experiment, registry: Self.registry)).run { rows.append($0) }
            #expect(rows.count == attacks.count)
            for row in rows {
                #expect(row.target == target.rawValue && row.standardRisk!.isFinite && row.adversarialRisk!.isFinite && row.trainMSE!.isFinite)
                let worstCase = try Self.declaresWorstCase(row.attack)
                #expect((row.standardRiskExact != nil) == (linear && worstCase),
                        "\(row.estimator) × \(row.attack): \(Self.exactRule(linear: linear, worstCase: worstCase))")
                if !worstCase {
                    #expect(row[.adversarialRiskTheory] == nil && row[.standardRiskTheory] == nil && row.labels["theory"] == nil,
                            "\(row.estimator) × \(row.attack): an attack whose exactRiskThreatModel is nil (not a worst case) gets no theory columns")
                }
                // Models linear in fixed features (`OutputWeightsModel`: random features) report their output weights' norm too.
                #expect((row.weightNorm != nil) == (linear || ["random-features", "adversarial-rf"].contains(type(of: estimator).name)))
            }
        }
        attacks = applicableAttacks(for: .classification)
        attackSpecs = try specs(attacks)
        guard !attacks.isEmpty else { return }
        let data = ComponentSpec(name: "csv", arguments: [("path", .word(Fixtures.breastCancerPath)), ("task", .word("classification"))])
        let experiment = Experiment(data: data, estimators: [estimatorSpec], attacks: attackSpecs, sampleSizes: [20],
                                    seedCount: 1, target: .label, recordTimings: false)
        var rows = [ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: Self.registry)).run { rows.append($0) }
        #expect(rows.count == attacks.count)
        for row in rows {
            #expect(row.target == "label" && row.trainMSE == nil && row.standardRisk == nil)
            for error in [row.cleanError, row.robustError, row.trainError] { #expect(error.map { (0...1).contains($0) } == true) }
            let worstCase = try Self.declaresWorstCase(row.attack)
            #expect((row.robustErrorExact != nil) == (linear && worstCase),
                    "\(row.estimator) × \(row.attack): \(Self.exactRule(linear: linear, worstCase: worstCase))")
        }
    }

    /// Whether an attack declares its search the worst case over its ball (`exactRiskThreatModel` non-nil).
    static func declaresWorstCase(_ spec: String) throws -> Bool {
        try registry.makeAttack(ComponentSpec(parsing: spec)).exactRiskThreatModel != nil
    }

    /// The requirement behind the exact columns, for failure messages.
    static func exactRule(linear: Bool, worstCase: Bool) -> String {
        "the exact columns must be filled exactly when the model is linear (capability linearWeights; here \(linear)) "
            + "and the attack declares a worst case (exactRiskThreatModel non-nil; here \(worstCase ? "declared" : "nil, not a worst case"))"
    }
}
