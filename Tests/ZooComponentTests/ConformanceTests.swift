import Testing
import ZooCatalog
import ZooCore
import ZooLinalg
import ZooTestSupport

/// The conformance suite every registered component must pass (like scikit-learn's `check_estimator`).
/// It loops over the catalogue, so a new component is tested the day it is registered.
@Suite struct ConformanceTests {
    /// The catalogue; empty when registry.json and the code disagree (`catalogueMatchesTheCode` then
    /// fails with the message naming the entry).
    static let registry: Registry = (try? Catalog.makeRegistry()) ?? Registry()
    static let names: [String] = registry.components.map(\.name)

    @Test func catalogueMatchesTheCode() {
        do {
            let registry = try Catalog.makeRegistry()
            #expect(registry.components.map(\.name) == Catalog.entries.map(\.name))
        } catch {
            Issue.record("registry.json and the code disagree: \(error)")
        }
    }

    /// Arguments for parameters without defaults, and small sizes for fast tests.
    /// A new component with a required parameter must add an entry here.
    static func smallArguments(for name: String) -> [(key: String, value: ParameterValue)] {
        var arguments = [(key: String, value: ParameterValue)]()
        let component = try! registry.component(named: name)
        for parameter in component.type.parameters {
            switch parameter.name {
            case "d": arguments.append(("d", .number(24)))
            case "k" where name == "spiked": arguments.append(("k", .number(3)))
            case "path": arguments.append(("path", .word(Fixtures.diabetesPath)))
            default:
                if parameter.defaultValue == nil { Issue.record("\(name): add a test value for required parameter '\(parameter.name)'") }
            }
        }
        return arguments
    }

    @Test(arguments: names) func constructsWithDefaultsAndRoundTripsItsSpec(name: String) throws {
        let component = try Self.registry.component(named: name)
        let instance = try component.type.make(Self.smallArguments(for: name))
        #expect(instance.parameters.values.map(\.name) == component.type.parameters.map(\.name))
        let reparsed = try component.type.make(ComponentSpec(parsing: instance.spec).arguments)
        #expect(reparsed.spec == instance.spec)
        #expect(!component.summary.isEmpty, "registry.json gives \(name) a summary")
        #expect(!type(of: instance).documentation.definition.isEmpty && !type(of: instance).documentation.reference.isEmpty)
    }

    @Test(arguments: names) func rejectsUnknownAndOutOfRangeParameters(name: String) throws {
        let type = try Self.registry.component(named: name).type
        let base = Self.smallArguments(for: name)
        #expect(throws: ZooError.self) { try type.make(base + [("no-such-parameter", .number(1))]) }
        for parameter in type.parameters {
            let others = base.filter { $0.key != parameter.name }
            switch parameter.kind {
            case .real(let minimum, _, _) where minimum.isFinite:
                #expect(throws: ZooError.self, "\(name).\(parameter.name) below its minimum") {
                    try type.make(others + [(parameter.name, .number(minimum - 1))])
                }
            case .integer(let minimum, _) where minimum != .min:
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(Double(minimum) - 1))]) }
            case .choice:
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .word("no-such-choice"))]) }
            case .boolean:
                #expect(throws: ZooError.self) { try type.make(others + [(parameter.name, .number(3))]) }
            default:
                break
            }
        }
    }

    static let dataNames = registry.components(ofKind: .data).map(\.name)
    static let estimatorNames = registry.components(ofKind: .estimator).map(\.name)
    static let attackNames = registry.components(ofKind: .attack).map(\.name)

    @Test(arguments: dataNames) func dataModelsDrawReproducibleFiniteSamples(name: String) throws {
        let data = try Self.registry.makeDataModel(ComponentSpec(name: name, arguments: Self.smallArguments(for: name)))
        let first = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
        let again = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
        let other = try data.draw(trainingSize: 15, testSize: 9, seed: 4)
        #expect(first.train.count == 15 && first.train.features == again.train.features && first.test.targets == again.test.targets)
        #expect(first.train.features != other.train.features)
        #expect(first.train.features.isFinite && first.test.features.isFinite)
        #expect(first.train.dimension == first.test.dimension)
        if let d = data.dimension { #expect(first.train.dimension == d) }
        if let population = data.population(forSeed: 3) {
            #expect(population.truth.count == first.train.dimension)
            #expect(first.linearTruth == population.truth)
        }
    }

    /// A small regression sample for estimators: n = 18 < d = 24 (interpolation regime).
    static func sample(seed: UInt64 = 1) throws -> DataSplit {
        try registry.makeDataModel(ComponentSpec(parsing: "isotropic(d=24)")).draw(trainingSize: 18, testSize: 11, seed: seed)
    }

    @Test(arguments: estimatorNames) func estimatorsFitDeterministicallyWithDeclaredCapabilities(name: String) throws {
        let estimator = try Self.registry.makeEstimator(ComponentSpec(name: name, arguments: Self.smallArguments(for: name)))
        let split = try Self.sample()
        let model = try estimator.fit(split.train, context: FitContext(seed: 5))
        let again = try estimator.fit(split.train, context: FitContext(seed: 5))
        let predictions = model.predict(split.test.features)
        #expect(predictions.count == split.test.count && predictions.allSatisfy { $0.isFinite })
        #expect(predictions == again.predict(split.test.features), "same seed, same bits")
        let declared = type(of: estimator).capabilities
        #expect(declared.isSubset(of: model.providedCapabilities), "\(name) declares \(declared) but its model provides \(model.providedCapabilities)")
        if type(of: estimator).interpolates == .always {
            let fitted = model.predict(split.train.features)
            #expect(TestSupport.relativeError(fitted, split.train.targets) < 1e-8, "\(name) says it interpolates")
        }
    }

    /// A small classification sample (labels ±1) for classification-only attacks.
    static func classificationSample(seed: UInt64 = 1) throws -> DataSplit {
        try registry.makeDataModel(ComponentSpec(parsing: "balls(d=24,centers=6)")).draw(trainingSize: 18, testSize: 11, seed: seed)
    }

    @Test(arguments: attackNames) func attacksStayInTheirBallAndAreReproducible(name: String) throws {
        let attack = try Self.registry.makeAttack(ComponentSpec(name: name, arguments: [("radius", .number(0.3))]))
        let task: Task = type(of: attack).supportedTasks.contains(.regression) ? .regression : .classification
        let split = task == .regression ? try Self.sample(seed: 2) : try Self.classificationSample(seed: 2)
        for estimatorName in Self.estimatorNames {
            let estimator = try Self.registry.makeEstimator(ComponentSpec(name: estimatorName, arguments: Self.smallArguments(for: estimatorName)))
            let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
            guard type(of: attack).requirements.isSubset(of: provided) else { continue }
            let fitted = try estimator.fit(split.train, context: FitContext(seed: 1, task: task))
            let model = attack.view(of: fitted, trainedOn: split.train)
            let predictions = fitted.predict(split.test.features)
            let targets = task == .classification ? [AttackTarget.fixed(split.test.targets)]
                : [AttackTarget.fixed(split.testSignal!), .fixed(split.test.targets),
                   .linear(weights: split.linearTruth!, clean: split.testSignal!)]
            for target in targets {
                let delta = try attack.perturbations(model: model, inputs: split.test.features, predictions: predictions,
                                                     target: target, task: task, seed: 9)
                let again = try attack.perturbations(model: model, inputs: split.test.features, predictions: predictions,
                                                     target: target, task: task, seed: 9)
                #expect(delta.count == split.test.count && delta.dimension == split.test.dimension)
                #expect(delta == again)
                let dense = delta.materialized()
                for (i, norm) in delta.norms(in: attack.threatModel.norm).enumerated() {
                    #expect(norm <= 0.3 * (1 + 1e-12), "\(name) on \(estimatorName): ‖δ‖ = \(norm)")
                    let denseNorm = dense.row(i).withUnsafeBufferPointer { attack.threatModel.norm.norm($0) }
                    #expect(abs(denseNorm - norm) <= 1e-12 * max(1, norm))
                }
            }
        }
    }
}
