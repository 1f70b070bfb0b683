import Foundation
import ZooCore
import ZooLinalg

// MARK: - idx

/// `idx`: two classes of an image data set in the IDX format (MNIST, Fashion-MNIST; gzip or not),
/// labels ±1, as binary classification.
///
/// Files: `images` and `labels` are the training pair (default: Debian's Fashion-MNIST,
/// `apt-get install dataset-fashion-mnist`, under /usr/share/datasets/fashion-mnist); `test-images`
/// and `test-labels` the test pair (default: its t10k files), or `none` for both to hold out a seeded
/// fraction `test` of the training pair's images instead. Only images labelled `positive` (→ +1) or
/// `negative` (→ −1) are kept; x is the image's pixels row by row (d = rows·columns, 784 for 28×28).
///
/// Sampling for harness seed s: the kept training images are shuffled by s and the training sample of
/// size n is the first n (a seeded subsample; samples nest across n); the kept test images are
/// shuffled by s (another stream) and the test sample of size m (`--test`) is the first m. With
/// `test-images=none` one shuffle of the training pair serves both: its first ⌈test·N⌉ images are the
/// test pool, the rest the training pool. n or m beyond the pool is refused.
///
/// Pixels (`scale`): `unit` (default) divides the byte values 0…255 by 255, so x ∈ [0, 1]^d and an ℓ₂
/// radius is in those units; `raw` keeps 0…255; `standardize` centres and scales each pixel by the
/// training sample's mean and standard deviation (a pixel constant there is only centred), applied
/// unchanged to the test sample, which then depends on n.
///
/// Label noise: each training label is flipped with probability η = `flip`, position by position
/// along the shuffled training pool from a stream seeded by s (flips nest across n and across η); test
/// labels stay clean. This is Sanyal et al. 2021's experiment on real images.
///
/// The files are read once per process for each (files, classes) and shared by every draw.
public struct IDXData: DataModel {
    public static let name = "idx"
    /// Where Debian's `dataset-fashion-mnist` installs the files (the default paths).
    public static let debianDirectory = "/usr/share/datasets/fashion-mnist/"
    /// How pixels become features.
    public enum Scale: String, ParameterChoice {
        /// byte/255 ∈ [0, 1].
        case unit
        /// 0…255.
        case raw
        /// By the training sample's statistics.
        case standardize
    }

    public static let images = ParameterKey<String>(
        "images", .text, default: debianDirectory + "train-images-idx3-ubyte.gz",
        "training images, IDX (idx3-ubyte), gzip or not")
    public static let labels = ParameterKey<String>(
        "labels", .text, default: debianDirectory + "train-labels-idx1-ubyte.gz",
        "training labels, IDX (idx1-ubyte), gzip or not")
    public static let testImages = ParameterKey<String>(
        "test-images", .text, default: debianDirectory + "t10k-images-idx3-ubyte.gz",
        "test images, or none to hold out a fraction of the training pair")
    public static let testLabels = ParameterKey<String>(
        "test-labels", .text, default: debianDirectory + "t10k-labels-idx1-ubyte.gz",
        "test labels, or none (with test-images=none)")
    public static let testFraction = ParameterKey<Double>(
        "test", .real(minimum: 0, maximum: 1, exclusiveMinimum: true), default: 0.2,
        "fraction held out for testing when test-images=none")
    public static let positive = ParameterKey<Int>(
        "positive", .integer(minimum: 0, maximum: 255), default: nil, "the class (label value) that becomes +1")
    public static let negative = ParameterKey<Int>(
        "negative", .integer(minimum: 0, maximum: 255), default: nil, "the class (label value) that becomes −1")
    public static let scale = ParameterKey<Scale>(
        "scale", default: .unit,
        "pixels: unit = byte/255 ∈ [0, 1], raw = 0…255, standardize = by the training sample's statistics")
    public static let flipRate = ParameterKey<Double>(
        "flip", .real(minimum: 0, maximum: 1), default: 0,
        "η ∈ [0, 1): probability that a training label is flipped (test labels stay clean)", notation: .labelFlip)
    public static let parameters = [
        images.spec, labels.spec, testImages.spec, testLabels.spec, testFraction.spec, positive.spec, negative.spec,
        scale.spec, flipRate.spec,
    ]
    public static let documentation = ComponentDocumentation(
        definition:
            "Images of two classes (positive → +1, negative → −1) from IDX files (MNIST, Fashion-MNIST; gzip or not), x the pixels row by row; seeded subsamples of the training and test pools; pixels scaled to [0, 1] (default), raw, or standardised by the training sample; training labels flipped with probability flip.",
        reference:
            "Fashion-MNIST: Xiao, Rasul & Vollgraf 2017 (MIT licence; Debian: apt-get install dataset-fashion-mnist). MNIST: LeCun, Bottou, Bengio & Haffner 1998. Label noise on real images: Sanyal, Dokania, Kanade & Torr 2021.",
        notes:
            "Classification; use --target label. --test sets the test sample size m (at most the test pool). Defaults read Debian's Fashion-MNIST files."
    )

    public let parameters: Parameters
    public var task: Task { .classification }
    public var dimension: Int? { nil }
    public var hasGroundTruth: Bool { false }
    public var testDependsOnTrainingSize: Bool { scale == .standardize }
    public var sourceFiles: [String] { [images, labels] + (holdsOut ? [] : [testImages, testLabels]) }

    /// The training pair's files.
    public let images: String
    public let labels: String
    /// The test pair's files, or both `none`.
    public let testImages: String
    public let testLabels: String
    /// The fraction held out for testing when `test-images=none`.
    public let testFraction: Double
    /// The classes that become +1 and −1.
    public let positive: Int
    public let negative: Int
    public let scale: Scale
    /// η, the training-label flip probability.
    public let flipRate: Double
    /// Whether the test pool is held out of the training pair (`test-images=none`).
    var holdsOut: Bool { testImages == "none" }

    public init(parameters: Parameters) throws(ZooError) {
        images = parameters[Self.images]
        labels = parameters[Self.labels]
        testImages = parameters[Self.testImages]
        testLabels = parameters[Self.testLabels]
        testFraction = parameters[Self.testFraction]
        positive = parameters[Self.positive]
        negative = parameters[Self.negative]
        scale = parameters[Self.scale]
        flipRate = parameters[Self.flipRate]
        guard positive != negative else {
            throw .usage("idx: parameters 'positive' and 'negative' are both \(positive): choose two different classes")
        }
        guard flipRate < 1 else {
            throw .usage(
                "idx: parameter 'flip' must be in [0, 1), got \(flipRate) (flip=1 would make every training label wrong)"
            )
        }
        guard (testImages == "none") == (testLabels == "none") else {
            throw .usage(
                "idx: test-images and test-labels must both be files or both be none (none holds out a fraction `test` of the training pair)"
            )
        }
        self.parameters = parameters
    }

    // MARK: Pools

    /// The kept images of the training and test pools for `seed`, each in its seeded order.
    func pools(seed: UInt64) throws(ZooError) -> (
        train: IDXClasses, trainOrder: ArraySlice<Int>, test: IDXClasses, testOrder: ArraySlice<Int>
    ) {
        let train = try IDXClasses.load(images: images, labels: labels, positive: positive, negative: negative)
        if holdsOut {
            let order = Self.shuffled(count: train.count, seed: seed, stream: 0x1D0)
            let testCount = min(
                train.count - 1, max(1, Int((testFraction * Double(train.count)).rounded(.up))))
            return (train, order[testCount...], train, order[..<testCount])
        }
        let test = try IDXClasses.load(images: testImages, labels: testLabels, positive: positive, negative: negative)
        guard test.rows == train.rows, test.columns == train.columns else {
            throw .invalidData(
                "idx: \(testImages) holds \(test.rows)×\(test.columns) images but \(images) \(train.rows)×\(train.columns): use the test files of the same data set"
            )
        }
        return (
            train, Self.shuffled(count: train.count, seed: seed, stream: 0x1D1)[...],
            test, Self.shuffled(count: test.count, seed: seed, stream: 0x1D2)[...]
        )
    }

    /// 0..<count in a seeded random order (Fisher–Yates).
    static func shuffled(count: Int, seed: UInt64, stream: UInt64) -> [Int] {
        var order = Array(0..<count)
        var random = RandomStream(seed: seed, stream: stream)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.nextUInt64() % UInt64(i + 1))) }
        return order
    }

    // MARK: Draws

    public func drawTraining(size n: Int, seed: UInt64) throws(ZooError) -> Dataset {
        try training(n: n, seed: seed).data
    }

    /// With `scale=standardize` and no training size, the statistics of the whole training pool.
    public func drawTest(size m: Int, seed: UInt64) throws(ZooError) -> TestSample {
        let pool = testDependsOnTrainingSize ? try pools(seed: seed).trainOrder.count : 0
        return try test(
            m: m, seed: seed, statistics: testDependsOnTrainingSize ? training(n: pool, seed: seed).statistics : nil)
    }

    public func drawTest(size m: Int, seed: UInt64, trainingSize n: Int) throws(ZooError) -> TestSample {
        try test(m: m, seed: seed, statistics: testDependsOnTrainingSize ? training(n: n, seed: seed).statistics : nil)
    }

    public func checkTrainingSize(_ n: Int) throws(ZooError) {
        guard n > 0 else { throw .usage("idx: the training size n must be positive, got \(n)") }
        let pool = try pools(seed: 0).trainOrder.count
        guard n <= pool else {
            throw .invalidData(
                "idx: n=\(n) exceeds the \(pool) training images of classes \(positive) and \(negative) in \(images)\(holdsOut ? " (after holding out test=\(testFraction))" : ""): use a smaller n"
            )
        }
    }

    /// The training sample of size n (labels flipped), and the standardisation it fixes (scale=standardize).
    func training(n: Int, seed: UInt64) throws(ZooError) -> (data: Dataset, statistics: TrainingStandardization?) {
        try checkTrainingSize(n)
        let pools = try pools(seed: seed)
        let rows = Array(pools.trainOrder.prefix(n))
        var x = pools.train.features(rows: rows, divisor: scale == .unit ? 255 : 1)
        var y = rows.map { pools.train.labels[$0] }
        LabelNoise.flip(&y, rate: flipRate, seed: seed)
        var statistics: TrainingStandardization? = nil
        if testDependsOnTrainingSize {
            statistics = TrainingStandardization(fitting: x, targets: y, centreTarget: false)
            y = statistics!.apply(to: &x, targets: y)
        }
        return (Dataset(generatedFeatures: x, targets: y), statistics)
    }

    /// The test sample of size m, clean labels, in the training sample's units.
    func test(m: Int, seed: UInt64, statistics: TrainingStandardization?) throws(ZooError) -> TestSample {
        guard m > 0 else { throw .usage("idx: the test size must be positive, got \(m)") }
        let pools = try pools(seed: seed)
        guard m <= pools.testOrder.count else {
            throw .invalidData(
                "idx: --test \(m) exceeds the \(pools.testOrder.count) test images of classes \(positive) and \(negative) in \(holdsOut ? images + " (held out with test=\(testFraction))" : testImages): use --test \(pools.testOrder.count) or fewer"
            )
        }
        let rows = Array(pools.testOrder.prefix(m))
        var x = pools.test.features(rows: rows, divisor: scale == .unit ? 255 : 1)
        var y = rows.map { pools.test.labels[$0] }
        if let statistics { y = statistics.apply(to: &x, targets: y) }
        let data = Dataset(generatedFeatures: x, targets: y)
        return TestSample(data: data, signal: nil, linearTruth: nil)
    }
}

// MARK: - The images of two classes

/// The images of one IDX pair whose label is `positive` or `negative`, as bytes, with labels ±1.
struct IDXClasses: Sendable {
    let pixels: [UInt8]
    let labels: [Double]
    let rows: Int
    let columns: Int
    var count: Int { labels.count }
    var dimension: Int { rows * columns }

    /// Rows `indices` as features, each byte divided by `divisor`.
    func features(rows indices: [Int], divisor: Double) -> Matrix {
        let d = dimension
        var x = Matrix(rows: indices.count, columns: d)
        let scale = 1 / divisor
        x.withUnsafeMutableBufferPointer { out in
            for (i, row) in indices.enumerated() {
                for j in 0..<d { out[i * d + j] = Double(pixels[row * d + j]) * scale }
            }
        }
        return x
    }

    /// Reads, checks and filters a pair, once per process per (files, classes, file dates).
    static func load(images: String, labels: String, positive: Int, negative: Int) throws(ZooError) -> IDXClasses {
        let key = [images, labels, "\(positive)", "\(negative)", stamp(images), stamp(labels)].joined(
            separator: "\u{1}")
        return try IDXCache.shared.value(for: key) { () throws(ZooError) in
            try read(images: images, labels: labels, positive: positive, negative: negative)
        }
    }

    /// The file's size and modification time, so a rewritten file is read again.
    private static func stamp(_ path: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return "\(attributes?[.size] ?? 0) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }

    static func read(images: String, labels: String, positive: Int, negative: Int) throws(ZooError) -> IDXClasses {
        let hint =
            images.contains("fashion-mnist") || labels.contains("fashion-mnist")
            ? " (Debian and Ubuntu package Fashion-MNIST: apt-get install dataset-fashion-mnist)" : ""
        let imageFile = try IDXFile(path: images, rank: 3, hint: hint)
        let labelFile = try IDXFile(path: labels, rank: 1, hint: hint)
        let count = imageFile.dimensions[0]
        let rows = imageFile.dimensions[1]
        let columns = imageFile.dimensions[2]
        guard labelFile.dimensions[0] == count else {
            throw .invalidData(
                "idx: \(labels) holds \(labelFile.dimensions[0]) labels but \(images) \(count) images: pair each images file with its own labels file"
            )
        }
        let d = rows * columns
        var pixels = [UInt8]()
        var kept = [Double]()
        for i in 0..<count {
            let label = Int(labelFile.bytes[i])
            guard label == positive || label == negative else { continue }
            pixels.append(contentsOf: imageFile.bytes[(i * d)..<((i + 1) * d)])
            kept.append(label == positive ? 1 : -1)
        }
        for (value, name, sign) in [(positive, "positive", 1.0), (negative, "negative", -1.0)]
        where !kept.contains(sign) {
            let present = Set(labelFile.bytes).sorted().map(String.init).joined(separator: ", ")
            throw .invalidData(
                "idx: \(labels) has no image of class \(value) (\(name)=\(value)); its classes are \(present): choose \(name) among them"
            )
        }
        return IDXClasses(pixels: pixels, labels: kept, rows: rows, columns: columns)
    }
}

/// The process-wide cache of loaded classes (a few entries; the oldest dropped beyond `capacity`).
final class IDXCache: @unchecked Sendable {
    static let shared = IDXCache()
    static let capacity = 4
    private let lock = NSLock()
    private var entries: [(key: String, value: IDXClasses)] = []

    func value(for key: String, load: () throws(ZooError) -> IDXClasses) throws(ZooError) -> IDXClasses {
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries.first(where: { $0.key == key }) { return hit.value }
        let value = try load()
        entries.append((key, value))
        if entries.count > Self.capacity { entries.removeFirst() }
        return value
    }
}
