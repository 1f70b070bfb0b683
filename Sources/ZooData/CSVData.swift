import Foundation
import ZooCore
import ZooLinalg

// MARK: - csv

/// `csv`: real data from a file. Numeric, optional header line, the last column is the target;
/// a fraction `test` of the rows is held out by a seeded shuffle (docs/conventions.md §2).
///
/// `path` is a file, or `builtin:NAME` for a data set compiled into zoo (`breast-cancer`, `diabetes`,
/// `digits`: the files of Examples/data), which works from any directory.
///
/// For harness seed s the rows are shuffled with s; the first ⌈test·N⌉ shuffled rows are the test set
/// (its size ignores the harness's `--test`), the rest form the training pool, and the training sample
/// of size n is the first n rows of the pool (n larger than the pool is refused). With
/// `standardize=true` (default) every feature is centred and scaled by the mean and standard deviation
/// of the training sample itself (its n rows, not the pool; a feature constant there is only centred)
/// and a regression target is centred by the training sample's mean; the same transformation is
/// applied to the test rows, which never inform it, so the test sample depends on n (the same rows,
/// in the units of each n's training sample). A model without intercept and an attack radius in
/// standard units then make sense. Real data has no f*: use the harness target `label`.
///
/// With `task=classification` rows labelled `positive` become +1 and rows labelled `negative` −1
/// (defaults 1 and −1: labels must already be ±1, and another value is refused naming the file, line
/// and value); with two classes chosen (say `positive=3,negative=8` on `builtin:digits`) rows of
/// other labels are dropped. Training labels are flipped with probability `flip` (η, label noise as
/// in Sanyal et al. 2021): the flips come from a stream seeded by the harness seed, position by
/// position along the training pool, so they nest across n and across η; test labels stay clean.
/// `flip > 0` needs `task=classification`.
public struct CSVData: DataModel {
    public static let name = "csv"
    public static let path = ParameterKey<String>(
        "path", .text, default: nil,
        "the CSV file (numeric, optional header, target last), or builtin:breast-cancer, builtin:diabetes, builtin:digits"
    )
    public static let testFraction = ParameterKey<Double>(
        "test", .real(minimum: 0, maximum: 1, exclusiveMinimum: true), default: 0.2,
        "fraction of rows held out for testing")
    public static let standardize = ParameterKey<Bool>(
        "standardize", .boolean, default: true,
        "centre and scale features, centre a regression target (statistics of the training sample)")
    public static let task = ParameterKey<Task>(
        "task", default: .regression, "regression (squared loss) or classification (labels ±1, sign of f̂)")
    public static let positive = ParameterKey<Double>(
        "positive", .real(), default: 1, "classification: the label value that becomes +1")
    public static let negative = ParameterKey<Double>(
        "negative", .real(), default: -1,
        "classification: the label value that becomes −1 (other labels: refused with the defaults, dropped otherwise)")
    public static let flipRate = ParameterKey<Double>(
        "flip", .real(minimum: 0, maximum: 1), default: 0,
        "η ∈ [0, 1): probability that a training label is flipped (classification; test labels stay clean)",
        notation: .labelFlip)
    public static let parameters = [
        path.spec, testFraction.spec, standardize.spec, task.spec, positive.spec, negative.spec, flipRate.spec,
    ]
    public static let documentation = ComponentDocumentation(
        definition:
            "Rows of a numeric CSV file (last column the target), shuffled by the seed; a `test` fraction held out; the training sample the first n of the rest; optional standardisation by the training sample's statistics; classification: two label values mapped to ±1, training labels flipped with probability flip.",
        reference:
            "Compiled in (path=builtin:NAME) from Examples/data: diabetes (Efron et al. 2004), breast-cancer (Street, Wolberg & Mangasarian 1993), digits (UCI optical recognition of handwritten digits, Alpaydin & Kaynak 1998; CC BY 4.0). Label noise: Sanyal, Dokania, Kanade & Torr 2021.",
        notes:
            "Use --target label: real data has no ground truth f*. The test rows are fixed by the seed; with standardize=true they are transformed by each n's training statistics."
    )

    public let parameters: Parameters
    /// The file's rows, read and parsed once per instance (on first use), shared by every draw.
    private let table = LoadedTable()
    /// The file, or `builtin:NAME`.
    public let path: String
    /// The fraction of rows held out for testing.
    public let testFraction: Double
    /// Whether features (and a regression target) are standardised by the training sample's statistics.
    public let standardize: Bool
    public let task: Task
    /// The label values that become +1 and −1 (classification).
    public let positive: Double
    public let negative: Double
    /// η, the training-label flip probability.
    public let flipRate: Double
    public var dimension: Int? { nil }
    public var hasGroundTruth: Bool { false }
    public var testDependsOnTrainingSize: Bool { standardize }
    /// The held-out fraction `test` sets the test size; the harness's `--test` is not used.
    public static var fixesTestSize: Bool { true }
    public var sourceFiles: [String] { path.hasPrefix(BuiltinData.prefix) ? [] : [path] }

    public init(parameters: Parameters) throws(ZooError) {
        path = parameters[Self.path]
        testFraction = parameters[Self.testFraction]
        standardize = parameters[Self.standardize]
        task = parameters[Self.task]
        positive = parameters[Self.positive]
        negative = parameters[Self.negative]
        flipRate = parameters[Self.flipRate]
        guard testFraction < 1 else { throw .usage("csv: parameter 'test' must be below 1") }
        guard flipRate < 1 else {
            throw .usage(
                "csv: parameter 'flip' must be in [0, 1), got \(flipRate) (flip=1 would make every training label wrong)"
            )
        }
        let classification = task == .classification
        guard classification || flipRate == 0 else {
            throw .usage(
                "csv: flip=\(flipRate) flips labels, which needs task=classification (a regression target has no label to flip): add task=classification or drop flip"
            )
        }
        guard !classification || positive != negative else {
            throw .usage(
                "csv: parameters 'positive' and 'negative' are both \(positive): choose two different labels"
            )
        }
        if path.hasPrefix(BuiltinData.prefix),
            BuiltinData.text(named: String(path.dropFirst(BuiltinData.prefix.count))) == nil
        {
            let names = BuiltinData.sets.map { BuiltinData.prefix + $0.name }
            throw .usage("csv: no compiled-in data set '\(path)'; known: \(names.joined(separator: ", "))")
        }
        self.parameters = parameters
    }

    // MARK: Rows

    /// The whole data set, labels mapped to ±1 for classification.
    func all() throws(ZooError) -> Dataset {
        try table.dataset(
            path: path, classes: task == .classification ? (positive, negative) : nil)
    }

    /// The row order for `seed`: the first `testCount` rows are the test set, the rest the pool.
    func order(total: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<total)
        var stream = RandomStream(seed: seed, stream: 0xC5)
        for i in stride(from: total - 1, to: 0, by: -1) {
            order.swapAt(i, Int(stream.nextUInt64() % UInt64(i + 1)))
        }
        return order
    }

    /// The training sample of size n in file units, its labels flipped, and the test rows.
    func rawSamples(n: Int?, seed: UInt64) throws(ZooError) -> (train: (Matrix, [Double]), test: (Matrix, [Double])) {
        let all = try all()
        let total = all.count
        guard total >= 2 else {
            throw .invalidData(
                "\(path): needs at least 2 rows to hold out a test set, found \(total)")
        }
        let order = order(total: total, seed: seed)
        let testCount = testCount(total: total)
        let testRows = Array(order[..<testCount])
        let trainRows = Array(order[testCount..<(testCount + (n ?? total - testCount))])
        var labels = trainRows.map { all.targets[$0] }
        if task == .classification { LabelNoise.flip(&labels, rate: flipRate, seed: seed) }
        return (
            (all.features.rows(at: trainRows), labels),
            (all.features.rows(at: testRows), testRows.map { all.targets[$0] })
        )
    }

    /// Both samples, standardised by the training sample's statistics when `standardize=true`.
    func samples(n: Int?, seed: UInt64) throws(ZooError) -> (train: Dataset, test: Dataset) {
        var (train, test) = try rawSamples(n: n, seed: seed)
        if standardize {
            let statistics = TrainingStandardization(
                fitting: train.0, targets: train.1, centreTarget: task == .regression)
            train.1 = statistics.apply(to: &train.0, targets: train.1)
            test.1 = statistics.apply(to: &test.0, targets: test.1)
        }
        return (
            try Dataset(features: train.0, targets: train.1, name: path),
            try Dataset(features: test.0, targets: test.1, name: path)
        )
    }

    // MARK: Draws

    /// The test rows; standardised by the whole training pool's statistics (the largest training
    /// sample) when no training size is given.
    public func drawTest(size _: Int, seed: UInt64) throws(ZooError) -> TestSample {
        TestSample(data: try samples(n: nil, seed: seed).test, signal: nil, linearTruth: nil)
    }

    public func drawTest(size _: Int, seed: UInt64, trainingSize n: Int) throws(ZooError) -> TestSample {
        try checkTrainingSize(n)
        return TestSample(data: try samples(n: n, seed: seed).test, signal: nil, linearTruth: nil)
    }

    public func drawTraining(size n: Int, seed: UInt64) throws(ZooError) -> Dataset {
        try checkTrainingSize(n)
        return try samples(n: n, seed: seed).train
    }

    /// The pool's size depends only on the row count and `test`, not on the seed, so this is checked
    /// once before any cell runs (reading the file once).
    public func checkTrainingSize(_ n: Int) throws(ZooError) {
        guard n > 0 else { throw .usage("csv: the training size n must be positive, got \(n)") }
        let total = try all().count
        guard total >= 2 else {
            throw .invalidData(
                "\(path): needs at least 2 rows to hold out a test set, found \(total)")
        }
        let pool = total - testCount(total: total)
        guard n <= pool else {
            throw .invalidData(
                "csv: n=\(n) exceeds the \(pool) training rows of \(path) (the rest are held out for testing with test=\(testFraction))"
            )
        }
    }

    /// Rows held out for testing out of `total`.
    func testCount(total: Int) -> Int {
        min(total - 1, max(1, Int((testFraction * Double(total)).rounded(.up))))
    }

    // MARK: Labels

    /// Classification targets: `positive` → +1, `negative` → −1. With the defaults (1, −1) another
    /// value is refused with its line; with two classes chosen, rows of other labels are dropped
    /// (a chosen class with no row is refused).
    static func classRows(_ table: CSVTable, source: String, positive: Double, negative: Double) throws(ZooError) -> (
        rows: [Int], labels: [Double]
    ) {
        let last = table.values.columns - 1  // ≥ 1: featuresAndTarget has checked the width
        let chosen = !(positive == 1 && negative == -1)
        var rows = [Int]()
        var labels = [Double]()
        for row in 0..<table.values.rows {
            let value = table.values[row, last]
            if value == positive {
                rows.append(row)
                labels.append(1)
            } else if value == negative {
                rows.append(row)
                labels.append(-1)
            } else if !chosen {
                throw .invalidData(
                    "\(source), line \(table.lineNumbers[row]), column \(last + 1): label \(value) is not ±1 (task=classification needs labels −1 or +1, or choose two classes with positive=… and negative=…)"
                )
            }
        }
        for (value, name) in [(positive, "positive"), (negative, "negative")]
        where !labels.contains(name == "positive" ? 1 : -1) {
            let present = Set((0..<table.values.rows).map { table.values[$0, last] }).sorted().prefix(20).map {
                "\(ParameterValue.number($0))"
            }
            throw .invalidData(
                "\(source): no row has the label \(ParameterValue.number(value)) chosen by \(name)=\(ParameterValue.number(value)) (labels present: \(present.joined(separator: ", "))): choose a label the file has"
            )
        }
        return (rows, labels)
    }
}

// MARK: - The file, read once

/// The parsed file of one `csv` instance: read on first use, then shared by every draw (and thread).
private final class LoadedTable: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: Dataset?

    /// With `classes` (task=classification) the labels are mapped to ±1 (`CSVData.classRows`).
    func dataset(path: String, classes: (positive: Double, negative: Double)?) throws(ZooError) -> Dataset {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let table: CSVTable
        if path.hasPrefix(BuiltinData.prefix),
            let text = BuiltinData.text(named: String(path.dropFirst(BuiltinData.prefix.count)))
        {
            table = try CSVTable(parsing: text, source: path)
        } else {
            table = try CSVTable(contentsOf: path)
        }
        var dataset = try table.featuresAndTarget(source: path)
        if let classes {
            let (rows, labels) = try CSVData.classRows(
                table, source: path, positive: classes.positive, negative: classes.negative)
            dataset = try Dataset(features: dataset.features.rows(at: rows), targets: labels, name: path)
        }
        loaded = dataset
        return dataset
    }
}
