import ZooCore

// MARK: - The cells of a run, typed

/// One (seed, n) sample of one group of a run: the unit a run draws, shards and resumes. Every
/// estimator × attack of the group shares it (the drawn samples, the ridge path, each estimator's fit).
public struct SampleKey: Hashable, Sendable {
    /// Index of the group (`ExperimentGrid.groups`, or `ExperimentRun.plans`) in run order.
    public let group: Int
    public let seed: UInt64
    public let n: Int

    public init(group: Int, seed: UInt64, n: Int) {
        self.group = group
        self.seed = seed
        self.n = n
    }
}

/// One row of a run: a sample with one estimator and one attack of its group (indices into the group's
/// `ExperimentPlan.estimators` and `attacks`). A run's rows and its cell keys correspond one to one.
public struct CellKey: Hashable, Sendable {
    public let sample: SampleKey
    public let estimator: Int
    public let attack: Int

    public init(sample: SampleKey, estimator: Int, attack: Int) {
        self.sample = sample
        self.estimator = estimator
        self.attack = attack
    }
}

/// The samples of one group in run order: seeds outer, then n, so an interrupted sweep has whole
/// risk-versus-n curves for its first seeds. This is the one enumeration of a run's cells: the runner
/// iterates it, `RunCell.all(in:)` (and so every shard) lists it, row counts count it and a resumed
/// file's rows are checked against it. Lazy: a run of 10¹⁰ samples is never listed unless sharded.
public struct GroupSamples: Sequence, Sendable {
    public let group: Int
    /// The first seed and how many seeds follow it (`Experiment.firstSeed`, `seedCount`).
    public let firstSeed: UInt64
    public let seedCount: Int
    /// The training sizes, in run order.
    public let sizes: [Int]

    public init(group: Int, experiment: Experiment) {
        self.group = group
        firstSeed = experiment.firstSeed
        seedCount = Swift.max(0, experiment.seedCount)
        sizes = experiment.sampleSizes
    }

    /// The number of samples, saturating.
    public var count: Int { Saturating.product(seedCount, sizes.count) }

    /// Whether `seed` is one of the group's seeds.
    public func containsSeed(_ seed: UInt64) -> Bool {
        seed >= firstSeed && seed - firstSeed < UInt64(seedCount)
    }

    /// Whether `n` is one of the group's training sizes.
    public func containsSize(_ n: Int) -> Bool { sizes.contains(n) }

    /// Whether the sample is one of this group's.
    public func contains(_ key: SampleKey) -> Bool {
        key.group == group && containsSeed(key.seed) && containsSize(key.n)
    }

    public struct Iterator: IteratorProtocol {
        let samples: GroupSamples
        var seedIndex: UInt64 = 0
        var sizeIndex = 0

        public mutating func next() -> SampleKey? {
            guard !samples.sizes.isEmpty, seedIndex < UInt64(samples.seedCount) else { return nil }
            let key = SampleKey(
                group: samples.group, seed: samples.firstSeed &+ seedIndex, n: samples.sizes[sizeIndex])
            sizeIndex += 1
            if sizeIndex == samples.sizes.count {
                sizeIndex = 0
                seedIndex += 1
            }
            return key
        }
    }

    public func makeIterator() -> Iterator { Iterator(samples: self) }
}

extension ExperimentPlan {
    /// This plan's samples in run order, as group `group` of a run.
    public func samples(group: Int = 0) -> GroupSamples { GroupSamples(group: group, experiment: experiment) }

}

// MARK: - Cells with their cost, for sharding

/// One sample of a run with its position and estimated cost: what `Shard` splits.
public struct RunCell: Sendable, Equatable {
    public let key: SampleKey
    /// Position in the unsharded run.
    public let order: Int
    /// Estimated cost, in multiply-adds: (n + m)·d per estimator (drawing, fitting, predicting) plus
    /// m·d per estimator × attack (attacking and evaluating), with m the test size.
    public let cost: Double

    public var group: Int { key.group }
    public var seed: UInt64 { key.seed }
    public var n: Int { key.n }

    /// Every sample of the run's groups in run order (`GroupSamples`), with its cost.
    public static func all(in plans: [ExperimentPlan]) -> [RunCell] {
        var cells = [RunCell]()
        for (group, plan) in plans.enumerated() {
            let d = Double(plan.data.dimension ?? 1)
            let m = Double(plan.experiment.testSize)
            let estimators = Double(plan.estimators.count)
            let pairs = estimators * Double(plan.attacks.count)
            for key in plan.samples(group: group) {
                let cost = (Double(key.n) + m) * d * estimators + m * d * pairs
                cells.append(RunCell(key: key, order: cells.count, cost: cost))
            }
        }
        return cells
    }
}
