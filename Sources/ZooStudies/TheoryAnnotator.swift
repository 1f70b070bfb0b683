import ZooCore
import ZooHarness
import ZooTheory

// MARK: - Theory columns

/// Fills `standard_risk_theory`, `adversarial_risk_theory` (`robust_error_theory` for classification)
/// and `theory` on every row where `ZooTheory.TheoryProvider` knows a formula: deterministic
/// equivalents for ridge/min-norm/ridge-gcv on Gaussian designs, Hassani & Javanmard for
/// `adversarial-rf(mode=surrogate)` on `isotropic`, Sanyal et al.'s bound on `balls` (docs/conventions.md §7).
/// Adversarial values are for the ball the row's exact columns use (`exactRiskThreatModel`); an attack
/// that declares none (not a worst case) gets no theory values, as it gets no exact ones.
public struct TheoryAnnotator: RowAnnotator {
    public init() {}

    public func annotate(_ row: inout ResultRow, facts: CellFacts) throws(ZooError) {
        // An attack that is not a worst case over its ball gets no theory, as it gets no exact values.
        guard facts.attack.exactRiskThreatModel != nil,
            let prediction = TheoryProvider.predict(
                data: facts.data, estimator: facts.estimator, threat: facts.attack.exactRiskThreatModel,
                target: facts.target.rawValue, samples: row.n, seed: row.seed, diagnostics: facts.model.diagnostics,
                trainingError: row.task == .classification ? row.trainError : nil)
        else { return }
        Self.fill(&row, with: prediction)
    }

    /// Writes `prediction` into the row's theory columns for its task, with the formula in `theory`; a NaN
    /// anywhere leaves the columns null and says why in `theory`.
    public static func fill(_ row: inout ResultRow, with prediction: TheoryPrediction) {
        let values = [prediction.standardRisk, prediction.adversarialRisk, prediction.robustError].compactMap { $0 }
        if values.contains(where: \.isNaN) {
            // Never a NaN printed as a number: the columns stay null and `theory` says why.
            row.labels["theory"] = "none: \(prediction.formula) is undefined (NaN) at these parameters"
            return
        }
        switch row.task {
        case .regression:
            row[.standardRiskTheory] = prediction.standardRisk
            row[.adversarialRiskTheory] = prediction.adversarialRisk
            row[.weightNormSquaredTheory] = prediction.weightNormSquared
        case .classification:
            row[.robustErrorTheory] = prediction.robustError
        }
        row.labels["theory"] = prediction.formula
    }
}
