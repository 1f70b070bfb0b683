import ZooCore
import ZooLinalg

// MARK: - Shared sampler for the linear-Gaussian data models

/// Draws samples from x ~ N(0, Σ) (Σ diagonal), y = xᵀθ* + ξ, ξ ~ N(0, σ²), for `isotropic`,
/// `spiked` and `power-law`.
///
/// Seeding: for harness seed s, the test sample depends on (s, m) only, so every n of one seed shares
/// its test points; the training sample depends on (s, n); θ*, where random, on s only. Every draw is
/// bit-identical for every thread count (the normal generator is counter-based).
struct GaussianDesign: Sendable {
    let population: GaussianPopulation

    var dimension: Int { population.covarianceDiagonal.count }

    /// Streams of the counter-based generator, one per purpose.
    enum Stream: UInt64 {
        case truth = 1
        case trainingFeatures, trainingNoise, testFeatures, testNoise
    }

    func drawTraining(size n: Int, seed: UInt64, name: String) throws(ZooError) -> Dataset {
        let sample = sample(
            count: n, seed: try Self.trainingSeed(size: n, seed: seed, name: name),
            features: .trainingFeatures, noise: .trainingNoise)
        return Dataset(generatedFeatures: sample.x, targets: sample.y)
    }

    func drawTest(size m: Int, seed: UInt64, name: String) throws(ZooError) -> TestSample {
        let sample = sample(
            count: m, seed: try Self.testSeed(size: m, seed: seed, name: name), features: .testFeatures,
            noise: .testNoise)
        return TestSample(
            data: Dataset(generatedFeatures: sample.x, targets: sample.y), signal: sample.signal,
            linearTruth: population.truth)
    }

    /// The sample `drawTraining` draws, with X streamed (`StreamedGaussianDesign`, equal bit for bit).
    func drawStreamedTraining(size n: Int, seed: UInt64, name: String) throws(ZooError) -> DesignSample {
        let sample = streamedSample(
            count: n, seed: try Self.trainingSeed(size: n, seed: seed, name: name),
            features: .trainingFeatures, noise: .trainingNoise)
        return DesignSample(design: sample.x, targets: sample.y)
    }

    /// The sample `drawTest` draws, with X streamed.
    func drawStreamedTest(size m: Int, seed: UInt64, name: String) throws(ZooError) -> DesignTestSample {
        let sample = streamedSample(
            count: m, seed: try Self.testSeed(size: m, seed: seed, name: name),
            features: .testFeatures, noise: .testNoise)
        return DesignTestSample(
            data: DesignSample(design: sample.x, targets: sample.y), signal: sample.signal,
            linearTruth: population.truth)
    }

    // MARK: Sample seeds (shared by the stored and the streamed draws, so both draw the same points)

    /// The training sample's generator seed for harness seed s and size n: (s, n). Refuses n ≤ 0.
    private static func trainingSeed(size n: Int, seed: UInt64, name: String) throws(ZooError) -> UInt64 {
        guard n > 0 else { throw .usage("\(name): the training size n must be positive, got \(n)") }
        return StableHash.combine(seed, UInt64(n))
    }

    /// The test sample's generator seed for harness seed s and size m: (s, m, a test tag). Refuses m ≤ 0.
    private static func testSeed(size m: Int, seed: UInt64, name: String) throws(ZooError) -> UInt64 {
        guard m > 0 else { throw .usage("\(name): the test size must be positive, got \(m)") }
        return StableHash.combine(seed, UInt64(m), 0x7E57)
    }

    /// `sample` with X streamed: the same features and noise draws; signal = Xθ* in one pass (summed block
    /// by block, so it may differ from the stored sample's in the last bits).
    private func streamedSample(count: Int, seed: UInt64, features: Stream, noise: Stream)
        -> (x: StreamedGaussianDesign, y: [Double], signal: [Double])
    {
        let scale = population.covarianceDiagonal.map { $0.squareRoot() }
        let x = StreamedGaussianDesign(
            rows: count, columns: dimension, seed: seed, stream: features.rawValue,
            columnScales: scale.allSatisfy({ $0 == 1 }) ? nil : scale)
        let signal = x.multiply(population.truth)
        return (x, noisyTargets(signal, seed: seed, noise: noise), signal)
    }

    /// y = signal + σ·ξ, ξ from the noise stream.
    private func noisyTargets(_ signal: [Double], seed: UInt64, noise: Stream) -> [Double] {
        var y = [Double](repeating: 0, count: signal.count)
        y.withUnsafeMutableBufferPointer { fillStandardNormal($0, seed: seed, stream: noise.rawValue) }
        for i in signal.indices { y[i] = signal[i] + population.noise * y[i] }
        return y
    }

    /// x = z·Σ^{1/2} row by row, signal = Xθ*, y = signal + σ·ξ.
    private func sample(count: Int, seed: UInt64, features: Stream, noise: Stream) -> (
        x: Matrix, y: [Double], signal: [Double]
    ) {
        var x = Matrix.standardNormal(rows: count, columns: dimension, seed: seed, stream: features.rawValue)
        let scale = population.covarianceDiagonal.map { $0.squareRoot() }
        if !scale.allSatisfy({ $0 == 1 }) {
            let d = dimension
            x.withUnsafeMutableBufferPointer { buffer in
                Parallelism.forEachRange(count: count, minimumPerThread: 64) { rows in
                    for i in rows {
                        let row = buffer.baseAddress! + i * d
                        for j in 0..<d { row[j] *= scale[j] }
                    }
                }
            }
        }
        let signal = x.multiply(population.truth)
        return (x, noisyTargets(signal, seed: seed, noise: noise), signal)
    }
}

// MARK: - Linear-Gaussian data models

/// A data model whose draws come from its `population(forSeed:)` through `GaussianDesign`: the three
/// Gaussian models differ only in Σ and θ*.
protocol GaussianDataModel: StreamingDataModel, GaussianPopulationModel {}

extension GaussianDataModel {
    public var task: Task { .regression }
    /// f*(x) = xᵀθ*: the `consistent` target applies.
    public var linearTruthAvailable: Bool { true }

    public func drawTraining(size: Int, seed: UInt64) throws(ZooError) -> Dataset {
        try GaussianDesign(population: population(forSeed: seed)).drawTraining(size: size, seed: seed, name: spec)
    }

    public func drawTest(size: Int, seed: UInt64) throws(ZooError) -> TestSample {
        try GaussianDesign(population: population(forSeed: seed)).drawTest(size: size, seed: seed, name: spec)
    }

    public func drawStreamedTraining(size: Int, seed: UInt64) throws(ZooError) -> DesignSample {
        try GaussianDesign(population: population(forSeed: seed)).drawStreamedTraining(
            size: size, seed: seed, name: spec)
    }

    public func drawStreamedTest(size: Int, seed: UInt64) throws(ZooError) -> DesignTestSample {
        try GaussianDesign(population: population(forSeed: seed)).drawStreamedTest(size: size, seed: seed, name: spec)
    }
}
