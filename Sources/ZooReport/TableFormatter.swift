import Foundation
import ZooCore
import ZooHarness

// MARK: - Terminal table

/// The `table` output format: per cell (data, estimator, attack, n) the mean over seeds and the
/// half-width of a 95% confidence interval (Student t with k − 1 degrees of freedom), laid out to fit
/// `width` columns (docs/reading-results.md).
///
/// Layout, one table for each (data model, target, task) present in the rows:
///
///     data: spiked(d=4000,k=10,spike=1,tail=2,signal=1,noise=0.5)
///     target: clean · attack: exact-l2(radius=0.1) · mean ± 95% CI over 3 seeds
///
///     estimator    lambda    n  standard risk    adversarial risk  weight norm
///     min-norm              50  0.183 ± 0.041    0.52 ± 0.11             1.234
///                          100  0.161 ± 0.020    0.36 ± 0.05             1.520
///     ridge          0.01   50  …
///
/// - A spec shared by every row moves into the title; swept parameters (values that differ between
///   rows of one component, e.g. ridge's λ or adversarial-rf's features) become columns of their own,
///   so a sweep is one table; specs that still differ get a column of their spec without the swept
///   parameters. Parameter values and specs are shown to 3 significant digits (`SpecText`), more
///   where needed to tell values apart. A key repeated from the row above is left blank.
/// - Columns: the metrics of `ResultMetric.summaryMetrics` that some row has, or those of `columns`.
/// - Precision: an interval half-width has 2 significant digits and its mean is rounded to the same
///   decimal place (the digits the interval justifies, 1 to 5 significant); a value without an interval
///   (one seed, exact and theory values, the weight norm) has 4. A missing value is `-`.
/// - Fitting the width: when the table is wider than `width`, the column titles go on two lines, then
///   each interval goes on a line below its mean, then metric columns are left out from the last one,
///   with a note naming them (choose columns with `--columns`).
/// - Notes under the table say what the "(exact)" and "(theory)" columns are, which formula the theory
///   uses, and that "≥" marks a certified lower bound.
public struct TableFormatter: Sendable {
    /// The terminal width the table is laid out for.
    public var width: Int
    /// The metric columns to show, in order; nil shows every metric some row has.
    public var columns: [ResultMetric]?
    /// The width of a table written to a file or a pipe, when nothing says otherwise.
    public static let defaultWidth = 100
    /// Significant digits of values without an interval, of interval half-widths, and the most a mean
    /// with an interval gets.
    public static let meanDigits = 4
    public static let halfWidthDigits = 2
    public static let maximumMeanDigits = 5

    public init(width: Int = TableFormatter.defaultWidth, columns: [ResultMetric]? = nil) {
        self.width = max(width, 40)
        self.columns = columns
    }

    /// The table for all rows; an empty string for no rows.
    public func format(_ rows: [ResultRow]) -> String {
        TablePart.parts(of: rows).map(format(part:)).joined(separator: "\n")
    }

    /// The metric columns `--columns` may name: every summary metric of either task.
    public static var selectableColumns: [ResultMetric] {
        var seen = Set<String>()
        return (ResultMetric.summaryMetrics(for: .regression) + ResultMetric.summaryMetrics(for: .classification))
            .filter { seen.insert($0.name).inserted }
    }

    /// Parses `--columns a,b,…` (column names as in CSV), with a "did you mean" hint on a misspelling.
    public static func parseColumns(_ text: String) throws(ZooError) -> [ResultMetric] {
        let names = selectableColumns.map(\.name)
        var chosen: [ResultMetric] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let metric = selectableColumns.first(where: { $0.name == word }) else {
                throw .usage(
                    "--columns: unknown column '\(word)'" + Suggestions.hint(for: word, among: names)
                        + "; the columns are " + names.joined(separator: ", "))
            }
            if !chosen.contains(metric) { chosen.append(metric) }
        }
        guard !chosen.isEmpty else {
            throw .usage("--columns needs at least one column name, e.g. --columns standard_risk,adversarial_risk")
        }
        return chosen
    }

    // MARK: One part

    func format(part: TablePart) -> String {
        let summary = part.summary
        var lines: [String] = []
        var context = ["target: " + part.target]
        for role in part.keys where role.title != nil {
            if role.role == "data" {
                lines += wrap("data: " + role.title!, indent: "      ")
            } else {
                context.append(role.role + ": " + role.title!)
            }
        }
        let present = summary.presentMetrics
        var metrics = columns.map { chosen in chosen.filter(present.contains) } ?? present
        if metrics.isEmpty { metrics = present }
        let seedCounts = Set(part.groups.map(\.seedCount))
        let measured = metrics.contains { !$0.isExact }
        let showsSeeds = seedCounts.count > 1
        if measured {
            if showsSeeds {
                context.append("mean ± 95% CI over seeds")
            } else if seedCounts.first == 1 {
                context.append("one seed (no intervals)")
            } else {
                context.append("mean ± 95% CI over \(seedCounts.first!) seeds")
            }
        }
        lines += wrap(context.joined(separator: " · "), indent: "  ")

        // Key columns, then n (and seeds), then metrics.
        var keyColumns: [TextColumn] = []
        for role in part.keys {
            if role.showsBase {
                keyColumns.append(
                    TextColumn(
                        title: role.role, rightAligned: false,
                        cells: part.groups.map { role.bases[$0.spec(role.role)] ?? "" }))
            }
            for key in role.parameters {
                let title =
                    part.keys.contains { $0.role != role.role && $0.parameters.contains(key) }
                    ? role.role + "." + key : key
                let texts = SpecText.distinctValues(part.groups.compactMap { role.values[$0.spec(role.role)]?[key] })
                keyColumns.append(
                    TextColumn(
                        title: title, rightAligned: true,
                        cells: part.groups.map { group in
                            role.values[group.spec(role.role)]?[key].flatMap { texts[$0] } ?? ""
                        }))
            }
        }
        keyColumns.append(TextColumn(title: "n", rightAligned: true, cells: part.groups.map { String($0.n) }))
        if showsSeeds {
            keyColumns.append(
                TextColumn(title: "seeds", rightAligned: true, cells: part.groups.map { String($0.seedCount) }))
        }
        // Blank a key repeated from the row above (while every key before it repeats too), except n.
        let blanked = Self.blankRepeats(keyColumns, keep: keyColumns.count - (showsSeeds ? 2 : 1))

        var left: [String] = []
        var layout = MetricLayout(metrics: metrics, groups: part.groups)
        while true {
            layout.twoLineTitles = false
            layout.stacked = false
            if layout.width(keys: blanked) <= width { break }
            layout.twoLineTitles = true
            if layout.width(keys: blanked) <= width { break }
            layout.stacked = true
            if layout.width(keys: blanked) <= width || layout.metrics.count <= 1 { break }
            left.insert(layout.metrics.removeLast().title, at: 0)
        }
        lines.append("")
        lines += layout.render(keys: blanked)

        var notes: [String] = []
        for role in part.keys where !role.definitions.isEmpty {
            notes.append(role.role + ": " + role.definitions.map { "\($0.name) = \($0.spec)" }.joined(separator: "; "))
        }
        let shown = ResultSummary(
            data: summary.data, target: summary.target, task: summary.task, groups: summary.groups)
        if let note = Self.columnNote(shown, metrics: layout.metrics) { notes.append(note) }
        let formulas = Self.theoryFormulas(part.groups)
        if !formulas.isEmpty && layout.metrics.contains(where: { $0.estimate == .theory }) {
            notes.append(
                "theory: "
                    + formulas.map { formula in
                        RiskPlots.boundKind(of: formula).map {
                            "\(formula) (a \($0) bound, not a prediction: the true value is \($0 == "lower" ? "at least" : "at most") this)"
                        } ?? formula
                    }.joined(separator: "; "))
        }
        if layout.metrics.contains(.robustError),
            part.groups.contains(where: { $0.rows.contains(where: \.robustErrorIsLowerBound) })
        {
            notes.append(
                "≥: the attack's robust error is a certified lower bound (every flip it reports is real; it may miss some)"
            )
        }
        if !left.isEmpty {
            notes.append(
                "not shown at \(width) columns: \(left.joined(separator: ", ")) (choose with --columns, or widen the terminal)"
            )
        }
        if !notes.isEmpty { lines.append("") }
        for note in notes { lines += wrap(note, indent: "  ") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary's column note, restricted to the metrics shown.
    static func columnNote(_ summary: ResultSummary, metrics: [ResultMetric]) -> String? {
        var parts: [String] = []
        if metrics.contains(where: { $0.estimate == .exact }) {
            parts.append(
                summary.task == .regression
                    ? "(exact): population value of a linear model under each attack's own norm and radius (closed form); the other risks are test-sample estimates"
                    : "robust (exact): exact test-sample robust error of a linear classifier under each attack's own norm and radius"
            )
        }
        if metrics.contains(where: { $0.estimate == .theory }) {
            parts.append("(theory): the formula named below")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The distinct `theory` labels of the groups' rows, in order of appearance.
    static func theoryFormulas(_ groups: [ResultGroup]) -> [String] {
        var seen = [String]()
        for row in groups.flatMap(\.rows) {
            if let formula = row.labels["theory"], !seen.contains(formula) { seen.append(formula) }
        }
        return seen
    }

    /// Key cells with repeats blanked: a cell equal to the one above is left blank when every key cell
    /// to its left is blanked too; columns from `keep` on are never blanked.
    static func blankRepeats(_ columns: [TextColumn], keep: Int) -> [TextColumn] {
        var result = columns
        let rowCount = columns.first?.cells.count ?? 0
        guard rowCount > 1 else { return result }
        for row in 1..<rowCount {
            for column in 0..<min(keep, columns.count) {
                guard columns[column].cells[row] == columns[column].cells[row - 1] else { break }
                result[column].cells[row] = ""
            }
        }
        return result
    }

    /// `TextWrap.lines` at the table width, breaking after commas too (specs).
    func wrap(_ text: String, indent: String) -> [String] {
        TextWrap.lines(text, width: width, indent: indent, breakingAfterCommas: true)
    }

    // MARK: Numbers

    /// A cell's mean and interval texts: the mean to the precision its interval justifies.
    static func cell(_ statistics: MeanInterval?, metric: ResultMetric) -> Cell {
        guard let statistics else { return Cell(mean: "-", halfWidth: nil) }
        guard metric.showsInterval, let rawHalfWidth = statistics.halfWidth else {
            return Cell(mean: NumberText.significant(statistics.mean, digits: meanDigits), halfWidth: nil)
        }
        let halfWidth = MeanInterval.displayedHalfWidth(rawHalfWidth, mean: statistics.mean)
        let mean = NumberText.significant(
            statistics.mean, digits: justifiedDigits(mean: statistics.mean, halfWidth: halfWidth))
        // A fixed-notation mean and its half-width end at the same decimal place: 0.03375 ± 0.00049.
        if halfWidth > 0, halfWidth.isFinite, !mean.contains("e") {
            let decimals = mean.split(separator: ".").dropFirst().first?.count ?? 0
            if decimals == max(0, halfWidthDigits - 1 - Int(floor(log10(halfWidth)))) {
                return Cell(mean: mean, halfWidth: String(format: "%.\(decimals)f", halfWidth))
            }
        }
        return Cell(mean: mean, halfWidth: NumberText.significant(halfWidth, digits: halfWidthDigits))
    }

    /// Significant digits of a mean whose interval half-width is shown to 2 significant digits: down to
    /// the half-width's last digit, from 1 to `maximumMeanDigits`.
    static func justifiedDigits(mean: Double, halfWidth: Double) -> Int {
        guard mean != 0, mean.isFinite, halfWidth > 0, halfWidth.isFinite else { return meanDigits }
        let digits = Int(floor(log10(abs(mean)))) - Int(floor(log10(halfWidth))) + halfWidthDigits
        return min(maximumMeanDigits, max(1, digits))
    }
}

// MARK: - Parts and keys

/// The rows of one table: one data model (by name), target and task, grouped by cell.
struct TablePart {
    var target: String
    var summary: ResultSummary
    var keys: [RoleKey]
    var groups: [ResultGroup] { summary.groups }

    /// Splits rows by (data model name, target, task) in first-appearance order.
    static func parts(of rows: [ResultRow]) -> [TablePart] {
        var order: [String] = []
        var parts: [String: [ResultRow]] = [:]
        for row in rows {
            let key = [row.dataSpec?.name ?? row.data, row.target, row.task.rawValue].joined(separator: "\u{1F}")
            if parts[key] == nil { order.append(key) }
            parts[key, default: []].append(row)
        }
        return order.map { key in
            let part = parts[key]!
            let groups = group(part)
            let summary = ResultSummary(data: part[0].data, target: part[0].target, task: part[0].task, groups: groups)
            let keys = ["data", "estimator", "attack"].map { role in
                RoleKey(role: role, specs: groups.map { $0.spec(role) })
            }
            return TablePart(target: part[0].target, summary: summary, keys: keys)
        }
    }

    /// Groups by (estimator, attack, data) in first-appearance order, then n in first-appearance order.
    static func group(_ rows: [ResultRow]) -> [ResultGroup] {
        var keyOrder: [String] = []
        var nOrder: [String: [Int]] = [:]
        var cells: [String: ResultGroup] = [:]
        for row in rows {
            let key = [row.estimator, row.attack, row.data].joined(separator: "\u{1F}")
            let cell = key + "\u{1F}" + String(row.n)
            if nOrder[key] == nil {
                keyOrder.append(key)
                nOrder[key] = []
            }
            if cells[cell] == nil {
                nOrder[key]!.append(row.n)
                cells[cell] = ResultGroup(estimator: row.estimator, attack: row.attack, n: row.n, rows: [])
            }
            cells[cell]!.rows.append(row)
        }
        return keyOrder.flatMap { key in nOrder[key]!.map { cells[key + "\u{1F}" + String($0)]! } }
    }
}

/// How one role's specs (data, estimator or attack) appear in a table: in the title when shared, else
/// as swept-parameter columns and, when the rest still differs, a column of the rest.
struct RoleKey {
    var role: String
    /// The shared spec (short), shown in the title; nil when the role has columns.
    var title: String?
    var showsBase: Bool = false
    /// The swept numeric parameters, in first-appearance order.
    var parameters: [String] = []
    /// Spec → its short text without the swept parameters.
    var bases: [String: String] = [:]
    /// Spec → swept parameter → value.
    var values: [String: [String: Double]] = [:]
    /// Where the column shows a component's name alone (one spec per name): the name's full spec, for
    /// a note under the table (`pgd-l2 = pgd-l2(radius=0.1,steps=50,…)`); names equal to their spec are left out.
    var definitions: [(name: String, spec: String)] = []

    init(role: String, specs: [String]) {
        self.role = role
        var distinct: [String] = []
        for spec in specs where !distinct.contains(spec) { distinct.append(spec) }
        guard distinct.count > 1 else {
            title = distinct.first.map { SpecText.short($0) }
            return
        }
        let parsed = distinct.map { try? ComponentSpec(parsing: $0) }
        // Numeric parameters taking several values among the specs of one component.
        var seen: [String: Set<Double>] = [:]
        var order: [String] = []
        for spec in parsed.compactMap({ $0 }) {
            for argument in spec.arguments {
                guard case .number(let value) = argument.value else { continue }
                let key = spec.name + "\u{1F}" + argument.key
                if seen[key] == nil { order.append(key) }
                seen[key, default: []].insert(value)
            }
        }
        for key in order where seen[key]!.count > 1 {
            let name = String(key.split(separator: "\u{1F}")[1])
            if !parameters.contains(name) { parameters.append(name) }
        }
        let sweptByComponent = Set(order.filter { seen[$0]!.count > 1 })
        var baseTexts: [String: String] = [:]
        for (spec, component) in zip(distinct, parsed) {
            guard let component else {
                baseTexts[spec] = spec
                continue
            }
            let kept = component.arguments.filter { !sweptByComponent.contains(component.name + "\u{1F}" + $0.key) }
            baseTexts[spec] = ComponentSpec(name: component.name, arguments: kept).description
            for argument in component.arguments
            where sweptByComponent.contains(component.name + "\u{1F}" + argument.key) {
                if case .number(let value) = argument.value { values[spec, default: [:]][argument.key] = value }
            }
        }
        let shortBases = SpecText.distinct(Array(baseTexts.values))
        bases = baseTexts.mapValues { shortBases[$0] ?? $0 }
        if Set(baseTexts.values).count == 1 {
            title = bases.values.first
            return
        }
        showsBase = true
        // One spec per component name: the column shows the name, a note the spec.
        var specsByName: [String: Set<String>] = [:]
        var nameOrder: [String] = []
        let names = Dictionary(uniqueKeysWithValues: zip(distinct, parsed).map { ($0, $1?.name ?? $0) })
        for spec in distinct {
            let name = names[spec]!
            if specsByName[name] == nil { nameOrder.append(name) }
            specsByName[name, default: []].insert(bases[spec]!)
        }
        if specsByName.values.allSatisfy({ $0.count == 1 }) {
            for name in nameOrder where specsByName[name]!.first! != name {
                definitions.append((name, specsByName[name]!.first!))
            }
            bases = Dictionary(uniqueKeysWithValues: distinct.map { ($0, names[$0]!) })
        }
    }
}

extension ResultGroup {
    /// The group's spec of a role (`data`, `estimator`, `attack`).
    func spec(_ role: String) -> String {
        switch role {
        case "data": return rows.first?.data ?? ""
        case "estimator": return estimator
        default: return attack
        }
    }
}

// MARK: - Cells and columns

/// One table cell: a mean and, when there are several seeds, an interval half-width.
struct Cell {
    var mean: String
    var halfWidth: String?
}

/// A column of key texts (a spec, a parameter value, n).
struct TextColumn {
    var title: String
    var rightAligned: Bool
    var cells: [String]
    var width: Int { max(title.count, cells.map(\.count).max() ?? 0) }
}

/// The metric columns' cells and widths, and the rendering of the whole table.
struct MetricLayout {
    var metrics: [ResultMetric]
    let groups: [ResultGroup]
    /// Titles on two lines (broken at a space).
    var twoLineTitles = false
    /// Each interval on a line below its mean.
    var stacked = false

    init(metrics: [ResultMetric], groups: [ResultGroup]) {
        self.metrics = metrics
        self.groups = groups
    }

    func cells(_ metric: ResultMetric) -> [Cell] {
        groups.map { group in
            var value = TableFormatter.cell(group.statistics(metric), metric: metric)
            // A certified lower bound (nearest-flip) reads "≥ 0.41".
            if metric == .robustError, group.rows.allSatisfy(\.robustErrorIsLowerBound), value.mean != "-" {
                value.mean = "≥ " + value.mean
            }
            // A certified upper bound shows its gap to the attack's estimate: "0.66 (×1.09)".
            if let gap = TableFormatter.certifiedGap(group, metric: metric), value.mean != "-" {
                value.mean += " " + gap
            }
            return value
        }
    }

    /// A title as one or two lines.
    func titleLines(_ title: String) -> [String] {
        guard twoLineTitles, title.contains(" ") else { return [title] }
        let words = title.split(separator: " ").map(String.init)
        var best = [title]
        var bestWidth = Int.max
        for split in 1..<words.count {
            let lines = [words[..<split].joined(separator: " "), words[split...].joined(separator: " ")]
            let width = lines.map(\.count).max()!
            if width < bestWidth {
                best = lines
                bestWidth = width
            }
        }
        return best
    }

    /// (mean width, half-width width, column width) of a metric column.
    func widths(_ metric: ResultMetric, _ cells: [Cell]) -> (mean: Int, half: Int, column: Int) {
        let mean = cells.map(\.mean.count).max() ?? 1
        let half = cells.map { $0.halfWidth?.count ?? 0 }.max() ?? 0
        let numbers = stacked ? max(mean, half > 0 ? half + 2 : 0) : mean + (half > 0 ? 3 + half : 0)
        return (mean, half, max(numbers, titleLines(metric.title).map(\.count).max() ?? 0))
    }

    func width(keys: [TextColumn]) -> Int {
        let keyWidth = keys.map(\.width).reduce(0, +) + 2 * max(0, keys.count - 1)
        return keyWidth + metrics.map { 2 + widths($0, cells($0)).column }.reduce(0, +)
    }

    func render(keys: [TextColumn]) -> [String] {
        let metricCells = metrics.map(cells)
        let metricWidths = metrics.indices.map { widths(metrics[$0], metricCells[$0]) }
        let titleRows = twoLineTitles ? 2 : 1
        var lines: [String] = []
        for titleRow in 0..<titleRows {
            var parts: [String] = []
            for key in keys {
                let text = titleRow == titleRows - 1 ? key.title : ""
                parts.append(key.rightAligned ? pad(text, key.width) : padRight(text, key.width))
            }
            for (index, metric) in metrics.enumerated() {
                let titles = titleLines(metric.title)
                let text =
                    titleRow - (titleRows - titles.count) >= 0 ? titles[titleRow - (titleRows - titles.count)] : ""
                parts.append(padRight(text, metricWidths[index].column))
            }
            lines.append(trimmed(parts.joined(separator: "  ")))
        }
        for row in groups.indices {
            var first: [String] = keys.map {
                $0.rightAligned ? pad($0.cells[row], $0.width) : padRight($0.cells[row], $0.width)
            }
            var second: [String] = keys.map { String(repeating: " ", count: $0.width) }
            var needsSecond = false
            for (index, cell) in metricCells.map({ $0[row] }).enumerated() {
                let w = metricWidths[index]
                if stacked {
                    first.append(padRight(pad(cell.mean, w.mean), w.column))
                    let interval = cell.halfWidth.map { "± " + $0 } ?? ""
                    needsSecond = needsSecond || !interval.isEmpty
                    second.append(padRight(pad(interval, w.mean), w.column))
                } else {
                    var text = pad(cell.mean, w.mean)
                    if w.half > 0 { text += cell.halfWidth.map { " ± " + $0 } ?? "" }
                    first.append(padRight(text, w.column))
                }
            }
            lines.append(trimmed(first.joined(separator: "  ")))
            if needsSecond { lines.append(trimmed(second.joined(separator: "  "))) }
        }
        return lines
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func trimmed(_ line: String) -> String { String(line.reversed().drop { $0 == " " }.reversed()) }
}
