import ZooCore

// MARK: - Construction and parameters

extension ConformanceSuite {
    /// **constructs with defaults and round-trips its spec**.
    public func checkConstruction(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "constructs with defaults and round-trips its spec") {
            (log: inout IssueLog) throws(ZooError) in
            let component = try registry.component(named: name)
            if configuration.textArgument == nil,
                let text = component.type.parameters.first(where: { $0.kind == .text && $0.defaultValue == nil })
            {
                log.record(
                    "has a required text parameter '\(text.name)': set ConformanceSuite.Configuration.textArgument to a value it accepts (a data file)"
                )
                return
            }
            let instance = try component.type.make(smallArguments(for: name))
            log.expect(
                instance.parameters.values.map(\.name) == component.type.parameters.map(\.name),
                "the instance's parameters \(instance.parameters.values.map(\.name)) are not the declared \(component.type.parameters.map(\.name))"
            )
            let reparsed = try component.type.make(ComponentSpec(parsing: instance.spec).arguments)
            log.expect(reparsed.spec == instance.spec, "spec '\(instance.spec)' parses back as '\(reparsed.spec)'")
            log.expect(!component.summary.isEmpty, "no summary: give it one in registry.json")
            let documentation = type(of: instance).documentation
            log.expect(!documentation.definition.isEmpty, "empty documentation.definition")
            log.expect(!documentation.reference.isEmpty, "empty documentation.reference")
        }
    }

    /// **rejects unknown and out-of-range parameters**.
    public func checkParameterValidation(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "rejects unknown and out-of-range parameters") { (log: inout IssueLog) throws(ZooError) in
            let type = try registry.component(named: name).type
            let base = smallArguments(for: name)
            log.expectRefusal("an unknown parameter 'no-such-parameter'") { () throws(ZooError) in
                _ = try type.make(base + [("no-such-parameter", .number(1))])
            }
            for parameter in type.parameters {
                let others = base.filter { $0.key != parameter.name }
                func refuses(_ value: ParameterValue, _ what: String, log: inout IssueLog) {
                    log.expectRefusal("\(parameter.name)=\(value) (\(what))") { () throws(ZooError) in
                        _ = try type.make(others + [(parameter.name, value)])
                    }
                }
                switch parameter.kind {
                case .real(let minimum, let maximum, _):
                    if minimum.isFinite { refuses(.number(minimum - 1), "below its minimum", log: &log) }
                    if maximum.isFinite { refuses(.number(maximum + 1), "above its maximum", log: &log) }
                    refuses(.word("not-a-number"), "not a number", log: &log)
                case .integer(let minimum, let maximum):
                    if minimum != .min { refuses(.number(Double(minimum) - 1), "below its minimum", log: &log) }
                    if maximum != .max { refuses(.number(Double(maximum) + 1), "above its maximum", log: &log) }
                    refuses(.number(1.5), "not a whole number", log: &log)
                case .choice(let options):
                    refuses(.word("no-such-choice"), "not one of its choices", log: &log)
                    // Every declared choice constructs or refuses cleanly (no trap).
                    for option in options { _ = try? type.make(others + [(parameter.name, .word(option))]) }
                case .boolean:
                    refuses(.number(3), "not a boolean", log: &log)
                case .text:
                    break
                }
            }
        }
    }
}

// MARK: - Decoded parameters

extension ConformanceSuite {
    /// **decodes every declared parameter**: for each parameter (free text aside), the component built
    /// with another valid value shows that value in its canonical spec and differs from the one built
    /// with the small arguments in some stored property besides `parameters`, so every value was decoded
    /// once, in `init(parameters:)`, into a typed field. A value the component refuses in combination
    /// with the others (for example `k ≥ d`) skips that parameter. Construction only: no draws or fits.
    public func checkParameterDecoding(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "decodes every declared parameter") { (log: inout IssueLog) throws(ZooError) in
            let type = try registry.component(named: name).type
            let base = smallArguments(for: name)
            guard let reference = try? type.make(base) else { return }  // checkConstruction reports it
            let referenceFields = Self.storedFields(of: reference)
            for parameter in type.parameters {
                guard let current = base.first(where: { $0.key == parameter.name })?.value ?? parameter.defaultValue
                else { continue }
                let others = base.filter { $0.key != parameter.name }
                // The first other value the component accepts beside the rest of its arguments.
                let candidates = Self.otherValues(for: parameter.kind, than: current).lazy
                guard
                    let found = candidates.compactMap({ value in
                        (try? type.make(others + [(parameter.name, value)])).map { (value: value, instance: $0) }
                    }).first
                else { continue }
                let (other, instance) = found
                let shown = try ComponentSpec(parsing: instance.spec).arguments
                log.expect(
                    shown.contains { $0.key == parameter.name && $0.value == other },
                    "built with \(parameter.name)=\(other), its spec is '\(instance.spec)'")
                log.expect(
                    Self.storedFields(of: instance) != referenceFields,
                    "\(parameter.name)=\(other) and \(parameter.name)=\(current) give instances with the same stored properties: decode '\(parameter.name)' in init(parameters:) into a stored property (parameters[Self.key]) instead of reading it later"
                )
            }
        }
    }

    /// Other valid values of `kind` than `value`, to try in order: a number moved up then down inside
    /// its range, the other boolean, the other choices; none for free text.
    static func otherValues(for kind: ParameterKind, than value: ParameterValue) -> [ParameterValue] {
        switch (kind, value) {
        case (.real(let minimum, let maximum, _), .number(let number)):
            let up = maximum.isFinite ? number + (maximum - number) / 2 : number + 1
            let down = minimum.isFinite ? (minimum + number) / 2 : number - 1
            return [up, down].filter { $0 != number && $0 <= maximum && $0 >= minimum }.map { .number($0) }
        case (.integer(let minimum, let maximum), .number(let number)):
            return [number + 1, number - 1].filter { $0 <= Double(maximum) && $0 >= Double(minimum) }.map {
                .number($0)
            }
        case (.boolean, .boolean(let flag)):
            return [.boolean(!flag)]
        case (.choice(let options), .word(let word)):
            return options.filter { $0 != word }.map { .word($0) }
        default:
            return []
        }
    }

    /// The instance's stored properties other than `parameters`, printed: what it decoded.
    static func storedFields(of instance: any Component) -> [String] {
        Mirror(reflecting: instance).children.filter { $0.label != "parameters" }.map {
            "\($0.label ?? "")=\(String(reflecting: $0.value))"
        }
    }
}

// MARK: - Data models

extension ConformanceSuite {
    /// **data models draw reproducible finite samples**.
    public func checkDraws(_ name: String) -> [ConformanceIssue] {
        IssueLog.check(name, "data models draw reproducible finite samples") { (log: inout IssueLog) throws(ZooError) in
            let data = try make(name, as: (any DataModel).self)
            let first = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
            let again = try data.draw(trainingSize: 15, testSize: 9, seed: 3)
            let other = try data.draw(trainingSize: 15, testSize: 9, seed: 4)
            log.expect(first.train.count == 15, "asked for 15 training points, drew \(first.train.count)")
            log.expect(
                first.train.features == again.train.features && first.test.targets == again.test.targets,
                "seed 3 twice gives different samples")
            log.expect(first.train.features != other.train.features, "seeds 3 and 4 give the same training features")
            log.expect(first.train.features.isFinite && first.test.features.isFinite, "non-finite features")
            log.expect(
                first.train.dimension == first.test.dimension,
                "training dimension \(first.train.dimension) ≠ test dimension \(first.test.dimension)")
            if let d = data.dimension {
                log.expect(first.train.dimension == d, "declares dimension \(d), draws \(first.train.dimension)")
            }
            if data.task == .classification {
                log.expect(
                    (first.train.targets + first.test.targets).allSatisfy { $0 == 1 || $0 == -1 },
                    "classification labels must be ±1")
            }
            if data.hasGroundTruth {
                log.expect(
                    first.testSignal?.count == first.test.count,
                    "says it knows f* (hasGroundTruth) but gives no test signal")
            }
            if data.linearTruthAvailable {
                log.expect(
                    first.linearTruth?.count == first.train.dimension,
                    "says f* is linear but gives no θ* of dimension d")
            }
            if let population = (data as? any GaussianPopulationModel)?.population(forSeed: 3) {
                log.expect(population.truth.count == first.train.dimension, "population θ* has the wrong dimension")
                log.expect(first.linearTruth == population.truth, "population θ* differs from the sample's θ*")
            }
        }
    }
}
