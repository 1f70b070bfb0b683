import ZooCore

// MARK: - Result rows

/// One value in a result row as the output formats see it.
public enum FieldValue: Sendable, Equatable {
    /// A measured number; nil (null, an empty CSV field) where the column does not apply.
    case number(Double?)
    /// A whole number (`n`, `d`).
    case integer(Int)
    /// A seed: every UInt64, including those ≥ 2⁶³.
    case unsigned(UInt64)
    /// Text; nil where the column does not apply.
    case text(String?)
    /// Key–value text (the estimator's diagnostics).
    case object([String: String])
}

/// One evaluated cell: an estimator × attack pair on one (n, seed) sample (docs/conventions.md §7).
///
/// A row is data: a fixed set of identifying fields (data, estimator, attack, target, n, d, seed — the
/// cell key) plus named metrics (`metrics`, keyed by `ResultMetric.name`), text columns (`labels`,
/// e.g. `theory`) and the fitted model's `diagnostics`. Which columns a task has, in which order, is
/// `ResultMetric.columns(for:)`, from the metrics' declarations (`ResultMetric.declared`). The output formats (ZooReport)
/// and the JSON round trip (`Codable`, Foundation's JSONEncoder/JSONDecoder) follow that schema.
public struct ResultRow: Sendable, Equatable {
    /// Full canonical specs (every parameter) of the data model, estimator and attack: the file
    /// contract. Setting one re-parses its `…Spec`.
    public var data: String { didSet { dataSpec = Self.parsed(data) } }
    public var estimator: String { didSet { estimatorSpec = Self.parsed(estimator) } }
    public var attack: String { didSet { attackSpec = Self.parsed(attack) } }
    /// `data`, `estimator` and `attack` parsed once (`ComponentSpec(parsing:)`) when the row is made or
    /// read back; nil for text that is not a spec (a hand-edited file). Ask these, never the text.
    public private(set) var dataSpec: ComponentSpec?
    public private(set) var estimatorSpec: ComponentSpec?
    public private(set) var attackSpec: ComponentSpec?
    /// `clean`, `label` or `consistent`.
    public var target: String
    public var n: Int
    public var d: Int
    public var seed: UInt64
    public var task: Task
    /// Measured values by column name; a column without an entry is null. The runner refuses NaN and
    /// ±∞ (`checkFinite()`) except ±∞ in a metric that allows it (JSON writes it as "inf" / "-inf").
    public var metrics: [String: Double]
    /// Text columns by name (`theory`); absent is null.
    public var labels: [String: String]
    /// The fitted model's diagnostics (solver, rank, iterations, gap …), as `FittedModel.diagnostics`.
    public var diagnostics: [String: String]

    public init(
        data: String, estimator: String, attack: String, target: String, n: Int, d: Int, seed: UInt64,
        task: Task, metrics: [String: Double] = [:], labels: [String: String] = [:],
        diagnostics: [String: String] = [:]
    ) {
        self.data = data
        self.estimator = estimator
        self.attack = attack
        dataSpec = Self.parsed(data)
        estimatorSpec = Self.parsed(estimator)
        attackSpec = Self.parsed(attack)
        self.target = target
        self.n = n
        self.d = d
        self.seed = seed
        self.task = task
        self.metrics = metrics
        self.labels = labels
        self.diagnostics = diagnostics
    }

    /// A spec string parsed, nil if it is not one.
    private static func parsed(_ text: String) -> ComponentSpec? { ParsedSpecs.shared.spec(text) }

    /// The value of a metric, nil if the row does not have it.
    public subscript(metric: ResultMetric) -> Double? {
        get { metrics[metric.name] }
        set { metrics[metric.name] = newValue }
    }

    /// The identifying columns, in contract order.
    public static let identifyingColumns = ["data", "estimator", "attack", "target", "n", "d", "seed"]

    /// Every column name for a task, in contract order: the identifying columns, the task's metrics,
    /// the text columns, then `diagnostics`.
    public static func columns(for task: Task) -> [String] {
        identifyingColumns + ResultMetric.columns(for: task).map(\.name)
            + ResultMetric.textColumns(for: task).map(\.name)
            + [ResultMetric.diagnosticsColumn]
    }

    /// The row's values, in the order of `columns(for: task)`.
    public var fields: [(name: String, value: FieldValue)] {
        var result: [(String, FieldValue)] = [
            ("data", .text(data)), ("estimator", .text(estimator)), ("attack", .text(attack)),
            ("target", .text(target)),
            ("n", .integer(n)), ("d", .integer(d)), ("seed", .unsigned(seed)),
        ]
        result += ResultMetric.columns(for: task).map { ($0.name, .number(metrics[$0.name])) }
        result += ResultMetric.textColumns(for: task).map { ($0.name, .text(labels[$0.name])) }
        result.append((ResultMetric.diagnosticsColumn, .object(diagnostics)))
        return result
    }

    /// The identity of the cell, for `--resume`: everything but the measured values.
    public var cellKey: String {
        Self.cellKey(data: data, estimator: estimator, attack: attack, target: target, n: n, seed: seed)
    }

    /// The key of a cell before its row exists.
    public static func cellKey(data: String, estimator: String, attack: String, target: String, n: Int, seed: UInt64)
        -> String
    {
        [data, estimator, attack, target, String(n), String(seed)].joined(separator: "|")
    }
}

// MARK: - Convenience accessors for the core columns

extension ResultRow {
    public var standardRisk: Double? {
        get { self[.standardRisk] }
        set { self[.standardRisk] = newValue }
    }
    public var adversarialRisk: Double? {
        get { self[.adversarialRisk] }
        set { self[.adversarialRisk] = newValue }
    }
    public var standardRiskExact: Double? {
        get { self[.standardRiskExact] }
        set { self[.standardRiskExact] = newValue }
    }
    public var adversarialRiskExact: Double? {
        get { self[.adversarialRiskExact] }
        set { self[.adversarialRiskExact] = newValue }
    }
    public var cleanError: Double? {
        get { self[.cleanError] }
        set { self[.cleanError] = newValue }
    }
    public var robustError: Double? {
        get { self[.robustError] }
        set { self[.robustError] = newValue }
    }
    public var robustErrorExact: Double? {
        get { self[.robustErrorExact] }
        set { self[.robustErrorExact] = newValue }
    }
    public var weightNorm: Double? {
        get { self[.weightNorm] }
        set { self[.weightNorm] = newValue }
    }
    public var maxPerturbation: Double? {
        get { self[.maxPerturbation] }
        set { self[.maxPerturbation] = newValue }
    }
    public var trainMSE: Double? {
        get { self[.trainMSE] }
        set { self[.trainMSE] = newValue }
    }
    public var trainError: Double? {
        get { self[.trainError] }
        set { self[.trainError] = newValue }
    }
    public var fitSeconds: Double? {
        get { self[.fitSeconds] }
        set { self[.fitSeconds] = newValue }
    }
    public var attackSeconds: Double? {
        get { self[.attackSeconds] }
        set { self[.attackSeconds] = newValue }
    }
}

// MARK: - Non-finite values

extension ResultRow {
    /// `"inf"` or `"-inf"`: how JSON Lines writes a legitimate infinity (`ResultMetric.allowsInfinity`).
    public static func infinityText(_ value: Double) -> String { value < 0 ? "-inf" : "inf" }

    /// ±∞ for `"inf"`, `"+inf"`, `"-inf"`, nil for anything else.
    public static func infinity(_ text: String) -> Double? {
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    /// Refuses a row with a non-finite metric, except ±∞ where the metric allows it: NaN or an overflow
    /// (targets near 1e300 overflow the squared losses) is an error naming the cell, never a silent null.
    public func checkFinite() throws(ZooError) {
        for metric in ResultMetric.columns(for: task) {
            guard let value = metrics[metric.name], !value.isFinite else { continue }
            if metric.allowsInfinity && value.isInfinite { continue }
            throw .numerical(
                "\(metric.name) is \(value) (not a finite number) for \(estimator) × \(attack) at n=\(n), seed=\(seed) on \(data): the values overflow double precision or are undefined; rescale the data or targets"
            )
        }
    }
}

// MARK: - JSON (Foundation's JSONEncoder / JSONDecoder)

extension ResultRow: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Every column of the row's task; absent values (and non-finite numbers, which JSON lacks) as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields {
            let key = Key(name)
            switch value {
            case .number(let number):
                if let number, number.isFinite {
                    try container.encode(number, forKey: key)
                } else if let number, number.isInfinite {
                    try container.encode(Self.infinityText(number), forKey: key)
                } else {
                    try container.encodeNil(forKey: key)
                }
            case .integer(let integer): try container.encode(integer, forKey: key)
            case .unsigned(let unsigned): try container.encode(unsigned, forKey: key)
            case .text(let text):
                if let text { try container.encode(text, forKey: key) } else { try container.encodeNil(forKey: key) }
            case .object(let object): try container.encode(object, forKey: key)
            }
        }
    }

    /// Reads a row written by `encode(to:)`. The task follows from the keys (`ResultMetric.taskDefining`:
    /// `standard_risk` or `adversarial_risk`: regression; `clean_error` or `robust_error`: classification); keys not in
    /// the schema are ignored; a null in a column that is always measured (`train_mse`, `train_error`,
    /// `max_perturbation`) reads as NaN, since only a non-finite value is written as null there.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let task: Task
        if ResultMetric.taskDefining(.regression).contains(where: { container.contains(Key($0.name)) }) {
            task = .regression
        } else if ResultMetric.taskDefining(.classification).contains(where: { container.contains(Key($0.name)) }) {
            task = .classification
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "neither \"standard_risk\" nor \"clean_error\" is present"))
        }
        self.init(
            data: try container.decode(String.self, forKey: Key("data")),
            estimator: try container.decode(String.self, forKey: Key("estimator")),
            attack: try container.decode(String.self, forKey: Key("attack")),
            target: try container.decode(String.self, forKey: Key("target")),
            n: try container.decode(Int.self, forKey: Key("n")),
            d: try container.decode(Int.self, forKey: Key("d")),
            seed: try container.decode(UInt64.self, forKey: Key("seed")),
            task: task)
        for metric in ResultMetric.columns(for: task) {
            let key = Key(metric.name)
            if let text = try? container.decodeIfPresent(String.self, forKey: key) {
                guard let value = Self.infinity(text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "expected a number, null, \"inf\" or \"-inf\", got \"\(text)\"")
                }
                metrics[metric.name] = value
            } else if let value = try container.decodeIfPresent(Double.self, forKey: key) {
                metrics[metric.name] = value
            } else if metric.alwaysMeasured && container.contains(key) {
                metrics[metric.name] = .nan
            }
        }
        for column in ResultMetric.textColumns(for: task) {
            if let text = try container.decodeIfPresent(String.self, forKey: Key(column.name)) {
                labels[column.name] = text
            }
        }
        diagnostics =
            try container.decodeIfPresent([String: String].self, forKey: Key(ResultMetric.diagnosticsColumn)) ?? [:]
    }
}

// MARK: - Bounds

extension ResultRow {
    /// Whether the row's robust error is a certified lower bound on the true one (`robust_error_bound`
    /// is `lower`: the attack declares `robustErrorIsLowerBound`, e.g. nearest-flip).
    public var robustErrorIsLowerBound: Bool { labels[ResultMetric.robustErrorBoundColumn] == "lower" }
}
