import Foundation
import ZooCore

// MARK: - One resource model for every command

/// What a run, a grid or a theory curve costs, checked by every command before it allocates or starts
/// (docs/reliability.md). All arithmetic is in `Double` or `Saturating`, so no size — `--n
/// 9223372036854775807`, `d=1e12`, a grid of 10¹⁵ points, `--shard 1/9223372036854775807` — can trap:
/// each gets a refusal naming the size that drives the cost.
///
/// **Time** is a lower bound (rates well above what any current machine reaches), refused beyond
/// `maximumRunSeconds`: drawing every sample, every fit (n·d, or the estimator's `DeclaresFitWork` —
/// training steps × width, features, kernel matrices), every attack (m·d, or the attack's
/// `DeclaresAttackWork` — steps × restarts), and a fixed cost per row. **Memory** is the largest cell's
/// estimate (`ExperimentPlan.checkMemory`, streaming where possible), the rows kept for tables and
/// reports, the cells a shard split lists, and the population a theory curve builds.
public enum ResourceModel {
    /// The most cells one run may have (10¹¹: far beyond any run that finishes, far below Int's range).
    public static let maximumCells = 100_000_000_000
    /// The most grid points an experiment file may describe; counted before any point is built.
    public static let maximumGridPoints = 1_000_000
    /// The longest run accepted, by the lower bound of `minimumSeconds` (30 days).
    public static let maximumRunSeconds = 30.0 * 86_400
    /// Rates for the lower bound on a run's time: Gaussian draws per second, multiply-adds per second,
    /// and the fixed cost of evaluating, formatting and writing one row.
    static let normalsPerSecond = 2e9
    static let multiplyAddsPerSecond = 2e11
    /// The rate for declared iterative work (training and attack steps): each step waits for the one
    /// before, so it runs at matrix-vector speed at best, bounded by memory bandwidth.
    static let iterativeMultiplyAddsPerSecond = 5e10
    static let secondsPerRow = 2e-6
    /// Bytes per cell listed by a shard split (`Shard.cells`).
    static let bytesPerListedCell = 128.0

    /// The memory a command may plan to use: three quarters of the machine's.
    public static var availableBytes: Double { 0.75 * Double(ProcessInfo.processInfo.physicalMemory) }

    static func gib(_ bytes: Double) -> String { String(format: "%.3g GiB", bytes / 1_073_741_824) }

    // MARK: Grids, before expansion

    /// Refuses a grid whose point count (the product of the axes' lengths, saturating) exceeds
    /// `maximumGridPoints`, or whose cells (points × sizes × seeds × estimators × attacks) exceed
    /// `maximumCells` — before a single point is built. `axes` are (path, number of values).
    public static func checkGrid(
        axes: [(path: String, count: Int)], sizes: Int, seeds: Int, estimators: Int,
        attacks: Int
    ) throws(ZooError) {
        let points = Saturating.product(axes.map(\.count))
        let described = axes.map { "\($0.path): \($0.count)" }.joined(separator: " × ")
        guard points <= maximumGridPoints else {
            throw .resources(
                "the grid has \(points == .max ? "more than 9.2e18" : String(points)) points (\(described)), more than the \(maximumGridPoints) one experiment file may have: use fewer values per axis or split the grid over several files"
            )
        }
        let cells = Double(points) * Double(sizes) * Double(seeds) * Double(estimators) * Double(attacks)
        guard cells <= Double(maximumCells) else {
            throw .resources(
                String(
                    format:
                        "the grid has %.3g cells (%ld points × %ld sizes × %ld seeds × %ld estimators × %ld attacks), more than the %.0e one run may have: lower seeds or split the grid",
                    cells, points, sizes, seeds, estimators, attacks, Double(maximumCells)))
        }
    }

    // MARK: Time

    /// A lower bound on one group's seconds (see the type's documentation).
    public static func minimumSeconds(
        _ experiment: Experiment, dimension: Int, estimators: [any Estimator], attacks: [any Attack]
    ) -> Double {
        let d = Double(dimension)
        let m = Double(experiment.testSize)
        let seeds = Double(experiment.seedCount)
        let sumN = experiment.sampleSizes.reduce(0.0) { $0 + Double($1) }
        let draws = seeds * (sumN + m * Double(experiment.sampleSizes.count)) * d / normalsPerSecond
        var operations = 0.0
        var iterative = 0.0
        for n in experiment.sampleSizes {
            for estimator in estimators {
                if let work = (estimator as? any DeclaresFitWork)?.estimatedFitOperations(
                    samples: n, dimension: dimension)
                {
                    iterative += work
                } else {
                    operations += Double(n) * d
                }
                operations += m * d  // predicting on the test points
            }
        }
        var attackOperations = 0.0
        var attackIterative = 0.0
        for attack in attacks {
            if let work = (attack as? any DeclaresAttackWork)?.estimatedAttackOperations(
                points: experiment.testSize, dimension: dimension)
            {
                attackIterative += work
            } else {
                attackOperations += m * d
            }
        }
        let pairs = Double(estimators.count) * Double(experiment.sampleSizes.count)
        operations += attackOperations * pairs
        iterative += attackIterative * pairs
        let rows =
            seeds * Double(experiment.sampleSizes.count) * Double(estimators.count) * Double(attacks.count)
            * secondsPerRow
        return draws + seeds * (operations / multiplyAddsPerSecond + iterative / iterativeMultiplyAddsPerSecond) + rows
    }

    /// Refuses a run (all its groups) whose cells exceed `maximumCells` or whose time lower bound
    /// exceeds `maximumRunSeconds`, naming the largest cost driver. Returns the cell count.
    @discardableResult
    public static func checkRun(
        _ groups: [(experiment: Experiment, dimension: Int, estimators: [any Estimator], attacks: [any Attack])]
    ) throws(ZooError) -> Int {
        var cells = 0.0
        var seconds = 0.0
        for group in groups {
            let e = group.experiment
            cells +=
                Double(e.sampleSizes.count) * Double(e.seedCount) * Double(group.estimators.count)
                * Double(group.attacks.count)
            seconds += minimumSeconds(
                e, dimension: group.dimension, estimators: group.estimators, attacks: group.attacks)
        }
        guard cells <= Double(maximumCells) else {
            throw .resources(
                String(
                    format:
                        "the run has %.3g cells (sizes × seeds × estimators × attacks), more than the %.0e one run may have: lower --seeds or split the run",
                    cells, Double(maximumCells)))
        }
        guard seconds <= maximumRunSeconds else {
            throw .resources(
                String(
                    format: "the run would take at least %.3g days (a lower bound from its %.3g cells, ",
                    seconds / 86_400, cells)
                    + drivers(groups.first!)
                    + String(
                        format:
                            "), more than the %.0f days one run may take: lower the largest of these, or split the run",
                        maximumRunSeconds / 86_400))
        }
        return Int(cells)
    }

    /// The sizes that drive a group's time, largest first, for messages.
    static func drivers(
        _ group: (experiment: Experiment, dimension: Int, estimators: [any Estimator], attacks: [any Attack])
    ) -> String {
        let e = group.experiment
        let d = Double(group.dimension)
        let m = Double(e.testSize)
        let n = Double(e.sampleSizes.max() ?? 0)
        var parts: [(String, Double)] = [
            ("n=\(e.sampleSizes.max() ?? 0)", n * d), ("test=\(e.testSize)", m * d), ("seeds=\(e.seedCount)", 0),
        ]
        for estimator in group.estimators {
            if let work = (estimator as? any DeclaresFitWork)?.estimatedFitOperations(
                samples: Int(min(n, 9e15)), dimension: group.dimension), work > n * d
            {
                parts.append(("\(estimator.spec)'s fit", work))
            }
        }
        for attack in group.attacks {
            if let work = (attack as? any DeclaresAttackWork)?.estimatedAttackOperations(
                points: e.testSize, dimension: group.dimension), work > m * d
            {
                parts.append(("\(attack.spec) on the test points", work))
            }
        }
        let sorted = parts.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map(\.0)
        return "d=\(group.dimension); largest costs: " + (sorted + ["seeds=\(e.seedCount)"]).joined(separator: ", ")
    }

    // MARK: Memory

    /// Refuses listing `cells` (seed, n) samples for a shard split beyond the memory budget.
    public static func checkShardSplit(cells: Int, shards: Int) throws(ZooError) {
        let bytes = Double(cells) * bytesPerListedCell + Double(min(shards, cells)) * 8
        guard bytes <= availableBytes else {
            throw .resources(
                "splitting \(cells) (seed, n) samples into \(shards) shards needs about \(gib(bytes)) for the cell list, more than the \(gib(availableBytes)) this machine can spare: lower --seeds or the grid"
            )
        }
    }

    /// Refuses a theory curve whose population (Σ's diagonal, θ*, their grouped spectrum: about six
    /// d-vectors) does not fit in memory, before it is built.
    public static func checkTheory(
        data: any DataModel, estimators: Int, attacks: Int, sizes: Int, available: Double = availableBytes
    ) throws(ZooError) {
        let d = Double(data.dimension ?? 0)
        let bytes = 6 * 8 * d
        guard bytes <= available else {
            throw .resources(
                "the theory for \(data.spec) builds its population's d-vectors: d=\(data.dimension ?? 0) needs about \(gib(bytes)), more than the \(gib(available)) this machine can spare: lower d"
            )
        }
        let rows = Double(estimators) * Double(attacks) * Double(sizes)
        guard rows <= 1e8 else {
            throw .resources(
                String(format: "zoo theory would print %.3g rows (estimators × attacks × sizes): give fewer", rows))
        }
    }
}
