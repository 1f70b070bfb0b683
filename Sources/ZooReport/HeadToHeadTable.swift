import ZooHarness

// MARK: - Head to head in the terminal

/// The head-to-head comparisons as a terminal table (`zoo compare --head-to-head`, `zoo report
/// --head-to-head`), laid out for `width` columns (80 by default):
///
///     head to head · data: spiked(d=2000,k=10,spike=1,tail=10,signal=1,noise=0.5)
///       target: clean · attack: exact-l2(radius=0.1)
///
///       min-norm  −  ridge(lambda=0.1)
///            n  risk          A − B ± CI             A:B:tie  p sign  p Wilcoxon
///          100  standard      0.1234 ± 0.012 *        0:10:0  0.0020      0.0020
///               adversarial   …
///
/// A − B is the mean paired difference over the seeds both estimators have, `*` marks an interval that
/// excludes 0, A:B:tie counts the seeds each side wins (lower is better) and the ties, and the p-values
/// are the family's adjusted ones. A note under the table states the interval level and adjustment;
/// unpaired seeds (a partner's row missing) are listed under their pair.
public struct HeadToHeadTable: Sendable {
    public var width: Int
    public static let defaultWidth = 80

    public init(width: Int = HeadToHeadTable.defaultWidth) { self.width = max(width, 40) }

    /// Short risk names for the `risk` column.
    static func shortTitle(_ metric: ResultMetric) -> String { metric.shortTitle }

    /// The table; an empty string for no comparisons.
    public func format(_ comparisons: [PairedComparison]) -> String {
        guard !comparisons.isEmpty else { return "" }
        var lines = [String]()
        var section: String? = nil
        var attack: String? = nil
        var pair: String? = nil
        var block = [PairedComparison]()

        func flushBlock() {
            guard !block.isEmpty else { return }
            lines += blockLines(block)
            block = []
        }
        for comparison in Self.ordered(comparisons) {
            let sectionKey = comparison.data + "\u{1F}" + comparison.target
            if sectionKey != section {
                flushBlock()
                if section != nil { lines.append("") }
                section = sectionKey
                attack = nil
                lines += wrap("head to head · data: " + comparison.data, indent: "      ")
            }
            if comparison.attack != attack {
                flushBlock()
                attack = comparison.attack
                pair = nil
                lines += wrap(
                    "target: \(comparison.target) · attack: \(comparison.attack)", indent: "    ", first: "  ")
            }
            let pairKey = comparison.estimatorA + "\u{1F}" + comparison.estimatorB
            if pairKey != pair {
                flushBlock()
                pair = pairKey
                lines.append("")
                let title = comparison.estimatorA + "  −  " + comparison.estimatorB
                lines +=
                    title.count + 2 <= width
                    ? ["  " + title]
                    : wrap(comparison.estimatorA, indent: "    ", first: "  ")
                        + wrap("− " + comparison.estimatorB, indent: "      ", first: "  ")
            }
            block.append(comparison)
        }
        flushBlock()
        lines.append("")
        lines += Self.notes(comparisons).flatMap { wrap($0, indent: "") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Sections by (data, target), then attack, then pair, then n, then risk — in order of first appearance.
    static func ordered(_ comparisons: [PairedComparison]) -> [PairedComparison] {
        func rank(_ key: (PairedComparison) -> String) -> [String: Int] {
            var result = [String: Int]()
            for comparison in comparisons where result[key(comparison)] == nil {
                result[key(comparison)] = result.count
            }
            return result
        }
        let section = rank { $0.data + "\u{1F}" + $0.target }
        let attack = rank(\.attack)
        let pair = rank { $0.estimatorA + "\u{1F}" + $0.estimatorB }
        return comparisons.enumerated().sorted { left, right in
            let l = left.element
            let r = right.element
            let lk = [
                section[l.data + "\u{1F}" + l.target]!, attack[l.attack]!,
                pair[l.estimatorA + "\u{1F}" + l.estimatorB]!,
            ]
            let rk = [
                section[r.data + "\u{1F}" + r.target]!, attack[r.attack]!,
                pair[r.estimatorA + "\u{1F}" + r.estimatorB]!,
            ]
            if lk != rk { return lk.lexicographicallyPrecedes(rk) }
            return left.offset < right.offset  // n, then risk, as computed
        }.map(\.element)
    }

    // MARK: One pair

    static let nWidth = 7, riskWidth = 14

    /// The text of a comparison's cells: difference ± half-width (with `*`), wins, p-values.
    static func cells(_ c: PairedComparison) -> (
        mean: String, interval: String, wins: String, pSign: String, pWilcoxon: String
    ) {
        let mean = c.meanDifference.map { NumberText.significant($0, digits: TableFormatter.meanDigits) } ?? "-"
        var interval = ""
        if let halfWidth = c.halfWidth, let difference = c.meanDifference {
            interval =
                "± "
                + NumberText.significant(
                    MeanInterval.displayedHalfWidth(halfWidth, mean: difference), digits: TableFormatter.halfWidthDigits
                )
            if c.intervalExcludesZero { interval += " *" }
        }
        return (mean, interval, "\(c.winsA):\(c.winsB):\(c.ties)", pText(c.pSignAdjusted), pText(c.pWilcoxonAdjusted))
    }

    static func pText(_ p: Double?) -> String { p.map { NumberText.significant($0, digits: 2) } ?? "-" }

    private func blockLines(_ block: [PairedComparison]) -> [String] {
        // Means right-aligned (decimal points line up for equal exponents), intervals after them.
        let meanWidth = block.map { Self.cells($0).mean.count }.max() ?? 0
        let cells = block.map(Self.cells).map { cell in
            (
                difference: String(repeating: " ", count: meanWidth - cell.mean.count) + cell.mean
                    + (cell.interval.isEmpty ? "" : " " + cell.interval),
                wins: cell.wins, pSign: cell.pSign, pWilcoxon: cell.pWilcoxon
            )
        }
        let differenceWidth = max("A − B ± CI".count, cells.map(\.difference.count).max() ?? 0)
        let winsWidth = max("A:B:tie".count, cells.map(\.wins.count).max() ?? 0)
        let signWidth = max("p sign".count, cells.map(\.pSign.count).max() ?? 0)
        func line(_ n: String, _ risk: String, _ difference: String, _ wins: String, _ sign: String, _ wilcoxon: String)
            -> String
        {
            let text =
                pad(n, Self.nWidth) + "  " + padRight(risk, Self.riskWidth) + "  "
                + padRight(difference, differenceWidth)
                + "  " + pad(wins, winsWidth) + "  " + pad(sign, signWidth) + "  " + pad(wilcoxon, "p Wilcoxon".count)
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        var lines = [line("n", "risk", "A − B ± CI", "A:B:tie", "p sign", "p Wilcoxon")]
        var previousN: Int? = nil
        for (c, cell) in zip(block, cells) {
            lines.append(
                line(
                    c.n == previousN ? "" : String(c.n), Self.shortTitle(c.metric), cell.difference, cell.wins,
                    cell.pSign, cell.pWilcoxon))
            previousN = c.n
        }
        // Unpaired seeds, once per n (the same for every risk unless a value is missing).
        var reported = Set<String>()
        for c in block where c.onlyA > 0 || c.onlyB > 0 || c.pairedSeeds < 2 {
            let text: String
            if c.pairedSeeds == 0 {
                text =
                    "n=\(c.n) \(Self.shortTitle(c.metric)): no paired seed (\(c.onlyA) with A only, \(c.onlyB) with B only)"
            } else if c.onlyA > 0 || c.onlyB > 0 {
                text =
                    "n=\(c.n) \(Self.shortTitle(c.metric)): \(c.pairedSeeds) paired seeds; left out \(c.onlyA) with A only, \(c.onlyB) with B only"
            } else {
                text = "n=\(c.n): one paired seed, no interval"
            }
            if reported.insert(text).inserted { lines += wrap(text, indent: "      ", first: "    ") }
        }
        return lines
    }

    // MARK: Notes

    /// What the table's numbers are: differences, marks, interval level and adjustment, test methods.
    static func notes(_ comparisons: [PairedComparison]) -> [String] {
        guard let first = comparisons.first else { return [] }
        var notes = [
            "A − B: mean over paired seeds of A's value minus B's (lower is better: A wins a seed where A − B < 0); A:B:tie counts the seeds each wins and the exact ties."
        ]
        let sizes = Set(comparisons.filter { $0.halfWidth != nil }.map(\.familySize)).sorted()
        switch first.adjustment {
        case .none:
            notes.append(
                "CI: 95% Student t interval of the mean difference (unadjusted); * where it excludes 0. p: two-sided exact sign test and Wilcoxon signed-rank test, unadjusted."
            )
        case .holm, .bonferroni:
            let levels = sizes.map { size in
                "\(NumberText.compact(Double(String(format: "%.4g", 100 * MultipleComparisonAdjustment.holm.confidence(familySize: size))) ?? 0))% for m = \(size)"
            }
            notes.append(
                "CI: Student t interval of the mean difference at the Bonferroni level 1 − 0.05/m, m the comparisons of one risk at one n (\(levels.isEmpty ? "none" : levels.joined(separator: ", "))); * where it excludes 0. p: two-sided exact sign test and Wilcoxon signed-rank test, \(first.adjustment.rawValue == "holm" ? "Holm" : "Bonferroni")-adjusted within the same families (--adjust none for raw values)."
            )
        }
        // Both exact tests have smallest two-sided p-value 2/2^m with m non-tied seeds: above 0.05 for m ≤ 5.
        if comparisons.contains(where: { $0.pSign != nil && $0.winsA + $0.winsB <= 5 }) {
            notes.append(
                "With 5 or fewer non-tied seeds the exact tests cannot reach p < 0.05 (their smallest p is 2/2^m): run more seeds, or read the intervals."
            )
        }
        if comparisons.contains(where: \.comparesLowerBounds) {
            notes.append(
                "robust: the attack's robust errors are certified lower bounds (it may miss flips), so their differences compare lower bounds, not the true robust errors."
            )
        }
        if comparisons.contains(where: { $0.wilcoxonMethod == .normal }) {
            notes.append(
                "Wilcoxon: exact for up to \(WilcoxonSignedRank.exactLimit) non-tied seeds, normal approximation beyond."
            )
        }
        return notes
    }

    // MARK: Text helpers

    /// `text` after `first` (leading spaces), wrapped at the width; continuation lines start with `indent`.
    private func wrap(_ text: String, indent: String, first: String = "") -> [String] {
        TextWrap.lines(first + text, width: width, indent: indent, breakingAfterCommas: true)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
    private func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
