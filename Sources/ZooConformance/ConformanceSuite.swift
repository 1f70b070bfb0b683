import ZooCatalog
import ZooCore
import ZooLinalg

// MARK: - The suite

/// The conformance suite every registered component must pass, like scikit-learn's `check_estimator`:
/// the checks EstimatorZoo's built-in components pass, for a plugin package's components too.
///
/// The suite works on a `Registry` holding the components to check and their company: an attack is
/// checked on every registered estimator that can feed it, an estimator under every registered attack
/// that applies. `ConformanceSuite(adding:)` builds that registry from the built-in catalogue and a
/// plugin package's generated catalogue. Every check returns the `ConformanceIssue`s it found, empty
/// when the component conforms; a test asserts the list empty:
///
/// ```swift
/// import MyZooCatalog
/// import Testing
/// import ZooConformance
///
/// @Test func myComponentsConform() throws {
///     let suite = try ConformanceSuite(adding: [Catalog.self])
///     for issue in suite.check(catalog: Catalog.self) { Issue.record("\(issue)") }
/// }
/// ```
///
/// The requirements, each named in the issues it reports:
/// - **constructs with defaults and round-trips its spec**: `make` with small arguments succeeds, the
///   instance lists every declared parameter, its `spec` parses back to the same spec; a summary (from
///   registry.json), a definition and a reference are given;
/// - **rejects unknown and out-of-range parameters**: an unknown name, a value outside a declared
///   range, a non-number for a number, a non-integer for an integer, an unknown choice throw `ZooError`;
/// - **decodes every declared parameter**: built with another valid value of a parameter (free text
///   aside), the component shows it in its spec and differs in a stored property besides `parameters`
///   (every value decoded once, in `init(parameters:)`, into a typed field);
/// - **data models draw reproducible finite samples**: same seed same bits, another seed other bits,
///   finite features, the declared dimension, labels ±1 for classification, f* and θ* when declared;
/// - **estimators fit deterministically with their declared capabilities** (regression and
///   classification): finite predictions, same seed same bits, the declared capabilities provided,
///   linear weights that reproduce the predictions, finite input gradients of the right shape, and
///   the declared interpolation (with `interpolatingArguments` when it depends on parameters);
/// - **attacks stay in their ball and are reproducible**: on every estimator that can feed them, every
///   task and target, perturbations of the right shape within the radius, same seed same bits; an
///   attack no registered estimator can feed fails;
/// - **experiments run end to end**: each estimator with every applicable attack through the harness,
///   every target convention and classification: finite risks, errors in [0, 1], exact columns exactly
///   for a linear model under an attack declaring a worst case (`exactRiskThreatModel` non-nil), no
///   theory columns beside an attack that declares none;
/// - the streaming requirements, for components adopting the streaming protocols: **streamed draws
///   equal stored draws**, **streamed fits equal stored fits**, **prediction-only attacks ignore the
///   inputs**.
public struct ConformanceSuite: Sendable {
    /// The components checked and their company.
    public let registry: Registry
    /// The samples and sizes the checks use.
    public let configuration: Configuration

    /// A suite over `registry` (which must hold `ridge`, `isotropic` and `spiked` from the built-in
    /// catalogue, and the data models of `configuration`).
    public init(registry: Registry, configuration: Configuration = Configuration()) {
        self.registry = registry
        self.configuration = configuration
    }

    /// A suite over the built-in catalogue plus `catalogs`, registered as `zoo` registers them
    /// (`Registry(catalogs:)`): throws the registry's error when a catalogue and its code disagree.
    public init(adding catalogs: [any ComponentCatalog.Type], configuration: Configuration = Configuration())
        throws(ZooError)
    {
        self.init(registry: try Registry(catalogs: [Catalog.self] + catalogs), configuration: configuration)
    }

    // MARK: Running every check

    /// Every check that applies to the component called `name`.
    public func check(_ name: String) -> [ConformanceIssue] {
        guard let component = try? registry.component(named: name) else {
            return [
                ConformanceIssue(
                    component: name, requirement: "is registered", message: "no component of that name is registered")
            ]
        }
        var issues = checkConstruction(name) + checkParameterValidation(name) + checkParameterDecoding(name)
        switch component.kind {
        case .data:
            issues += checkDraws(name)
            if component.type is any StreamingDataModel.Type { issues += checkStreamedDraws(name) }
        case .estimator:
            for task in Task.conformanceTasks { issues += checkFit(name, task: task) }
            issues += checkEndToEnd(name)
            if component.type is any StreamingEstimator.Type { issues += checkStreamedFit(name) }
        case .attack:
            issues += checkAttack(name)
            if component.type is any PredictionOnlyAttack.Type { issues += checkPredictionOnlyAttack(name) }
        }
        return issues
    }

    /// Every check on every component of `catalog` (a package's generated `Catalog`).
    public func check(catalog: any ComponentCatalog.Type) -> [ConformanceIssue] {
        catalog.entries.flatMap { check($0.name) }
    }

    /// Every check on every registered component.
    public func checkAll() -> [ConformanceIssue] {
        registry.components.flatMap { check($0.name) }
    }
}

extension Task {
    /// Both tasks, in the order the suite checks them.
    public static let conformanceTasks: [Task] = [.regression, .classification]
}

// MARK: - Configuration

extension ConformanceSuite {
    /// A data model and the sizes a check draws from it.
    public struct Sample: Sendable {
        public var data: ComponentSpec
        public var trainingSize: Int
        /// Test points for the direct checks (a real data set fixes its own).
        public var testSize: Int
        /// Test points for the end-to-end experiments.
        public var experimentTestSize: Int

        public init(data: ComponentSpec, trainingSize: Int, testSize: Int, experimentTestSize: Int? = nil) {
            self.data = data
            self.trainingSize = trainingSize
            self.testSize = testSize
            self.experimentTestSize = experimentTestSize ?? testSize
        }
    }

    /// The samples and sizes the checks use. The defaults need no file.
    public struct Configuration: Sendable {
        /// Regression: n = 18 < d = 24 points of `isotropic(d=24)` (the interpolation regime), 11 test
        /// points (40 in the experiments).
        public var regression = Sample(
            data: ComponentSpec(name: "isotropic", arguments: [("d", .number(24))]),
            trainingSize: 18, testSize: 11, experimentTestSize: 40)
        /// Classification (labels ±1): 20 points of `balls(d=10,centers=8)`, 11 test points (40 in the
        /// experiments).
        public var classification = Sample(
            data: ComponentSpec(name: "balls", arguments: [("d", .number(10)), ("centers", .number(8))]),
            trainingSize: 20, testSize: 11, experimentTestSize: 40)
        /// Whole-number parameters whose default exceeds this (dimensions, widths, steps) are lowered
        /// to it, so every component runs at a small size.
        public var smallSize = 24
        /// The value given to a required free-text parameter (a data file path); nil records an issue
        /// for a component that has one.
        public var textArgument: String?
        /// Arguments given to particular components, by name, in place of the derived small ones (for
        /// example small files for a data model whose defaults read installed data).
        public var arguments: [String: [(key: String, value: ParameterValue)]] = [:]

        public init() {}
    }
}

// MARK: - Arguments derived from the parameter declarations

extension ConformanceSuite {
    /// A value inside a parameter's declared range, from its kind alone (no parameter names):
    /// - a parameter without default gets a value of its kind: a real inside its range, a whole number
    ///   at least its minimum, `true`, the first choice, and for free text `configuration.textArgument`;
    /// - a whole-number parameter whose default exceeds `smallSize` is lowered to `smallSize` (or its
    ///   minimum if larger).
    public func testValue(for parameter: ParameterSpec) -> ParameterValue? {
        let smallSize = configuration.smallSize
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
        case (.text, nil): return configuration.textArgument.map { .word($0) }
        }
    }

    /// The small arguments the suite builds the component called `name` with (`configuration.arguments`
    /// first, then values derived from the declarations).
    public func smallArguments(for name: String) -> [(key: String, value: ParameterValue)] {
        guard let component = try? registry.component(named: name) else { return [] }
        let given = configuration.arguments[name] ?? []
        return component.type.parameters.filter { parameter in !given.contains { $0.key == parameter.name } }
            .compactMap { parameter in testValue(for: parameter).map { (parameter.name, $0) } } + given
    }

    /// The component called `name`, built from its small arguments overridden by `extra`.
    public func make<T>(_ name: String, extra: [(key: String, value: ParameterValue)] = [], as _: T.Type)
        throws(ZooError) -> T
    {
        let base = smallArguments(for: name).filter { argument in !extra.contains { $0.key == argument.key } }
        let instance = try registry.component(named: name).type.make(base + extra)
        guard let typed = instance as? T else { throw .usage("\(name) is not a \(T.self)") }
        return typed
    }

    /// A training and a test sample of `task`'s configured data.
    public func sample(_ task: Task, seed: UInt64 = 1) throws(ZooError) -> DataSplit {
        let sample = task == .regression ? configuration.regression : configuration.classification
        return try registry.makeDataModel(sample.data).draw(
            trainingSize: sample.trainingSize, testSize: sample.testSize, seed: seed)
    }

    /// ‖a − b‖ / max(‖b‖, tiny).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return Vectors.norm2(Vectors.difference(a, b)) / max(Vectors.norm2(b), Double.leastNormalMagnitude)
    }
}
