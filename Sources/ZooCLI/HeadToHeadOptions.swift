import ZooCore
import ZooReport

// MARK: - --head-to-head, --baseline, --adjust

/// The head-to-head options of `zoo compare` and `zoo report` (docs/head-to-head.md).
///
/// `--head-to-head` prints the paired comparisons of every pair of estimators; `--baseline SPEC` implies
/// it and compares each estimator with SPEC only; `--adjust` chooses the multiple-comparison adjustment.
/// The same choices shape the report's head-to-head section, which is on whenever there are two or more
/// estimators.
enum HeadToHeadOptions {
    static let flag = Flag(
        "--head-to-head",
        help: "print the paired differences between estimators over seeds (intervals, wins, sign and Wilcoxon tests)")
    static let options = [
        Option(
            "--baseline", valueName: "SPEC", help: "compare each estimator with this one only (implies --head-to-head)"),
        Option(
            "--adjust", help: "multiple-comparison adjustment of the head-to-head p-values (and interval levels)",
            defaultValue: "holm", choices: MultipleComparisonAdjustment.allCases.map(\.rawValue)),
    ]

    /// Whether a head-to-head table was asked for, and its configuration (baseline canonicalised by the
    /// registry, so `ridge(lambda=0.1)` matches the rows' full spec).
    static func parse(_ parsed: ParsedArguments, registry: Registry) throws(ZooError) -> (
        requested: Bool, headToHead: HeadToHead
    ) {
        let adjustment = try MultipleComparisonAdjustment(parsing: parsed.string("--adjust") ?? "holm")
        var baseline: String? = nil
        if let text = parsed.string("--baseline") {
            do throws(ZooError) {
                baseline = try registry.makeEstimator(try ComponentSpec(parsing: text)).spec
            } catch {
                throw .usage("--baseline '\(text)': \(error.description)")
            }
        }
        return (
            parsed.flag("--head-to-head") || baseline != nil, HeadToHead(baseline: baseline, adjustment: adjustment)
        )
    }

    /// Refuses a baseline that is not one of the experiment's estimators (before anything runs).
    static func check(_ headToHead: HeadToHead, estimators: [ComponentSpec], registry: Registry) throws(ZooError) {
        guard let baseline = headToHead.baseline else { return }
        var specs = [String]()
        for spec in estimators { specs.append((try? registry.makeEstimator(spec).spec) ?? spec.description) }
        guard specs.contains(baseline) else {
            throw .usage(
                "--baseline \(baseline) is not one of --estimators (\(specs.joined(separator: "; "))): add it to --estimators or choose one of them"
            )
        }
    }
}
