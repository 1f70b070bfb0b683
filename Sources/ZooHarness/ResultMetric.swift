import ZooCore

// MARK: - The columns of a result row

/// A numeric column of a result row: its name in CSV and JSON Lines, its table title, and what it
/// means (docs/conventions.md §7 lists the same). The schema is this file: adding a metric is one
/// static declaration plus one place in `columns(for:)` (and in `summaryMetrics(for:)` to show it in
/// tables and reports); writers, the reader, tables and plots follow.
public struct ResultMetric: Sendable, Hashable {
    /// The column name (`standard_risk`).
    public let name: String
    /// A short human-readable title for tables (`standard risk`).
    public let title: String
    /// What the value is, for documentation.
    public let meaning: String
    /// Whether tables show a 95% interval over seeds (false for weight norms and training errors).
    public let showsInterval: Bool
    /// A closed-form or theoretical value rather than a test-sample estimate: plotted as a line without
    /// markers or error bars (`RiskPlots`).
    public let isExact: Bool
    /// Whether every row of its task has a value (only a non-finite value is null), so a null read
    /// back is NaN.
    public let alwaysMeasured: Bool
    /// Whether ±∞ is a legitimate value (a theoretical risk that diverges, e.g. min-norm at n = d). It is
    /// then written as the string `"inf"` / `"-inf"` in JSON Lines (`inf` / `-inf` in CSV), never `null`
    /// (null means "does not apply"). Any other non-finite value stops the run with an error naming the
    /// cell (docs/conventions.md §7).
    public let allowsInfinity: Bool

    public init(
        _ name: String, title: String, meaning: String, showsInterval: Bool = true, isExact: Bool = false,
        alwaysMeasured: Bool = false, allowsInfinity: Bool = false
    ) {
        self.name = name
        self.title = title
        self.meaning = meaning
        self.showsInterval = showsInterval
        self.isExact = isExact
        self.alwaysMeasured = alwaysMeasured
        self.allowsInfinity = allowsInfinity
    }

    /// The row's value of this metric, nil if absent.
    public func value(in row: ResultRow) -> Double? { row[self] }

    // MARK: Regression risks

    public static let standardRisk = ResultMetric(
        "standard_risk", title: "standard risk",
        meaning: "test-sample estimate of E(f̂(x) − t(x))² (docs/conventions.md §5)")
    public static let adversarialRisk = ResultMetric(
        "adversarial_risk", title: "adversarial risk",
        meaning:
            "test-sample mean of (f̂(x + δ) − t)² with the attack's δ: the adversarial risk the attack achieved; t = t(x) at the clean point for targets clean and label, t = f*(x + δ) for consistent (docs/conventions.md §5)"
    )
    public static let standardRiskExact = ResultMetric(
        "standard_risk_exact", title: "standard (exact)",
        meaning:
            "exact population standard risk (closed form; linear estimator on a Gaussian data model), null elsewhere",
        isExact: true)
    public static let adversarialRiskExact = ResultMetric(
        "adversarial_risk_exact", title: "adversarial (exact)",
        meaning:
            "exact population adversarial risk under the attack's own threat model (norm and radius): the true worst case, so beside a non-exact attack it shows how far the attack is from optimal; null where no closed form applies",
        isExact: true)
    public static let standardRiskTheory = ResultMetric(
        "standard_risk_theory", title: "standard (theory)",
        meaning:
            "a theoretical prediction of the standard risk (e.g. a deterministic equivalent), named by `theory`; null where none applies; `inf` where it diverges",
        showsInterval: false, isExact: true, allowsInfinity: true)
    public static let weightNormSquaredTheory = ResultMetric(
        "weight_norm_squared_theory", title: "‖θ̂‖² (theory)",
        meaning:
            "a theoretical prediction of ‖θ̂‖² (the linear estimators' deterministic equivalent), named by `theory`; null where none applies; `inf` where it diverges",
        showsInterval: false, isExact: true, allowsInfinity: true)
    public static let adversarialRiskTheory = ResultMetric(
        "adversarial_risk_theory", title: "adversarial (theory)",
        meaning:
            "a theoretical prediction of the adversarial risk, named by `theory`; null where none applies; `inf` where it diverges",
        showsInterval: false, isExact: true, allowsInfinity: true)

    // MARK: Classification errors

    public static let cleanError = ResultMetric(
        "clean_error", title: "clean error",
        meaning: "test-sample 0–1 error P(sign f̂(x) ≠ t) (sign(0) = +1)")
    public static let robustError = ResultMetric(
        "robust_error", title: "robust error",
        meaning: "test-sample fraction of points whose sign the attack flipped or that were already wrong")
    public static let robustErrorExact = ResultMetric(
        "robust_error_exact", title: "robust (exact)",
        meaning:
            "exact test-sample robust error for a linear classifier under the attack's own ℓ₂/ℓ∞ threat model: the fraction of test points with tᵢ·θ̂ᵀxᵢ ≤ r‖θ̂‖_* (dual norm); null elsewhere",
        isExact: true)
    public static let robustErrorTheory = ResultMetric(
        "robust_error_theory", title: "robust (theory)",
        meaning:
            "a theoretical robust error (e.g. a bound), named by `theory`; null where none applies; `inf` where it diverges",
        showsInterval: false, isExact: true, allowsInfinity: true)

    // MARK: Fit and attack facts

    public static let trainMSE = ResultMetric(
        "train_mse", title: "train MSE",
        meaning: "regression: mean squared training error (1/n)‖y − f̂(X)‖²", showsInterval: false, alwaysMeasured: true)
    public static let trainError = ResultMetric(
        "train_error", title: "train error",
        meaning: "classification: 0–1 training error, the fraction of training points with sign f̂(xᵢ) ≠ yᵢ",
        showsInterval: false, alwaysMeasured: true)
    public static let weightNorm = ResultMetric(
        "weight_norm", title: "weight norm",
        meaning:
            "‖θ̂‖₂ for linear models, the output weights' ‖θ̂‖₂ for models linear in fixed features (random features), null otherwise",
        showsInterval: false)
    public static let inputGradientNorm = ResultMetric(
        "input_gradient_norm", title: "E‖∇ₓf̂‖²",
        meaning:
            "test-sample mean of ‖∇ₓf̂(x)‖² at the clean test points for models with an input gradient (‖θ̂‖² for linear models; Hassani & Javanmard's ‖Jθ̂‖² for random features on isotropic data); null otherwise",
        showsInterval: false)
    public static let maxPerturbation = ResultMetric(
        "max_perturbation", title: "max perturbation",
        meaning: "the largest perturbation norm the attack used, in the attack's norm", showsInterval: false,
        alwaysMeasured: true)
    public static let fitSeconds = ResultMetric(
        "fit_seconds", title: "fit seconds",
        meaning: "wall-clock seconds of the fit (null with --no-timings)", showsInterval: false)
    public static let attackSeconds = ResultMetric(
        "attack_seconds", title: "attack seconds",
        meaning: "wall-clock seconds of the attack (null with --no-timings)", showsInterval: false)

    // MARK: The schema

    /// The metric columns of a task, in contract order (docs/conventions.md §7: the first columns are
    /// the contract's; later ones are appended so existing readers keep their positions).
    public static func columns(for task: Task) -> [ResultMetric] {
        switch task {
        case .regression:
            return [
                .standardRisk, .adversarialRisk, .standardRiskExact, .adversarialRiskExact, .trainMSE, .weightNorm,
                .maxPerturbation, .fitSeconds, .attackSeconds, .standardRiskTheory, .adversarialRiskTheory,
                .inputGradientNorm,
                .weightNormSquaredTheory,
            ]
                + certificationColumns(for: task)
        case .classification:
            return [
                .cleanError, .robustError, .robustErrorExact, .trainError, .weightNorm,
                .maxPerturbation, .fitSeconds, .attackSeconds, .robustErrorTheory, .inputGradientNorm,
            ]
                + certificationColumns(for: task)
        }
    }

    /// The metrics a task's table and report show, in display order, when at least one row has them.
    public static func summaryMetrics(for task: Task) -> [ResultMetric] {
        switch task {
        case .regression:
            return [
                .standardRisk, .adversarialRisk, .adversarialRiskUpper, .standardRiskExact, .adversarialRiskExact,
                .standardRiskTheory, .adversarialRiskTheory, .weightNorm,
            ]
        case .classification:
            return [.cleanError, .robustError, .robustErrorUpper, .robustErrorExact, .robustErrorTheory, .weightNorm]
        }
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
