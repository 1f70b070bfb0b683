import Foundation
import ZooCore
import ZooLinalg

// MARK: - csv

/// `csv`: real data from a file. Numeric, optional header line, the last column is the target;
/// a fraction `test` of the rows is held out by a seeded shuffle (docs/conventions.md §2).
///
/// For harness seed s the rows are shuffled with s; the first ⌈test·N⌉ shuffled rows are the test set
/// (its size ignores the harness's `--test`), the rest form the training pool, and the training sample
/// of size n is the first n rows of the pool (n larger than the pool is refused). With
/// `standardize=true` (default) every feature is centred and scaled by the pool's mean and standard
/// deviation and the target is centred by the pool's mean, the same transformation applied to the
/// test rows (test rows never inform it), so that a
/// model without intercept and an attack radius in standard units make sense. Real data has no f*:
/// use the harness target `label`. With `task=classification` the target column must hold −1 or +1
/// (another value is refused, naming the file, line and value) and is not centred.
public struct CSVData: DataModel {
    public static let name = "csv"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("path", .text, default: nil, "the CSV file (numeric, optional header, target last)"),
        ParameterSpec("test", .real(minimum: 0, maximum: 1, exclusiveMinimum: true), default: .number(0.2), "fraction of rows held out for testing"),
        ParameterSpec("standardize", .boolean, default: .boolean(true), "centre and scale features, centre the target (training statistics)"),
        ParameterSpec("task", .choice(["regression", "classification"]), default: .word("regression"), "regression (squared loss) or classification (labels ±1, sign of f̂)"),
    ]
    public static let documentation = ComponentDocumentation(
        definition: "Rows of a numeric CSV file (last column the target), shuffled by the seed; a `test` fraction held out; optional standardisation by training statistics.",
        reference: "Examples shipped in Examples/data: diabetes.csv (Efron et al. 2004), breast_cancer.csv (Street, Wolberg & Mangasarian 1993).",
        notes: "Use --target label: real data has no ground truth f*.")

    public let parameters: Parameters
    /// The file's rows, read and parsed once per instance (on first use), shared by every draw.
    private let table = LoadedTable()
    public var task: Task { parameters.string("task") == "classification" ? .classification : .regression }
    public var dimension: Int? { nil }
    public var hasGroundTruth: Bool { false }

    public init(parameters: Parameters) throws(ZooError) {
        guard parameters.double("test") < 1 else { throw .usage("csv: parameter 'test' must be below 1") }
        self.parameters = parameters
    }

    /// The file's rows shuffled by the seed, split into the held-out test rows and the training pool,
    /// standardised by the pool's statistics when `standardize=true`.
    func split(seed: UInt64) throws(ZooError) -> (test: Dataset, pool: Dataset) {
        let path = parameters.string("path")
        let all = try table.dataset(path: path, checkingLabels: task == .classification)
        let total = all.count
        guard total >= 2 else { throw .invalidData("\(path): needs at least 2 rows to hold out a test set, found \(total)") }
        let testCount = testCount(total: total)
        var order = Array(0..<total)
        var stream = RandomStream(seed: seed, stream: 0xC5)
        for i in stride(from: total - 1, to: 0, by: -1) {
            order.swapAt(i, Int(stream.nextUInt64() % UInt64(i + 1)))
        }
        let testRows = Array(order[..<testCount]), poolRows = Array(order[testCount...])
        var test = (all.features.rows(at: testRows), testRows.map { all.targets[$0] })
        var pool = (all.features.rows(at: poolRows), poolRows.map { all.targets[$0] })
        if parameters.bool("standardize") {
            Self.standardize(&pool, &test, centreTarget: task == .regression)
        }
        return (try Dataset(features: test.0, targets: test.1, name: path), try Dataset(features: pool.0, targets: pool.1, name: path))
    }

    public func drawTest(size _: Int, seed: UInt64) throws(ZooError) -> TestSample {
        TestSample(data: try split(seed: seed).test, signal: nil, linearTruth: nil)
    }

    public func drawTraining(size n: Int, seed: UInt64) throws(ZooError) -> Dataset {
        try checkTrainingSize(n)
        let pool = try split(seed: seed).pool
        return try Dataset(features: pool.features.rows(at: Array(0..<n)), targets: Array(pool.targets[..<n]), name: parameters.string("path"))
    }

    /// Classification labels must be −1 or +1: the first other value is refused with its line.
    static func checkLabels(_ table: CSVTable, source: String) throws(ZooError) {
        let last = table.values.columns - 1
        guard last >= 1 else { return }
        for row in 0..<table.values.rows where table.values[row, last] != 1 && table.values[row, last] != -1 {
            throw .invalidData("\(source), line \(table.lineNumbers[row]), column \(last + 1): label \(table.values[row, last]) is not ±1 (task=classification needs labels −1 or +1)")
        }
    }

    /// The pool's size depends only on the row count and `test`, not on the seed, so this is checked
    /// once before any cell runs (reading the file once).
    public func checkTrainingSize(_ n: Int) throws(ZooError) {
        guard n > 0 else { throw .usage("csv: the training size n must be positive, got \(n)") }
        let total = try table.dataset(path: parameters.string("path"), checkingLabels: task == .classification).count
        guard total >= 2 else { throw .invalidData("\(parameters.string("path")): needs at least 2 rows to hold out a test set, found \(total)") }
        let pool = total - testCount(total: total)
        guard n <= pool else {
            throw .invalidData("csv: n=\(n) exceeds the \(pool) training rows of \(parameters.string("path")) (the rest are held out for testing with test=\(parameters.double("test")))")
        }
    }

    /// Rows held out for testing out of `total`.
    func testCount(total: Int) -> Int {
        min(total - 1, max(1, Int((parameters.double("test") * Double(total)).rounded(.up))))
    }

    /// Applies the training pool's centring and scaling to both samples.
    static func standardize(_ train: inout (Matrix, [Double]), _ test: inout (Matrix, [Double]), centreTarget: Bool) {
        let n = Double(train.0.rows), d = train.0.columns
        for j in 0..<d {
            let column = train.0.column(j)
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            let scale = variance > 0 ? 1 / variance.squareRoot() : 1
            for i in 0..<train.0.rows { train.0[i, j] = (train.0[i, j] - mean) * scale }
            for i in 0..<test.0.rows { test.0[i, j] = (test.0[i, j] - mean) * scale }
        }
        if centreTarget {
            let mean = train.1.reduce(0, +) / n
            train.1 = train.1.map { $0 - mean }
            test.1 = test.1.map { $0 - mean }
        }
    }
}

// MARK: - The file, read once

/// The parsed file of one `csv` instance: read on first use, then shared by every draw (and thread).
private final class LoadedTable: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: Dataset?

    /// With `checkingLabels` (task=classification) a target other than ±1 is refused with its line.
    func dataset(path: String, checkingLabels: Bool) throws(ZooError) -> Dataset {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let table = try CSVTable(contentsOf: path)
        if checkingLabels { try CSVData.checkLabels(table, source: path) }
        let dataset = try table.featuresAndTarget(source: path)
        loaded = dataset
        return dataset
    }

}

extension CSVData: ReadsInputFiles {
    public var inputFiles: [String] { [parameters.string("path")] }
}
