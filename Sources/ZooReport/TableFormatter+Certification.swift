import ZooCore
import ZooHarness

// MARK: - The gap between the attack and the certified bound

extension TableFormatter {
    /// For a certified upper-bound column, the gap to the attack's estimate of the same group in
    /// brackets: the ratio `(×1.62)` for a risk, the difference `(+0.05)` for a robust error; nil for
    /// other columns or when either mean is missing.
    static func certifiedGap(_ group: ResultGroup, metric: ResultMetric) -> String? {
        guard metric.estimate == .upperBound, let family = metric.family,
            let attack = ResultMetric.members(of: family, .sample).first
        else { return nil }
        guard let upper = group.statistics(metric)?.mean, let found = group.statistics(attack)?.mean else { return nil }
        if metric.tasks == [.classification] { return "(+" + NumberText.significant(upper - found, digits: 2) + ")" }
        guard found > 0 else { return nil }
        return "(×" + NumberText.significant(upper / found, digits: 3) + ")"
    }
}
