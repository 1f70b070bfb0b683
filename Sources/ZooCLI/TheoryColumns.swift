import ZooCore
import ZooHarness
import ZooTheory

// MARK: - Theory columns

/// Fills `standard_risk_theory`, `adversarial_risk_theory` (`robust_error_theory` for classification)
/// and `theory` on every row where `ZooTheory.TheoryProvider` knows a formula: deterministic
/// equivalents for ridge/min-norm/ridge-gcv on Gaussian designs, Hassani & Javanmard for
/// `adversarial-rf(mode=surrogate)` on `isotropic`, Sanyal et al.'s bound on `balls` (docs/conventions.md §7).
/// Adversarial values are for the ball the row's exact columns use (`exactRiskThreatModel`).
struct TheoryAnnotator: RowAnnotator {
    func annotate(_ row: inout ResultRow, facts: CellFacts) throws(ZooError) {
        guard let prediction = TheoryProvider.predict(
            data: facts.data, estimator: facts.estimator, threat: facts.attack.exactRiskThreatModel,
            target: facts.target.rawValue, samples: row.n, seed: row.seed, diagnostics: facts.model.diagnostics,
            trainingError: row.task == .classification ? row.trainError : nil) else { return }
        Self.fill(&row, with: prediction)
    }

    static func fill(_ row: inout ResultRow, with prediction: TheoryPrediction) {
        switch row.task {
        case .regression:
            row[.standardRiskTheory] = prediction.standardRisk
            row[.adversarialRiskTheory] = prediction.adversarialRisk
        case .classification:
            row[.robustErrorTheory] = prediction.robustError
        }
        row.labels["theory"] = prediction.formula
    }
}

// MARK: - zoo theory

/// `zoo theory`: the theoretical curves alone, no sampling: one row per estimator × attack × n with
/// only the theory columns (the formats and table of `zoo compare`).
enum TheoryCurves {
    static func rows(data: any DataModel, estimators: [any Estimator], attacks: [any Attack], sizes: [Int],
                     target: TargetConvention, seed: UInt64) -> [ResultRow] {
        var rows = [ResultRow]()
        let continuation = SaddleContinuation()  // this command's points, always in this order
        for estimator in estimators {
            for attack in attacks {
                for n in sizes {
                    var row = ResultRow(data: data.spec, estimator: estimator.spec, attack: attack.spec, target: target.rawValue,
                                        n: n, d: data.dimension ?? 0, seed: seed, task: data.task)
                    if let prediction = TheoryProvider.predict(data: data, estimator: estimator, threat: attack.exactRiskThreatModel,
                                                               target: target.rawValue, samples: n, seed: seed,
                                                               continuation: continuation) {
                        TheoryAnnotator.fill(&row, with: prediction)
                    }
                    rows.append(row)
                }
            }
        }
        return rows
    }
}
