import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - zoo run SPEC.json

/// An experiment file for `zoo run`: the same choices as `zoo compare`'s flags, as JSON, plus a
/// parameter grid.
///
/// ```json
/// { "data": "spiked(d=2000)", "estimators": ["min-norm", "ridge"],
///   "attacks": ["exact-l2(radius=0.1)"], "n": [100, 200, 400], "test": 1000,
///   "seeds": 5, "seed": 0, "target": "clean", "timings": true,
///   "grid": {"estimators[1].lambda": "logspace(-4,1,20)", "attack.radius": [0.05, 0.1]} }
/// ```
/// Only `data`, `estimators`, `attacks` and `n` (top level or as the grid axis `n`) are required.
/// Unknown keys are refused with a "did you mean" hint, so a typo never silently falls back to a
/// default. Everything is validated before anything runs; each error names its JSON path.
struct ExperimentFile: Decodable {
    /// The data-model spec, e.g. `spiked(d=2000)`.
    var data: String
    /// Estimator specs (each may also be a comma-separated list); `estimators[i]` in grid axes.
    var estimators: [String]
    /// Attack specs; `attacks[i]` (or `attack` when there is one) in grid axes.
    var attacks: [String]
    /// Training sizes (or give them as the grid axis `n`).
    var n: [Int]?
    /// Test points per (n, seed); default 1000.
    var test: Int?
    /// Number of seeds; default 1.
    var seeds: Int?
    /// First seed; default 0.
    var seed: UInt64?
    /// `clean`, `label` or `consistent`; default `clean`.
    var target: String?
    /// Record timings; default true (false writes the timing columns as null: byte-identical files).
    var timings: Bool?
    /// Swept parameters: axis (`data.P`, `estimators[i].P`, `estimator.P`, `attacks[i].P`, `attack.P`,
    /// `n`) → a list of values, `"logspace(a,b,k)"` or `"linspace(a,b,k)"`.
    var grid: [String: GridValues]?
    /// Certified upper bounds (docs/certification.md): `true` (the default budget), `false`, or the
    /// branch-and-bound budget as a whole number; default off.
    var certify: CertifySetting?

    static let keys = [
        "data", "estimators", "attacks", "n", "test", "seeds", "seed", "target", "timings", "grid", "certify",
    ]

    /// `"certify"`: a boolean or a budget.
    enum CertifySetting: Decodable {
        case enabled(Bool)
        case budget(Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .enabled(flag)
            } else {
                self = .budget(try container.decode(Double.self))
            }
        }

        /// The certification this setting asks for, validated.
        func certification(source: String) throws(ZooError) -> Certification? {
            switch self {
            case .enabled(let on): return on ? Certification(budget: Certification.defaultBudget) : nil
            case .budget(let value):
                guard value == value.rounded(), value >= 0, value <= Double(Certification.maximumBudget) else {
                    throw .usage(
                        "\(source): certify: must be true, false or a whole number of branch-and-bound nodes from 0 to \(Certification.maximumBudget), got \(value)"
                    )
                }
                return Certification(budget: Int(value))
            }
        }
    }

    /// An axis's values as written: a JSON list of numbers, booleans or words, or a range expression.
    enum GridValues: Decodable {
        /// A plain list, each entry a number, a boolean or a word.
        case list([ParameterValue])
        /// `logspace(a,b,k)` or `linspace(a,b,k)`.
        case expression(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .expression(text)
                return
            }
            var list = try decoder.unkeyedContainer()
            var values = [ParameterValue]()
            while !list.isAtEnd {
                if let number = try? list.decode(Double.self) {
                    values.append(.number(number))
                } else if let flag = try? list.decode(Bool.self) {
                    values.append(.boolean(flag))
                } else {
                    values.append(.word(try list.decode(String.self)))
                }
            }
            self = .list(values)
        }
    }

    /// Reads and validates the file at `path` against the registry's components.
    static func load(_ path: String, registry: Registry) throws(ZooError) -> ExperimentGrid {
        let data = Data(try InputText.read(path, what: "experiment file").utf8)
        return try parse(data, source: path, registry: registry)
    }

    /// Parses and validates the bytes of an experiment file (`source` names it in messages). A leading
    /// byte-order mark is ignored; a key given twice, a value of the wrong type (`n = 10.5`) or a missing
    /// required key is refused naming its JSON path, with exit status 2.
    static func parse(_ bytes: Data, source path: String, registry: Registry) throws(ZooError) -> ExperimentGrid {
        var data = bytes
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        data = Data(data)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .invalidData("\(path): malformed JSON (\(Self.reason(error)))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .invalidData("\(path): the top level must be a JSON object")
        }
        if let duplicate = JSONDuplicateKeys.first(in: data) {
            throw .usage("\(path), line \(duplicate.line): the key '\(duplicate.path)' is given twice: give it once")
        }
        for key in dictionary.keys.sorted() where !keys.contains(key) {
            throw .usage("\(path): unknown key '\(key)'" + Suggestions.hint(for: key, among: keys))
        }
        for key in ["data", "estimators", "attacks"] where dictionary[key] == nil {
            throw .usage("\(path): missing required key '\(key)'")
        }
        try checkWholeNumbers(dictionary, source: path)
        let file: ExperimentFile
        do { file = try JSONDecoder().decode(ExperimentFile.self, from: data) } catch let error as DecodingError {
            throw .usage("\(path): \(Self.describe(error))")
        } catch {
            throw .usage("\(path): \(error.localizedDescription)")
        }
        return try file.experimentGrid(source: path, registry: registry)
    }

    /// The whole-number keys (`n`, `test`, `seeds`, `seed`), checked before decoding so a message names
    /// the key and the value (`n[1]: must be a whole number ≥ 1, got 10.5`) instead of the decoder's
    /// generic complaint.
    static func checkWholeNumbers(_ dictionary: [String: Any], source: String) throws(ZooError) {
        func check(_ value: Any, label: String, minimum: Double, maximum: Double = Double(Int.max)) throws(ZooError) {
            guard let number = value as? NSNumber else {
                throw .usage(
                    "\(source): '\(label)' must be a whole number ≥ \(Int(minimum)), got \(value is String ? "\"\(value)\"" : "\(value)")"
                )
            }
            let x = number.doubleValue
            guard x == x.rounded(), x >= minimum, x <= maximum else {
                throw .usage(
                    "\(source): '\(label)' must be a whole number from \(Int(minimum)) to \(maximum == Double(UInt64.max) ? String(UInt64.max) : String(Int.max)), got \(number)"
                )
            }
        }
        if let n = dictionary["n"] {
            guard let list = n as? [Any] else {
                throw .usage("\(source): 'n' must be a list of whole numbers, e.g. [100, 200]")
            }
            for (i, value) in list.enumerated() { try check(value, label: "n[\(i)]", minimum: 1) }
        }
        for key in ["test", "seeds"] { if let value = dictionary[key] { try check(value, label: key, minimum: 1) } }
        if let value = dictionary["seed"] { try check(value, label: "seed", minimum: 0, maximum: Double(UInt64.max)) }
    }

    /// The validated grid: every axis path, parameter and value checked with the components' declarations.
    func experimentGrid(source: String, registry: Registry) throws(ZooError) -> ExperimentGrid {
        var target = TargetConvention.clean
        if let text = self.target {
            guard let parsed = TargetConvention(rawValue: text) else {
                throw .usage("\(source): target must be clean, label or consistent, got '\(text)'")
            }
            target = parsed
        }
        var base = Experiment(
            data: try Self.prefixed("data", try ComponentSpec(parsing: data)),
            estimators: try Self.prefixed("estimators", try ComponentSpec.parseLists(estimators)),
            attacks: try Self.prefixed("attacks", try ComponentSpec.parseLists(attacks)),
            sampleSizes: n ?? [], testSize: test ?? 1000, seedCount: seeds ?? 1, firstSeed: seed ?? 0,
            target: target, recordTimings: timings ?? true)
        base.certification = try certify?.certification(source: source)
        var axes = [GridAxis]()
        for (path, values) in (grid ?? [:]).sorted(by: { $0.key < $1.key }) {
            let label = "grid[\"\(path)\"]"
            let expanded = try Self.expand(values, label: label)
            guard !expanded.isEmpty else { throw .usage("\(source): \(label): needs at least one value") }
            var seen = [ParameterValue: Int]()
            for (i, value) in expanded.enumerated() {
                if let first = seen.updateValue(i, forKey: value) {
                    throw .usage(
                        "\(source): \(label)[\(i)]: \(value) appears twice (also at [\(first)]; each value once)")
                }
            }
            if path == "n" {
                guard n == nil else {
                    throw .usage("\(source): \(label): n is given at the top level too; give it once")
                }
                base.sampleSizes = try expanded.enumerated().map { (i, value) throws(ZooError) in
                    guard case .number(let x) = value, x == x.rounded(), x >= 1, x < 1e15 else {
                        throw .usage("\(source): \(label)[\(i)]: must be a whole number ≥ 1, got \(value)")
                    }
                    return Int(x)
                }
                continue
            }
            let (component, parameter) = try Self.parseAxis(path, experiment: base, source: source, label: label)
            let spec: ComponentSpec =
                switch component {
                case .data: base.data
                case .estimator(let i): base.estimators[i]
                case .attack(let i): base.attacks[i]
                }
            let kind: ComponentKind =
                switch component {
                case .data: .data
                case .estimator: .estimator
                case .attack: .attack
                }
            let type = try Self.prefixed(label, try registry.component(named: spec.name, kind: kind)).type
            if spec.arguments.contains(where: { $0.key == parameter }) {
                throw .usage(
                    "\(source): \(label): the spec '\(spec)' already gives \(parameter); a grid axis would silently override it: remove \(parameter) from the spec or drop the axis"
                )
            }
            guard let declaration = type.parameters.first(where: { $0.name == parameter }) else {
                let names = type.parameters.map(\.name)
                throw .usage(
                    "\(source): \(label): \(spec.name) has no parameter '\(parameter)'"
                        + (names.isEmpty ? "; it takes no parameters" : Suggestions.hint(for: parameter, among: names)))
            }
            for (i, value) in expanded.enumerated() {
                _ = try Self.prefixed("\(label)[\(i)]", try declaration.validate(value, component: spec.name))
            }
            axes.append(GridAxis(path: path, component: component, parameter: parameter, values: expanded))
        }
        guard !base.sampleSizes.isEmpty else {
            throw .usage("\(source): missing required key 'n' (or the grid axis \"n\")")
        }
        try Self.prefixed(
            source,
            try ResourceModel.checkGrid(
                axes: axes.map { ($0.path, $0.values.count) }, sizes: base.sampleSizes.count,
                seeds: base.seedCount, estimators: base.estimators.count, attacks: base.attacks.count))
        return ExperimentGrid(base: base, axes: axes)
    }

    /// `data.P`, `estimators[i].P`, `estimator.P` (one estimator), `attacks[i].P`, `attack.P` (one attack).
    static func parseAxis(_ path: String, experiment: Experiment, source: String, label: String) throws(ZooError) -> (
        GridComponent, String
    ) {
        let allowed =
            "axes are n, data.PARAM, estimators[i].PARAM (estimator.PARAM with one estimator), attacks[i].PARAM (attack.PARAM with one attack)"
        guard let dot = path.firstIndex(of: "."), path.index(after: dot) < path.endIndex else {
            throw .usage("\(source): \(label): unknown axis; \(allowed)")
        }
        let head = String(path[..<dot])
        let parameter = String(path[path.index(after: dot)...])
        func indexed(_ word: String, count: Int, make: (Int) -> GridComponent) throws(ZooError) -> GridComponent {
            let inner = head.dropFirst(word.count + 1).dropLast()
            guard head.hasSuffix("]"), let i = Int(inner) else {
                throw .usage("\(source): \(label): malformed index; \(allowed)")
            }
            guard (0..<count).contains(i) else {
                throw .usage(
                    "\(source): \(label): there \(count == 1 ? "is 1 entry" : "are \(count) entries") in \(word) (indices 0 … \(count - 1))"
                )
            }
            return make(i)
        }
        switch head {
        case "data": return (.data, parameter)
        case "estimator", "attack":
            let count = head == "estimator" ? experiment.estimators.count : experiment.attacks.count
            guard count == 1 else {
                throw .usage("\(source): \(label): there are \(count) \(head)s: name one as \(head)s[i].\(parameter)")
            }
            return (head == "estimator" ? .estimator(0) : .attack(0), parameter)
        default:
            if head.hasPrefix("estimators[") {
                return (
                    try indexed("estimators", count: experiment.estimators.count, make: GridComponent.estimator),
                    parameter
                )
            }
            if head.hasPrefix("attacks[") {
                return (try indexed("attacks", count: experiment.attacks.count, make: GridComponent.attack), parameter)
            }
            throw .usage(
                "\(source): \(label): unknown axis '\(head)'"
                    + Suggestions.hint(
                        for: head, among: ["data", "estimator", "attack", "estimators[0]", "attacks[0]"])
                    + "; \(allowed)")
        }
    }

    /// The values of an axis: the list itself, or the points of `logspace(a,b,k)` (10^a … 10^b) or
    /// `linspace(a,b,k)` (a … b), k evenly spaced points with both ends included.
    static func expand(_ values: GridValues, label: String) throws(ZooError) -> [ParameterValue] {
        switch values {
        case .list(let list): return list
        case .expression(let text):
            let allowed = "a list of values, \"logspace(a,b,k)\" or \"linspace(a,b,k)\""
            let compact = text.filter { !$0.isWhitespace }
            let kind = compact.hasPrefix("logspace(") ? "logspace" : compact.hasPrefix("linspace(") ? "linspace" : nil
            guard let kind, compact.hasSuffix(")") else { throw .usage("\(label): '\(text)' is not \(allowed)") }
            let numbers = compact.dropFirst(kind.count + 1).dropLast().split(
                separator: ",", omittingEmptySubsequences: false
            ).map { Double($0) }
            guard numbers.count == 3, let a = numbers[0], let b = numbers[1], let k = numbers[2], a.isFinite, b.isFinite
            else {
                throw .usage("\(label): '\(text)' should be \(kind)(a,b,k) with numbers a, b and a count k")
            }
            guard k == k.rounded(), k >= 1, k <= 100_000 else {
                throw .usage("\(label): '\(text)': k must be a whole number from 1 to 100000")
            }
            let count = Int(k)
            return (0..<count).map { i in
                let t = count == 1 ? a : i == count - 1 ? b : a + (b - a) * Double(i) / Double(count - 1)
                return .number(kind == "logspace" ? Foundation.pow(10, t) : t)
            }
        }
    }

    /// Runs `body`, prefixing a thrown error's message with `path: `.
    static func prefixed<T>(_ path: String, _ body: @autoclosure () throws(ZooError) -> T) throws(ZooError) -> T {
        do { return try body() } catch { throw error.withContext(path) }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing required key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "'\(path(context))' should be \(type == [String].self ? "a list of strings" : "\(type)")"
        case .valueNotFound(_, let context): return "'\(path(context))' is null"
        case .dataCorrupted(let context): return "'\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
