import ZooCore
import ZooHarness

// MARK: - Terminal table

/// The `table` output format: per (estimator, attack, n), the mean over seeds and the half-width of a 95%
/// confidence interval (Student t with k − 1 degrees of freedom; one seed shows the mean alone).
///
/// Layout, for each (data, target) present in the rows:
///
///     data: spiked(d=20000,k=10,spike=1,tail=10,signal=1,noise=0.5)
///     target: clean · attack: exact-l2(radius=0.1) · mean ± 95% CI over seeds
///
///     ridge(lambda=0.001)
///           n  seeds  standard risk      adversarial risk   weight norm
///         100      5  0.3012 ± 0.012     0.4410 ± 0.021           1.234
///
/// - Estimator and attack specs head a block of rows instead of being repeated on every row; a part
///   shared by all blocks (one attack, or one estimator) moves into the title. Specs longer than the
///   width are wrapped after commas.
/// - Columns: standard and adversarial risk, the exact population values when any row has them, and the
///   mean weight norm when any row has it; classification shows clean / robust error instead.
/// - A note under the table says what the "(exact)" and "(theory)" columns are, when any is shown.
/// - Means have 4 significant digits, interval half-widths 2 (`NumberText.significant`); a missing value
///   is `-`. When a row does not fit the width, each interval moves to a second line below its mean.
public struct TableFormatter: Sendable {
    /// The terminal width the table is laid out for.
    public var width: Int
    public static let defaultWidth = 100
    /// Significant digits of means and of interval half-widths.
    public static let meanDigits = 4
    public static let halfWidthDigits = 2

    public init(width: Int = TableFormatter.defaultWidth) { self.width = max(width, 40) }

    /// The table for all rows; an empty string for no rows.
    public func format(_ rows: [ResultRow]) -> String {
        ResultSummary.summaries(of: rows).map(format(summary:)).joined(separator: "\n")
    }

    // MARK: One summary

    func format(summary: ResultSummary) -> String {
        let attacks = Set(summary.groups.map(\.attack)), estimators = Set(summary.groups.map(\.estimator))
        let sharedAttack = attacks.count == 1 ? summary.groups[0].attack : nil
        let sharedEstimator = estimators.count == 1 && attacks.count > 1 ? summary.groups[0].estimator : nil
        var lines = wrap("data: " + summary.data, indent: "      ")
        var context = ["target: " + summary.target]
        if let sharedEstimator { context.append("estimator: " + sharedEstimator) }
        if let sharedAttack { context.append("attack: " + sharedAttack) }
        let singleSeed = summary.groups.allSatisfy { $0.seedCount == 1 }
        context.append(singleSeed ? "one seed (no intervals)" : "mean ± 95% CI over seeds")
        lines += wrap(context.joined(separator: " · "), indent: "  ")

        let metrics = summary.presentMetrics
        let cells = summary.groups.map { group in
            metrics.map { metric in
                var value = cell(group.statistics(metric), metric: metric)
                // A certified lower bound (nearest-flip) reads "≥ 0.41".
                if metric == .robustError, group.rows.allSatisfy(\.robustErrorIsLowerBound), value.mean != "-" { value.mean = "≥ " + value.mean }
                if let gap = Self.certifiedGap(group, metric: metric), value.mean != "-" { value.mean += " " + gap }
                return value
            }
        }
        let layout = ColumnLayout(metrics: metrics, cells: cells)
        let twoLine = layout.singleLineWidth > width

        var blockKey: String? = nil
        for (index, group) in summary.groups.enumerated() {
            let key = group.estimator + "\u{1F}" + group.attack
            if key != blockKey {
                blockKey = key
                lines.append("")
                lines += blockHeader(group, sharedAttack: sharedAttack != nil, sharedEstimator: sharedEstimator != nil)
                let formulas = Self.theoryFormulas(summary.groups.filter { $0.estimator + "\u{1F}" + $0.attack == key })
                if !formulas.isEmpty { lines += wrap("theory: " + formulas.joined(separator: ", "), indent: "  ") }
                lines.append(layout.header(twoLine: twoLine))
            }
            lines += layout.lines(n: group.n, seeds: group.seedCount, cells: cells[index], twoLine: twoLine)
        }
        if let note = summary.columnNote { lines += [""] + wrap(note, indent: "") }
        if summary.groups.contains(where: { $0.rows.contains(where: \.robustErrorIsLowerBound) }) {
            lines += wrap("≥: the attack's robust error is a certified lower bound (every flip it reports is real; it may miss some)", indent: "")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The distinct `theory` labels of a block's rows, in order of appearance.
    static func theoryFormulas(_ groups: [ResultGroup]) -> [String] {
        var seen = [String]()
        for row in groups.flatMap(\.rows) {
            if let formula = row.labels["theory"], !seen.contains(formula) { seen.append(formula) }
        }
        return seen
    }

    private func blockHeader(_ group: ResultGroup, sharedAttack: Bool, sharedEstimator: Bool) -> [String] {
        if sharedAttack { return wrap(group.estimator, indent: "  ") }
        if sharedEstimator { return wrap(group.attack, indent: "  ") }
        let combined = group.estimator + "  ×  " + group.attack
        if combined.count <= width { return [combined] }
        return wrap(group.estimator, indent: "  ") + wrap("× " + group.attack, indent: "    ")
    }

    private func cell(_ statistics: MeanInterval?, metric: ResultMetric) -> Cell {
        guard let statistics else { return Cell(mean: "-", halfWidth: nil) }
        let mean = NumberText.significant(statistics.mean, digits: Self.meanDigits)
        guard metric.showsInterval, let halfWidth = statistics.halfWidth else { return Cell(mean: mean, halfWidth: nil) }
        return Cell(mean: mean, halfWidth: NumberText.significant(MeanInterval.displayedHalfWidth(halfWidth, mean: statistics.mean), digits: Self.halfWidthDigits))
    }

    /// `TextWrap.lines` at the table width, breaking after commas too (specs).
    func wrap(_ text: String, indent: String) -> [String] {
        TextWrap.lines(text, width: width, indent: indent, breakingAfterCommas: true)
    }
}

// MARK: - Cells and columns

/// One table cell: a mean and, when there are several seeds, an interval half-width.
struct Cell {
    var mean: String
    var halfWidth: String?
}

/// Column widths for a set of cells, and the rendering of header and rows.
struct ColumnLayout {
    static let nWidth = 7, seedsWidth = 5
    var titles: [String]
    var meanWidths: [Int]
    var halfWidths: [Int]

    init(metrics: [ResultMetric], cells: [[Cell]]) {
        titles = metrics.map(\.title)
        meanWidths = metrics.indices.map { column in cells.map { $0[column].mean.count }.max() ?? 1 }
        halfWidths = metrics.indices.map { column in cells.map { $0[column].halfWidth?.count ?? 0 }.max() ?? 0 }
    }

    /// Width of a column's content on one line: "mean ± half".
    private func singleWidth(_ column: Int) -> Int {
        let numbers = meanWidths[column] + (halfWidths[column] > 0 ? 3 + halfWidths[column] : 0)
        return max(titles[column].count, numbers)
    }

    /// Width of a column when the interval sits on its own line below the mean.
    private func stackedWidth(_ column: Int) -> Int {
        max(titles[column].count, meanWidths[column], halfWidths[column] > 0 ? 2 + halfWidths[column] : 0)
    }

    var singleLineWidth: Int {
        Self.nWidth + 2 + Self.seedsWidth + titles.indices.reduce(0) { $0 + 2 + singleWidth($1) }
    }

    func header(twoLine: Bool) -> String {
        var line = pad("n", Self.nWidth) + "  " + pad("seeds", Self.seedsWidth)
        for column in titles.indices {
            line += "  " + padRight(titles[column], twoLine ? stackedWidth(column) : singleWidth(column))
        }
        return trimmed(line)
    }

    func lines(n: Int, seeds: Int, cells: [Cell], twoLine: Bool) -> [String] {
        var first = pad(String(n), Self.nWidth) + "  " + pad(String(seeds), Self.seedsWidth)
        var second = String(repeating: " ", count: Self.nWidth + 2 + Self.seedsWidth)
        var needsSecond = false
        for (column, cell) in cells.enumerated() {
            if twoLine {
                let columnWidth = stackedWidth(column)
                first += "  " + padRight(pad(cell.mean, meanWidths[column]), columnWidth)
                let interval = cell.halfWidth.map { "± " + $0 } ?? ""
                needsSecond = needsSecond || !interval.isEmpty
                second += "  " + padRight(pad(interval, meanWidths[column]), columnWidth)
            } else {
                var text = pad(cell.mean, meanWidths[column])
                if halfWidths[column] > 0 { text += cell.halfWidth.map { " ± " + padRight($0, halfWidths[column]) } ?? "" }
                first += "  " + padRight(text, singleWidth(column))
            }
        }
        return needsSecond ? [trimmed(first), trimmed(second)] : [trimmed(first)]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func trimmed(_ line: String) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }
}
