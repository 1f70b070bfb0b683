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
