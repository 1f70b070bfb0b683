import ZooCore
import ZooHarness

// MARK: - Head to head over result rows

/// Every paired comparison in a set of rows: per (data, target, attack, n) — a grid point that changes
/// the data or an attack is its own group, one that changes an estimator parameter gives another
/// estimator — each pair of estimators (A before B in order of first appearance), or each estimator
/// against a baseline (A the estimator, B the baseline), on every risk of `metrics(for:)` that the
/// group's rows have.
///
/// A *family* for the multiple-comparison adjustment is the comparisons of one risk within one
/// (data, target, attack, n): the pairs of estimators (docs/head-to-head.md).
public struct HeadToHead: Sendable {
    /// The canonical spec of the baseline estimator; nil compares every pair.
    public var baseline: String?
    public var adjustment: MultipleComparisonAdjustment

    public init(baseline: String? = nil, adjustment: MultipleComparisonAdjustment = .holm) {
        self.baseline = baseline
        self.adjustment = adjustment
    }

    /// The risks compared: the test-sample estimates and, when rows have them, the exact values.
    /// Theory columns are the same for both sides of a pair's seeds only by accident and are left out.
    public static func metrics(for task: Task) -> [ResultMetric] {
        ResultMetric.columns(for: task).filter { metric in
            metric.family != nil && (metric.estimate == .sample || metric.estimate == .exact)
        }
    }

    /// The number of distinct estimators in the rows.
    public static func estimatorCount(_ rows: [ResultRow]) -> Int { Set(rows.map(\.estimator)).count }

    /// All comparisons, grouped as described above, groups in order of first appearance, then by pair,
    /// then by risk. Refuses a baseline no row has, and two rows of one estimator for one seed in a group
    /// (the pairing would be ambiguous).
    public func comparisons(_ rows: [ResultRow]) throws(ZooError) -> [PairedComparison] {
        if let baseline, !rows.contains(where: { $0.estimator == baseline }) {
            let present = Self.distinct(rows.map(\.estimator))
            throw .usage(
                "the baseline \(baseline) is not among the rows' estimators (\(present.joined(separator: "; "))): give one of them to --baseline"
            )
        }
        var result = [PairedComparison]()
        for group in Self.groups(rows) {
            result += try compare(group)
        }
        return result
    }

    // MARK: Groups

    struct Group {
        var rows: [ResultRow]
        var estimators: [String]
    }

    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Rows split by (data, target, task, attack, n), in order of first appearance.
    static func groups(_ rows: [ResultRow]) -> [Group] {
        var order = [String]()
        var parts = [String: [ResultRow]]()
        for row in rows {
            let key = [row.data, row.target, row.task.rawValue, row.attack, String(row.n)].joined(separator: "\u{1F}")
            if parts[key] == nil { order.append(key) }
            parts[key, default: []].append(row)
        }
        return order.map { Group(rows: parts[$0]!, estimators: distinct(parts[$0]!.map(\.estimator))) }
    }

    /// The (A, B) pairs of a group.
    func pairs(_ estimators: [String]) -> [(String, String)] {
        if let baseline {
            return estimators.filter { $0 != baseline }.map { ($0, baseline) }
        }
        var result = [(String, String)]()
        for (i, a) in estimators.enumerated() {
            for b in estimators[(i + 1)...] { result.append((a, b)) }
        }
        return result
    }

    func compare(_ group: Group) throws(ZooError) -> [PairedComparison] {
        let first = group.rows[0]
        // Each estimator's row by seed.
        var bySeed = [String: [UInt64: ResultRow]]()
        for row in group.rows {
            if bySeed[row.estimator]?[row.seed] != nil {
                throw .invalidData(
                    "two rows for \(row.estimator) × \(row.attack) at n=\(row.n), seed=\(row.seed) on \(row.data): a head-to-head pairs one row per seed; remove the duplicate (e.g. a file appended twice)"
                )
            }
            bySeed[row.estimator, default: [:]][row.seed] = row
        }
        let metrics = Self.metrics(for: first.task).filter { metric in
            group.rows.contains { metric.value(in: $0) != nil }
        }
        let pairs = pairs(group.estimators)
        var result = [PairedComparison]()
        for metric in metrics {
            // Differences of every pair first: the family size depends on all of them.
            var family = [(a: String, b: String, differences: [Double], onlyA: Int, onlyB: Int)]()
            for (a, b) in pairs {
                let rowsA = bySeed[a] ?? [:]
                let rowsB = bySeed[b] ?? [:]
                let valuesA = rowsA.compactMapValues { metric.value(in: $0) }
                let valuesB = rowsB.compactMapValues { metric.value(in: $0) }
                // A risk one side never has (an exact value of a non-linear model) does not apply to the
                // pair; a side without any row here (a missing partner) is kept and reported.
                if (!rowsA.isEmpty && valuesA.isEmpty) || (!rowsB.isEmpty && valuesB.isEmpty) { continue }
                let shared = valuesA.keys.filter { valuesB[$0] != nil }.sorted()
                family.append(
                    (
                        a, b, shared.map { valuesA[$0]! - valuesB[$0]! },
                        valuesA.count - shared.count, valuesB.count - shared.count
                    ))
            }
            let intervals = family.filter { $0.differences.count >= 2 }.count
            let confidence = adjustment.confidence(familySize: intervals)
            var comparisons = family.map { item in
                var comparison = PairedComparison(
                    data: first.data, target: first.target, attack: first.attack, n: first.n, metric: metric,
                    estimatorA: item.a, estimatorB: item.b, differences: item.differences,
                    onlyA: item.onlyA, onlyB: item.onlyB, confidence: confidence,
                    adjustment: adjustment, familySize: intervals)
                comparison.comparesLowerBounds =
                    metric == .robustError
                    && [item.a, item.b].contains { estimator in
                        (bySeed[estimator] ?? [:]).values.contains(where: \.robustErrorIsLowerBound)
                    }
                return comparison
            }
            let sign = adjustment.adjust(comparisons.map(\.pSign))
            let wilcoxon = adjustment.adjust(comparisons.map(\.pWilcoxon))
            for index in comparisons.indices {
                comparisons[index].pSignAdjusted = sign[index]
                comparisons[index].pWilcoxonAdjusted = wilcoxon[index]
            }
            result += comparisons
        }
        // Order by pair, then risk, as tables read them.
        return pairs.flatMap { pair in
            result.filter { $0.estimatorA == pair.0 && $0.estimatorB == pair.1 }
        }
    }
}
