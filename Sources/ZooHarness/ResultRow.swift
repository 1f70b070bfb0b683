import ZooCore

// MARK: - Result rows

/// One value in a result row: a number, a whole number, text, or null.
public enum FieldValue: Sendable, Equatable {
    case number(Double?)
    case integer(Int)
    case text(String)
}

/// One evaluated cell: an estimator × attack pair on one (n, seed) sample (CONVENTIONS §7).
///
/// Regression rows carry the four risk columns; classification rows carry `clean_error`,
/// `robust_error` and `robust_error_exact` in their place. `fields` gives the columns in contract order.
public struct ResultRow: Sendable, Equatable {
    /// Full canonical specs (every parameter) of the data model, estimator and attack.
    public var data: String
    public var estimator: String
    public var attack: String
    /// `clean`, `label` or `consistent`.
    public var target: String
    public var n: Int
    public var d: Int
    public var seed: UInt64
    public var task: Task

    // Regression columns (test-sample estimates and exact population values).
    public var standardRisk: Double? = nil
    public var adversarialRisk: Double? = nil
    public var standardRiskExact: Double? = nil
    public var adversarialRiskExact: Double? = nil

    // Classification columns.
    public var cleanError: Double? = nil
    public var robustError: Double? = nil
    public var robustErrorExact: Double? = nil

    /// Mean squared training error (1/n)‖y − f̂(X)‖² (for classification: training 0–1 error).
    public var trainMSE: Double
    /// ‖θ̂‖₂ for linear models, nil otherwise.
    public var weightNorm: Double?
    /// The largest perturbation norm the attack used (in the attack's norm).
    public var maxPerturbation: Double
    /// Wall-clock seconds; nil when timings are switched off for byte-identical output.
    public var fitSeconds: Double?
    public var attackSeconds: Double?

    public init(data: String, estimator: String, attack: String, target: String, n: Int, d: Int, seed: UInt64,
                task: Task, trainMSE: Double, weightNorm: Double?, maxPerturbation: Double,
                fitSeconds: Double?, attackSeconds: Double?) {
        self.data = data
        self.estimator = estimator
        self.attack = attack
        self.target = target
        self.n = n
        self.d = d
        self.seed = seed
        self.task = task
        self.trainMSE = trainMSE
        self.weightNorm = weightNorm
        self.maxPerturbation = maxPerturbation
        self.fitSeconds = fitSeconds
        self.attackSeconds = attackSeconds
    }

    /// The column names for a task, in contract order.
    public static func columns(for task: Task) -> [String] {
        let head = ["data", "estimator", "attack", "target", "n", "d", "seed"]
        let metrics = task == .regression
            ? ["standard_risk", "adversarial_risk", "standard_risk_exact", "adversarial_risk_exact"]
            : ["clean_error", "robust_error", "robust_error_exact"]
        return head + metrics + ["train_mse", "weight_norm", "max_perturbation", "fit_seconds", "attack_seconds"]
    }

    /// The row's values, in the order of `columns(for: task)`.
    public var fields: [(name: String, value: FieldValue)] {
        var result: [(String, FieldValue)] = [
            ("data", .text(data)), ("estimator", .text(estimator)), ("attack", .text(attack)), ("target", .text(target)),
            ("n", .integer(n)), ("d", .integer(d)), ("seed", .integer(Int(seed))),
        ]
        if task == .regression {
            result += [("standard_risk", .number(standardRisk)), ("adversarial_risk", .number(adversarialRisk)),
                       ("standard_risk_exact", .number(standardRiskExact)),
                       ("adversarial_risk_exact", .number(adversarialRiskExact))]
        } else {
            result += [("clean_error", .number(cleanError)), ("robust_error", .number(robustError)),
                       ("robust_error_exact", .number(robustErrorExact))]
        }
        result += [("train_mse", .number(trainMSE)), ("weight_norm", .number(weightNorm)),
                   ("max_perturbation", .number(maxPerturbation)), ("fit_seconds", .number(fitSeconds)),
                   ("attack_seconds", .number(attackSeconds))]
        return result
    }

    /// The identity of the cell, for `--resume`: everything but the measured values.
    public var cellKey: String { [data, estimator, attack, target, String(n), String(seed)].joined(separator: "|") }
}
