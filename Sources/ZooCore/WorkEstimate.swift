// MARK: - How much work a component does

/// An estimator whose fit costs more than reading its training matrix once (iterations, width, features):
/// it states a lower bound on the multiply-adds of one fit, which the harness's time guard adds up over a
/// run before anything starts (docs/reliability.md). Estimators that do not conform count n·d.
public protocol DeclaresFitWork {
    func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double
}

/// An attack whose cost is more than one pass over the test points (steps, restarts): a lower bound on
/// the multiply-adds of attacking m points in dimension d. Attacks that do not conform count m·d.
public protocol DeclaresAttackWork {
    func estimatedAttackOperations(points m: Int, dimension d: Int) -> Double
}
