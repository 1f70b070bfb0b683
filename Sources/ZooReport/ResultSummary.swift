import ZooCore
import ZooHarness

// MARK: - Aggregation over seeds

/// The rows of one (estimator, attack, n) cell over seeds, with each metric's mean and 95% interval.
public struct ResultGroup: Sendable {
    public var estimator: String
    public var attack: String
    public var n: Int
    public var rows: [ResultRow]

    /// The number of seeds (rows) in the group.
    public var seedCount: Int { rows.count }

    /// Mean and interval of a metric over the rows that have it; nil when none has.
    public func statistics(_ metric: ResultMetric) -> MeanInterval? {
        MeanInterval(rows.compactMap { metric.value(in: $0) })
    }
}

/// Rows sharing data model, target and task, grouped by (estimator, attack, n).
public struct ResultSummary: Sendable {
    public var data: String
    public var target: String
    public var task: Task
    /// Groups ordered by first appearance of (estimator, attack), then by first appearance of n.
    public var groups: [ResultGroup]

    /// The metrics of `ResultMetric.summaryMetrics(for: task)` that at least one row has.
    public var presentMetrics: [ResultMetric] {
        ResultMetric.summaryMetrics(for: task).filter { metric in
            groups.contains { group in group.rows.contains { metric.value(in: $0) != nil } }
        }
    }

    /// What the exact and theory columns shown mean (nil when none is shown), for a note under tables.
    public var columnNote: String? {
        let metrics = presentMetrics
        var parts: [String] = []
        if metrics.contains(where: { $0.estimate == .exact }) {
            parts.append(
                task == .regression
                    ? "(exact): population value of a linear model under each attack's own norm and radius (closed form); the other risks are test-sample estimates"
                    : "robust (exact): exact test-sample robust error of a linear classifier under each attack's own norm and radius"
            )
        }
        if metrics.contains(where: { $0.estimate == .theory }) {
            parts.append("(theory): the formula named in the rows' theory column")
        }
        if metrics.contains(where: { $0.estimate == .upperBound }) {
            parts.append(
                "(upper): a certified upper bound (--certify): the true value lies between the attack's value and it; a bracket after it is their ratio (risk) or difference (error) (docs/certification.md)"
            )
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Splits rows by (data, target, task) in first-appearance order and groups each part.
    public static func summaries(of rows: [ResultRow]) -> [ResultSummary] {
        var order: [String] = []
        var parts: [String: [ResultRow]] = [:]
        for row in rows {
            let key = [row.data, row.target, row.task.rawValue].joined(separator: "\u{1F}")
            if parts[key] == nil { order.append(key) }
            parts[key, default: []].append(row)
        }
        return order.map { key in
            let part = parts[key]!
            return ResultSummary(data: part[0].data, target: part[0].target, task: part[0].task, groups: group(part))
        }
    }

    /// Groups by (estimator, attack) in first-appearance order, then n in first-appearance order.
    static func group(_ rows: [ResultRow]) -> [ResultGroup] {
        var pairOrder: [String] = []
        var nOrder: [String: [Int]] = [:]
        var cells: [String: ResultGroup] = [:]
        for row in rows {
            let pair = row.estimator + "\u{1F}" + row.attack
            let cell = pair + "\u{1F}" + String(row.n)
            if nOrder[pair] == nil {
                pairOrder.append(pair)
                nOrder[pair] = []
            }
            if cells[cell] == nil {
                nOrder[pair]!.append(row.n)
                cells[cell] = ResultGroup(estimator: row.estimator, attack: row.attack, n: row.n, rows: [])
            }
            cells[cell]!.rows.append(row)
        }
        return pairOrder.flatMap { pair in nOrder[pair]!.map { cells[pair + "\u{1F}" + String($0)]! } }
    }
}
