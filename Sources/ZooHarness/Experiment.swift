import ZooCore

// MARK: - Experiment description

/// What the adversary's and the risk's loss is measured against (docs/conventions.md §5).
public enum TargetConvention: String, Sendable, CaseIterable {
    /// t = f*(x) at the clean point (default).
    case clean
    /// t = y, noise included (Hassani & Javanmard; the only choice for real data).
    case label
    /// t = f*(x + δ): the ground truth at the perturbed point.
    case consistent
}

/// Whether a cell holds its n×d design matrices in memory or regenerates them block by block
/// (`StreamedGaussianDesign`; Gaussian data models only).
public enum DesignStorage: String, Sendable, CaseIterable {
    /// Stream the cells whose stored X would not fit in memory, store the others (default).
    case auto
    /// Always store X (a cell too large is refused).
    case stored
    /// Always stream X (the data model must be Gaussian; estimators and attacks must support it).
    case streamed
}

/// A head-to-head comparison: every estimator × attack on one training and one test sample per
/// (n, seed), shared by all estimators (a paired comparison).
public struct Experiment: Sendable {
    public var data: ComponentSpec
    public var estimators: [ComponentSpec]
    public var attacks: [ComponentSpec]
    /// Training sizes.
    public var sampleSizes: [Int]
    /// Test points per (n, seed) for the Monte-Carlo risk estimates.
    public var testSize: Int
    /// Number of seeds K; seeds run firstSeed, firstSeed+1, …, firstSeed+K−1.
    public var seedCount: Int
    public var firstSeed: UInt64
    public var target: TargetConvention
    /// Record fit and attack seconds (off gives byte-identical output files).
    public var recordTimings: Bool
    /// Stored or streamed designs (`--design`).
    public var designStorage: DesignStorage = .auto
    /// Certified upper bounds beside the attack's estimate (`--certify`, docs/certification.md); nil: off.
    public var certification: Certification? = nil

    public init(
        data: ComponentSpec, estimators: [ComponentSpec], attacks: [ComponentSpec], sampleSizes: [Int],
        testSize: Int = 1000, seedCount: Int = 1, firstSeed: UInt64 = 0,
        target: TargetConvention = .clean, recordTimings: Bool = true
    ) {
        self.data = data
        self.estimators = estimators
        self.attacks = attacks
        self.sampleSizes = sampleSizes
        self.testSize = testSize
        self.seedCount = seedCount
        self.firstSeed = firstSeed
        self.target = target
        self.recordTimings = recordTimings
    }

    /// The seeds in run order, generated lazily (never an array of `seedCount` entries).
    public var seeds: LazyMapSequence<Range<UInt64>, UInt64> {
        (0..<UInt64(max(0, seedCount))).lazy.map { [firstSeed] in firstSeed &+ $0 }
    }
}
