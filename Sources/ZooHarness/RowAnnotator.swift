import ZooCore

// MARK: - Extra columns from outside the harness

/// Everything known about one evaluated cell when its row is complete.
public struct CellFacts: Sendable {
    public let data: any DataModel
    public let estimator: any Estimator
    public let attack: any Attack
    public let model: any FittedModel
    /// The Gaussian population of this seed, where the data model has one.
    public let population: GaussianPopulation?
    public let target: TargetConvention
}

/// Fills further columns of a finished row — theoretical predictions (`standard_risk_theory`,
/// `adversarial_risk_theory`, `robust_error_theory` and the `theory` label), say — from the cell's
/// facts. The harness knows no concrete annotator; the command line passes them to
/// `ExperimentRunner(plan:annotators:)`. An annotator sets only the columns that apply
/// (`row[.standardRiskTheory] = …`, `row.labels["theory"] = "…"`) and must be deterministic.
public protocol RowAnnotator: Sendable {
    func annotate(_ row: inout ResultRow, facts: CellFacts) throws(ZooError)
}
