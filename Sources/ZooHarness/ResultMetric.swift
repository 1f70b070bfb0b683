import ZooCore

// MARK: - The columns of a result row

/// A numeric column of a result row, declared once with everything that presents it: its name in CSV
/// and JSON Lines, its table title, what it means, the tasks whose rows carry it, what kind of value it
/// is (`estimate`), the risk it belongs to (`family`) and where tables show it (`summaryPosition`).
///
/// Writers, the reader, tables, the HTML summary, plots, head-to-head and the column list of
/// docs/conventions.md §7.1 (a drift test) all follow these declarations. Adding a metric is one new
/// file — `extension ResultMetric { public static let … = ResultMetric(…) }` — plus its entry at the
/// end of `declared` (the contract order: later columns are appended, so readers relying on positions
/// keep them); nothing else names it.
public struct ResultMetric: Sendable, Hashable {
    /// The column name (`standard_risk`).
    public let name: String
    /// A short human-readable title for tables (`standard risk`).
    public let title: String
    /// The risk column's name in head-to-head tables (`std (exact)`); the title by default.
    public let shortTitle: String
    /// What the value is, for documentation.
    public let meaning: String
    /// The tasks whose rows carry the column.
    public let tasks: [Task]
    /// What kind of value it is: a test-sample estimate, an exact value, a theoretical prediction, a
    /// certified bound or a measurement of the fit or the run.
    public let estimate: Estimate
    /// The risk (or error) the value is of, nil for metrics of their own (norms, training errors,
    /// timings). Metrics of one family share a header in the HTML summary, a figure and a colour.
    public let family: Family?
    /// Where the summary tables and reports show the metric (ascending; ties in declaration order),
    /// nil: not shown unless chosen (`--columns`).
    public let summaryPosition: Int?
    /// Whether tables show a 95% interval over seeds (false for weight norms and training errors).
    public let showsInterval: Bool
    /// Whether every row of its task has a value (only a non-finite value is null), so a null read
    /// back is NaN.
    public let alwaysMeasured: Bool
    /// Whether ±∞ is a legitimate value (a theoretical risk that diverges, e.g. min-norm at n = d). It is
    /// then written as the string `"inf"` / `"-inf"` in JSON Lines (`inf` / `-inf` in CSV), never `null`
    /// (null means "does not apply"). Any other non-finite value stops the run with an error naming the
    /// cell (docs/conventions.md §7).
    public let allowsInfinity: Bool

    public init(
        _ name: String, title: String, shortTitle: String? = nil, meaning: String, tasks: [Task],
        estimate: Estimate, family: Family? = nil, summaryPosition: Int? = nil, showsInterval: Bool = true,
        alwaysMeasured: Bool = false, allowsInfinity: Bool = false
    ) {
        self.name = name
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.meaning = meaning
        self.tasks = tasks
        self.estimate = estimate
        self.family = family
        self.summaryPosition = summaryPosition
        self.showsInterval = showsInterval
        self.alwaysMeasured = alwaysMeasured
        self.allowsInfinity = allowsInfinity
    }

    /// The row's value of this metric, nil if absent.
    public func value(in row: ResultRow) -> Double? { row[self] }

    /// A closed-form or theoretical value rather than a test-sample estimate: plotted as a line without
    /// markers or error bars (`RiskPlots`).
    public var isExact: Bool { estimate == .exact || estimate == .theory }

    // MARK: Presentation

    /// What kind of value a metric is; it decides the subtitle under its family's header, its line
    /// style and marker in plots, and the notes under tables.
    public enum Estimate: Sendable, Hashable {
        /// A test-sample (Monte-Carlo) estimate: markers with intervals over seeds.
        case sample
        /// An exact value (closed form): a line without markers.
        case exact
        /// A theoretical prediction or bound, named by the row's `theory`: a dash-dotted line.
        case theory
        /// A certified upper bound (`--certify`): a dotted line with a band down to the estimate.
        case upperBound
        /// A measurement of the fit or the run (norms, training errors, timings).
        case measurement

        /// The title under a family's header in the HTML summary (`test sample`, `exact`, …).
        public var subtitle: String? {
            switch self {
            case .sample: "test sample"
            case .exact: "exact"
            case .theory: "theory"
            case .upperBound: "certified upper"
            case .measurement: nil
            }
        }
    }

    /// A risk or error whose estimates, exact values, theory and bounds are shown together.
    public struct Family: Sendable, Hashable {
        /// The risk's name (`adversarial risk`): the header over its columns and its legend text.
        public let name: String
        /// Measured under attack (adversarial risk, robust error): circles and solid lines in plots;
        /// the clean counterparts get squares and dashed lines.
        public let underAttack: Bool
        /// The figure against n that shows it (`clean and robust error` holds both errors).
        public let figure: String

        public init(_ name: String, underAttack: Bool, figure: String? = nil) {
            self.name = name
            self.underAttack = underAttack
            self.figure = figure ?? name
        }

        public static let standardRisk = Family("standard risk", underAttack: false)
        public static let adversarialRisk = Family("adversarial risk", underAttack: true)
        public static let cleanError = Family("clean error", underAttack: false, figure: "clean and robust error")
        public static let robustError = Family("robust error", underAttack: true, figure: "clean and robust error")
    }

    // MARK: Regression risks

    public static let standardRisk = ResultMetric(
        "standard_risk", title: "standard risk", shortTitle: "standard",
        meaning: "test-sample estimate of E(f̂(x) − t(x))² (docs/conventions.md §5)", tasks: [.regression],
        estimate: .sample, family: .standardRisk, summaryPosition: 10)
    public static let adversarialRisk = ResultMetric(
        "adversarial_risk", title: "adversarial risk", shortTitle: "adversarial",
        meaning:
            "test-sample mean of (f̂(x + δ) − t)² with the attack's δ: the adversarial risk the attack achieved; t = t(x) at the clean point for targets clean and label, t = f*(x + δ) for consistent (docs/conventions.md §5)",
        tasks: [.regression], estimate: .sample, family: .adversarialRisk, summaryPosition: 20)
    public static let standardRiskExact = ResultMetric(
        "standard_risk_exact", title: "standard (exact)", shortTitle: "std (exact)",
        meaning:
            "exact population standard risk (closed form; linear estimator on a Gaussian data model), null elsewhere",
        tasks: [.regression], estimate: .exact, family: .standardRisk, summaryPosition: 40)
    public static let adversarialRiskExact = ResultMetric(
        "adversarial_risk_exact", title: "adversarial (exact)", shortTitle: "adv (exact)",
        meaning:
            "exact population adversarial risk under the attack's own threat model (norm and radius): the true worst case, so beside a non-exact attack it shows how far the attack is from optimal; null where no closed form applies",
        tasks: [.regression], estimate: .exact, family: .adversarialRisk, summaryPosition: 50)
    public static let standardRiskTheory = ResultMetric(
        "standard_risk_theory", title: "standard (theory)",
        meaning:
            "a theoretical prediction of the standard risk (e.g. a deterministic equivalent), named by `theory`; null where none applies; `inf` where it diverges",
        tasks: [.regression], estimate: .theory, family: .standardRisk, summaryPosition: 60, showsInterval: false,
        allowsInfinity: true)
    public static let weightNormSquaredTheory = ResultMetric(
        "weight_norm_squared_theory", title: "‖θ̂‖² (theory)",
        meaning:
            "a theoretical prediction of ‖θ̂‖² (the linear estimators' deterministic equivalent), named by `theory`; null where none applies; `inf` where it diverges",
        tasks: [.regression], estimate: .theory, showsInterval: false, allowsInfinity: true)
    public static let adversarialRiskTheory = ResultMetric(
        "adversarial_risk_theory", title: "adversarial (theory)",
        meaning:
            "a theoretical prediction of the adversarial risk, named by `theory`; null where none applies; `inf` where it diverges",
        tasks: [.regression], estimate: .theory, family: .adversarialRisk, summaryPosition: 70,
        showsInterval: false, allowsInfinity: true)

    // MARK: Classification errors

    public static let cleanError = ResultMetric(
        "clean_error", title: "clean error", shortTitle: "clean",
        meaning: "test-sample 0–1 error P(sign f̂(x) ≠ t) (sign(0) = +1)", tasks: [.classification],
        estimate: .sample, family: .cleanError, summaryPosition: 10)
    public static let robustError = ResultMetric(
        "robust_error", title: "robust error", shortTitle: "robust",
        meaning: "test-sample fraction of points whose sign the attack flipped or that were already wrong",
        tasks: [.classification], estimate: .sample, family: .robustError, summaryPosition: 20)
    public static let robustErrorExact = ResultMetric(
        "robust_error_exact", title: "robust (exact)",
        meaning:
            "exact test-sample robust error for a linear classifier under the attack's own ℓ₂/ℓ∞ threat model: the fraction of test points with tᵢ·θ̂ᵀxᵢ ≤ r‖θ̂‖_* (dual norm); null elsewhere",
        tasks: [.classification], estimate: .exact, family: .robustError, summaryPosition: 50)
    public static let robustErrorTheory = ResultMetric(
        "robust_error_theory", title: "robust (theory)",
        meaning:
            "a theoretical robust error (e.g. a bound), named by `theory`; null where none applies; `inf` where it diverges",
        tasks: [.classification], estimate: .theory, family: .robustError, summaryPosition: 70,
        showsInterval: false, allowsInfinity: true)

    // MARK: Fit and attack facts

    public static let trainMSE = ResultMetric(
        "train_mse", title: "train MSE", meaning: "regression: mean squared training error (1/n)‖y − f̂(X)‖²",
        tasks: [.regression], estimate: .measurement, showsInterval: false, alwaysMeasured: true)
    public static let trainError = ResultMetric(
        "train_error", title: "train error",
        meaning: "classification: 0–1 training error, the fraction of training points with sign f̂(xᵢ) ≠ yᵢ",
        tasks: [.classification], estimate: .measurement, showsInterval: false, alwaysMeasured: true)
    public static let weightNorm = ResultMetric(
        "weight_norm", title: "weight norm",
        meaning:
            "‖θ̂‖₂ for linear models, the output weights' ‖θ̂‖₂ for models linear in fixed features (random features), null otherwise",
        tasks: [.regression, .classification], estimate: .measurement, summaryPosition: 100, showsInterval: false)
    public static let inputGradientNorm = ResultMetric(
        "input_gradient_norm", title: "E‖∇ₓf̂‖²",
        meaning:
            "test-sample mean of ‖∇ₓf̂(x)‖² at the clean test points for models with an input gradient (‖θ̂‖² for linear models; Hassani & Javanmard's ‖Jθ̂‖² for random features on isotropic data); null otherwise",
        tasks: [.regression, .classification], estimate: .measurement, showsInterval: false)
    public static let maxPerturbation = ResultMetric(
        "max_perturbation", title: "max perturbation",
        meaning: "the largest perturbation norm the attack used, in the attack's norm",
        tasks: [.regression, .classification],
        estimate: .measurement, showsInterval: false, alwaysMeasured: true)
    public static let fitSeconds = ResultMetric(
        "fit_seconds", title: "fit seconds", meaning: "wall-clock seconds of the fit (null with --no-timings)",
        tasks: [.regression, .classification], estimate: .measurement, showsInterval: false)
    public static let attackSeconds = ResultMetric(
        "attack_seconds", title: "attack seconds",
        meaning: "wall-clock seconds of the attack (null with --no-timings)", tasks: [.regression, .classification],
        estimate: .measurement, showsInterval: false)

    // MARK: The schema

    /// Every metric, in contract order (docs/conventions.md §7.1): a task's columns are the metrics of
    /// this list that belong to it, in this order. A new metric is appended at the end.
    public static let declared: [ResultMetric] = [
        .standardRisk, .adversarialRisk, .cleanError, .robustError, .standardRiskExact, .adversarialRiskExact,
        .robustErrorExact, .trainMSE, .trainError, .weightNorm, .maxPerturbation, .fitSeconds, .attackSeconds,
        .standardRiskTheory, .adversarialRiskTheory, .robustErrorTheory, .inputGradientNorm,
        .weightNormSquaredTheory, .adversarialRiskUpper, .robustErrorUpper, .certifiedExact, .certifySeconds,
    ]

    /// The metrics in use: `declared`, or within `ResultMetric.$registered.withValue(…)` another list
    /// (a test's metric, say), for the code running in that task.
    @TaskLocal public static var registered: [ResultMetric] = declared

    /// The metric columns of a task, in contract order (docs/conventions.md §7: the first columns are
    /// the contract's; later ones are appended so existing readers keep their positions).
    public static func columns(for task: Task) -> [ResultMetric] {
        registered.filter { $0.tasks.contains(task) }
    }

    /// The metrics a task's table and report show, in display order (`summaryPosition`), when at least
    /// one row has them.
    public static func summaryMetrics(for task: Task) -> [ResultMetric] {
        columns(for: task).enumerated().compactMap { index, metric in
            metric.summaryPosition.map { (position: $0, index: index, metric: metric) }
        }.sorted { ($0.position, $0.index) < ($1.position, $1.index) }.map(\.metric)
    }

    /// The test-sample estimates that only one task has (`standard_risk`, `clean_error` …): a row's
    /// keys name its task by them.
    public static func taskDefining(_ task: Task) -> [ResultMetric] {
        registered.filter { $0.tasks == [task] && $0.estimate == .sample && $0.family != nil }
    }

    /// The metrics of `family` of `estimate`, in contract order.
    public static func members(of family: Family, _ estimate: Estimate) -> [ResultMetric] {
        registered.filter { $0.family == family && $0.estimate == estimate }
    }

    /// A text column of every row.
    public struct TextColumn: Sendable, Hashable {
        public let name: String
        public let meaning: String
    }

    /// The text columns, after the metrics (`theory`: which formula the `*_theory` columns use).
    public static let textColumns = [
        TextColumn(name: "theory", meaning: "the formula behind the *_theory columns (null where none applies)")
    ]

    /// Classification: `lower` when the attack's robust error is a certified lower bound
    /// (`Attack.robustErrorIsLowerBound`, e.g. nearest-flip), null otherwise.
    public static let robustErrorBoundColumn = "robust_error_bound"

    /// The text columns of a task: `textColumns`, then for classification `robust_error_bound`.
    public static func textColumns(for task: Task) -> [TextColumn] {
        switch task {
        case .regression: return textColumns
        case .classification:
            return textColumns + [
                TextColumn(
                    name: robustErrorBoundColumn,
                    meaning:
                        "`lower` when the robust error is a certified lower bound (the attack may miss flips, e.g. nearest-flip), null otherwise"
                )
            ]
        }
    }

    /// The last column: the fitted model's diagnostics (a JSON object in JSON Lines, its JSON text in CSV).
    public static let diagnosticsColumn = "diagnostics"
}
