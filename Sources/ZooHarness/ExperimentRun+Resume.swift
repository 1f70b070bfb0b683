import ZooCore

// MARK: - Checking the rows a resumed run keeps

extension ExperimentRun {
    /// The cells of `rows` (read back from a results file, `lines` their line numbers), for
    /// `run(skipping:)`: `zoo run --resume` keeps the rows already in `--out` and runs the rest.
    ///
    /// Matching fingerprints are not enough: every kept row must be a cell of this run (this shard's,
    /// for a sharded run), and appear once. A row of another experiment, a duplicated cell or a row
    /// outside the shard is refused with its line number, so a resumed file can never mix in rows that
    /// a fresh run would not have written. A row belongs to the first group with its data spec.
    public func finishedCells(of rows: [ResultRow], lines: [Int], file: String) throws(ZooError) -> Set<CellKey> {
        var groups = [String: Int]()
        for (index, plan) in plans.enumerated() where groups[plan.data.spec] == nil { groups[plan.data.spec] = index }
        let estimators = plans.map { plan in
            Dictionary(plan.estimators.enumerated().map { ($0.element.spec, $0.offset) }) { first, _ in first }
        }
        let attacks = plans.map { plan in
            Dictionary(plan.attacks.enumerated().map { ($0.element.spec, $0.offset) }) { first, _ in first }
        }
        var seen = [CellKey: Int]()
        for (row, line) in zip(rows, lines) {
            func refuse(_ why: String) -> ZooError {
                .invalidData(
                    "cannot resume '\(file)': line \(line): \(why): the file does not hold only this run's rows; use a new --out file (or --force to start over)"
                )
            }
            guard let group = groups[row.data] else { throw refuse("data \(row.data) is not in this run") }
            let plan = plans[group]
            let samples = plan.samples(group: group)
            guard let estimator = estimators[group][row.estimator] else {
                throw refuse("estimator \(row.estimator) is not in this run")
            }
            guard let attack = attacks[group][row.attack] else {
                throw refuse("attack \(row.attack) is not in this run")
            }
            guard row.target == plan.targetName else {
                throw refuse("target \(row.target), but this run's is \(plan.targetName)")
            }
            guard samples.containsSize(row.n) else { throw refuse("n=\(row.n) is not one of this run's sizes") }
            guard samples.containsSeed(row.seed) else { throw refuse("seed \(row.seed) is outside this run's seeds") }
            let sample = SampleKey(group: group, seed: row.seed, n: row.n)
            if let selection, !selection.contains(sample) {
                throw refuse("the cell (seed \(row.seed), n=\(row.n)) belongs to another shard")
            }
            let key = CellKey(sample: sample, estimator: estimator, attack: attack)
            if let earlier = seen[key] {
                throw refuse("the cell \(row.cellKey) is also on line \(earlier) (a duplicated row)")
            }
            seen[key] = line
        }
        return Set(seen.keys)
    }
}
