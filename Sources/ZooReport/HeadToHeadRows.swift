import ZooHarness

// MARK: - Head to head as data

/// The head-to-head comparisons as rows (`zoo report RESULTS --head-to-head --format csv|jsonl`): one row
/// per (data, target, attack, n, risk, A, B), in the order of the terminal table's source, with the
/// columns of `columns` — loadable with pandas (`pd.read_csv`, `pd.read_json(lines=True)`).
///
/// Numbers are `NumberText.exact` (shortest round trip); a value that does not apply (no interval with
/// one paired seed, no test when every seed ties) is an empty CSV field / JSON `null`.
public enum HeadToHeadRows {
    /// The column names and what each holds (docs/head-to-head.md lists the same).
    public static let columns: [(name: String, meaning: String)] = [
        ("data", "the data model's canonical spec"),
        ("target", "clean, label or consistent"),
        ("attack", "the attack's canonical spec"),
        ("n", "training-set size"),
        ("metric", "the compared column, e.g. adversarial_risk"),
        ("estimator_a", "A, the estimator whose value comes first in A − B"),
        ("estimator_b", "B (the baseline, with --baseline)"),
        ("paired_seeds", "seeds with a value for both"),
        ("only_a", "seeds with a value for A only (left out)"),
        ("only_b", "seeds with a value for B only (left out)"),
        ("mean_difference", "mean over paired seeds of A − B"),
        ("ci_lower", "lower end of the Student t interval of the mean difference"),
        ("ci_upper", "upper end of the interval"),
        ("confidence", "the interval's confidence level (0.95, or 1 − 0.05/m when adjusted)"),
        ("wins_a", "paired seeds with A − B < 0 (A better)"),
        ("wins_b", "paired seeds with A − B > 0 (B better)"),
        ("ties", "paired seeds with A − B = 0 exactly"),
        ("p_sign", "exact two-sided sign test, unadjusted"),
        ("p_wilcoxon", "two-sided Wilcoxon signed-rank test, unadjusted"),
        ("wilcoxon_method", "exact or normal"),
        ("adjustment", "holm, bonferroni or none"),
        ("family_size", "m: the comparisons of this risk at this (data, target, attack, n) with an interval"),
        ("p_sign_adjusted", "p_sign after the adjustment"),
        ("p_wilcoxon_adjusted", "p_wilcoxon after the adjustment"),
    ]

    /// A comparison's values, in the order of `columns`.
    public static func fields(_ c: PairedComparison) -> [FieldValue] {
        [
            .text(c.data), .text(c.target), .text(c.attack), .integer(c.n), .text(c.metric.name),
            .text(c.estimatorA), .text(c.estimatorB), .integer(c.pairedSeeds), .integer(c.onlyA), .integer(c.onlyB),
            .number(c.meanDifference), .number(c.lower), .number(c.upper), .number(c.confidence),
            .integer(c.winsA), .integer(c.winsB), .integer(c.ties), .number(c.pSign), .number(c.pWilcoxon),
            .text(c.wilcoxonMethod?.rawValue), .text(c.adjustment.rawValue), .integer(c.familySize),
            .number(c.pSignAdjusted), .number(c.pWilcoxonAdjusted),
        ]
    }

    /// A CSV document: the header line, then one record per comparison.
    public static func csv(_ comparisons: [PairedComparison]) -> String {
        ([columns.map { CSVResultWriter.quote($0.name) }.joined(separator: ",")]
            + comparisons.map { fields($0).map(CSVResultWriter.field(for:)).joined(separator: ",") })
            .map { $0 + "\n" }.joined()
    }

    /// A JSON Lines document: one object per comparison, keys in the order of `columns`.
    public static func jsonLines(_ comparisons: [PairedComparison]) -> String {
        comparisons.map { comparison in
            "{"
                + zip(columns, fields(comparison)).map {
                    JSONLinesResultWriter.quote($0.0.name) + ":" + JSONLinesResultWriter.value($0.1)
                }
                .joined(separator: ",") + "}\n"
        }.joined()
    }

    /// The comparisons in an output format: the terminal table, CSV or JSON Lines.
    public static func render(
        _ comparisons: [PairedComparison], format: ResultFormat, width: Int = HeadToHeadTable.defaultWidth
    ) -> String {
        switch format {
        case .table: return HeadToHeadTable(width: width).format(comparisons)
        case .csv: return csv(comparisons)
        case .jsonl: return jsonLines(comparisons)
        }
    }
}
