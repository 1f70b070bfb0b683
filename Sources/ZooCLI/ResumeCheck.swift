import ZooCore
import ZooHarness
import ZooReport

// MARK: - Checking the rows a resumed run keeps

/// `zoo run --resume` keeps the rows already in `--out` and runs the rest. Matching fingerprints are not
/// enough: every kept row must be a cell of this run (this shard's, for `--shard`), and appear once.
/// A row of another experiment, a duplicated cell or a row outside the shard is refused with its line
/// number, so a resumed file can never mix in rows that a fresh run would not have written.
struct ResumeCheck {
    let plans: [ExperimentPlan]
    /// Per group, the "seed n" samples this shard runs (nil: all).
    let selected: [Set<String>]?

    /// The finished cell keys, after checking every row.
    func check(_ contents: ResultFileContents, file: String) throws(ZooError) -> Set<String> {
        var groups = [String: Int]()
        for (index, plan) in plans.enumerated() where groups[plan.data.spec] == nil { groups[plan.data.spec] = index }
        let estimators = plans.map { Set($0.estimators.map(\.spec)) }
        let attacks = plans.map { Set($0.attacks.map(\.spec)) }
        var seen = [String: Int]()
        for (row, line) in zip(contents.rows, contents.rowLines) {
            func refuse(_ why: String) -> ZooError {
                .invalidData(
                    "cannot resume '\(file)': line \(line): \(why): the file does not hold only this run's rows; use a new --out file (or --force to start over)"
                )
            }
            guard let group = groups[row.data] else { throw refuse("data \(row.data) is not in this run") }
            let plan = plans[group]
            guard estimators[group].contains(row.estimator) else {
                throw refuse("estimator \(row.estimator) is not in this run")
            }
            guard attacks[group].contains(row.attack) else { throw refuse("attack \(row.attack) is not in this run") }
            guard row.target == plan.targetName else {
                throw refuse("target \(row.target), but this run's is \(plan.targetName)")
            }
            guard plan.experiment.sampleSizes.contains(row.n) else {
                throw refuse("n=\(row.n) is not one of this run's sizes")
            }
            let first = plan.experiment.firstSeed
            guard row.seed >= first, row.seed - first < UInt64(plan.experiment.seedCount) else {
                throw refuse("seed \(row.seed) is outside this run's seeds")
            }
            if let selected, !selected[group].contains("\(row.seed) \(row.n)") {
                throw refuse("the cell (seed \(row.seed), n=\(row.n)) belongs to another shard")
            }
            let key = row.cellKey
            if let earlier = seen[key] { throw refuse("the cell \(key) is also on line \(earlier) (a duplicated row)") }
            seen[key] = line
        }
        return Set(seen.keys)
    }
}
