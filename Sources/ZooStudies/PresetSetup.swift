import ZooCore
import ZooHarness
import ZooReport

// MARK: - What a preset runs, from its parameters

extension Presets {
    /// The setup an experiment runs, derived from its parameters (so the text always matches what runs):
    /// `data spiked(d=4000,k=10,tail=2) · min-norm, ridge with lambda = 0.01, 0.1, 1 · attack exact-l2(radius=0.1)
    /// · n = 50, 100, 200, 400 · 3 seeds · 500 test points · target clean`. The test size is left out when
    /// the data model, looked up in `registry`, fixes its own (`DataModel.fixesTestSize`).
    public static func setup(of experiment: Experiment, registry: Registry) -> String {
        var parts = ["data " + SpecText.short(experiment.data.description)]
        parts.append(listing(experiment.estimators.map(\.description)))
        parts.append(
            (experiment.attacks.count == 1 ? "attack " : "attacks ") + listing(experiment.attacks.map(\.description)))
        parts.append("n = " + experiment.sampleSizes.map(String.init).joined(separator: ", "))
        parts.append(experiment.seedCount == 1 ? "1 seed" : "\(experiment.seedCount) seeds")
        if !fixesTestSize(experiment.data, in: registry) { parts.append("\(experiment.testSize) test points") }
        parts.append("target " + experiment.target.rawValue)
        return parts.joined(separator: " · ")
    }

    /// Whether the data model `data` names declares its own test size (false for a name not registered).
    static func fixesTestSize(_ data: ComponentSpec, in registry: Registry) -> Bool {
        ((try? registry.component(named: data.name, kind: .data))?.type as? any DataModel.Type)?.fixesTestSize ?? false
    }

    /// Specs of one component that differ in one parameter read `name(…) with key = a, b, c`.
    static func listing(_ specs: [String]) -> String {
        var names: [String] = []
        var byName: [String: [String]] = [:]
        for spec in specs {
            let name = (try? ComponentSpec(parsing: spec))?.name ?? spec
            if byName[name] == nil { names.append(name) }
            byName[name, default: []].append(spec)
        }
        return names.map { name in
            let group = byName[name]!
            guard group.count > 2,
                let parsed = try? group.map({ spec throws(ZooError) in try ComponentSpec(parsing: spec) })
            else {
                return group.map { SpecText.short($0) }.joined(separator: ", ")
            }
            let keys = parsed[0].arguments.map(\.key).filter { key in
                Set(parsed.map { spec in spec.arguments.first { $0.key == key }?.value.description ?? "" }).count > 1
            }
            guard keys.count == 1, let key = keys.first,
                parsed.allSatisfy({ $0.arguments.map(\.key) == parsed[0].arguments.map(\.key) })
            else {
                return group.map { SpecText.short($0) }.joined(separator: ", ")
            }
            let base = SpecText.short(
                ComponentSpec(name: name, arguments: parsed[0].arguments.filter { $0.key != key }).description)
            let values = parsed.compactMap { spec -> String? in
                guard case .number(let value)? = spec.arguments.first(where: { $0.key == key })?.value else {
                    return nil
                }
                return SpecText.value(value)
            }
            return "\(base) with \(key) = " + values.joined(separator: ", ")
        }.joined(separator: ", ")
    }
}
