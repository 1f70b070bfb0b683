import ZooCore
import ZooLinalg

// MARK: - sphere

/// `sphere`: x uniform on the sphere of radius √d in ℝ^d (so ‖x‖² = d, matching `isotropic` on
/// average); f*(x) = xᵀβ with β a uniformly random direction of norm `signal`; y = f*(x) + ξ,
/// ξ ~ N(0, σ²), σ = `noise`.
///
/// Defaults `d=100`, `signal=1`, `noise=0.5` (docs/conventions.md §2). E xxᵀ = I_d, but x is not
/// Gaussian, so the model does not claim a Gaussian population: exact population risks (which the
/// harness derives for x ~ N(0, Σ)) stay null, and the test-sample estimates are the risks reported.
/// f* is linear, so the `consistent` target works. This is the natural domain of the two-layer ReLU
/// NTK (Hao & Zhang 2024, §5), whose arc-cosine kernel depends only on the angle between inputs of
/// equal norm.
///
/// Seeding as for the Gaussian models: β depends on the seed only, the test sample on (seed, m), the
/// training sample on (seed, n); every draw is bit-identical for every thread count.
public struct SphereData: DataModel {
    public static let name = "sphere"
    public static let d = ParameterKey<Int>(
        "d", .integer(minimum: 1), default: 100, "input dimension", notation: .inputDimension)
    public static let signal = ParameterKey<Double>("signal", .real(minimum: 0), default: 1, "‖β‖, the signal strength")
    public static let noise = ParameterKey<Double>(
        "noise", .real(minimum: 0), default: 0.5, "σ, the label-noise standard deviation")
    public static let parameters = [d.spec, signal.spec, noise.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "x uniform on the sphere of radius √d; β uniform on the sphere of radius signal; y = xᵀβ + ξ, ξ ~ N(0, noise²).",
        reference:
            "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness (the NTK on the sphere).",
        notes:
            "E xxᵀ = I but x is not Gaussian: no exact population risks. β is drawn from the seed and shared across n.")

    public let parameters: Parameters
    public let d: Int
    public let signal: Double
    public let noise: Double
    public var task: Task { .regression }
    public var dimension: Int? { d }
    /// f*(x) = xᵀβ: the `consistent` target applies.
    public var linearTruthAvailable: Bool { true }

    public init(parameters: Parameters) {
        self.parameters = parameters
        d = parameters[Self.d]
        signal = parameters[Self.signal]
        noise = parameters[Self.noise]
    }

    /// Streams of the counter-based generator, one per purpose.
    enum Stream: UInt64 {
        case truth = 0x5F1
        case trainingFeatures, trainingNoise, testFeatures, testNoise
    }

    /// β for one seed.
    func truth(forSeed seed: UInt64) -> [Double] {
        var stream = RandomStream(seed: seed, stream: Stream.truth.rawValue)
        return stream.uniformOnSphere(dimension: d, radius: signal)
    }

    public func drawTraining(size n: Int, seed: UInt64) throws(ZooError) -> Dataset {
        guard n > 0 else { throw .usage("sphere: the training size n must be positive, got \(n)") }
        let sample = sample(
            count: n, seed: StableHash.combine(seed, UInt64(n)), truth: truth(forSeed: seed),
            features: .trainingFeatures, noise: .trainingNoise)
        return Dataset(generatedFeatures: sample.x, targets: sample.y)
    }

    public func drawTest(size m: Int, seed: UInt64) throws(ZooError) -> TestSample {
        guard m > 0 else { throw .usage("sphere: the test size must be positive, got \(m)") }
        let beta = truth(forSeed: seed)
        let sample = sample(
            count: m, seed: StableHash.combine(seed, UInt64(m), 0x7E57), truth: beta,
            features: .testFeatures, noise: .testNoise)
        return TestSample(
            data: Dataset(generatedFeatures: sample.x, targets: sample.y), signal: sample.signal, linearTruth: beta)
    }

    public func estimatedBytes(trainingSize n: Int, testSize m: Int) -> Double {
        (Double(n) + Double(m)) * (Double(d) + 3) * 8
    }

    // MARK: Drawing

    /// Rows z/‖z‖·√d of a standard normal matrix (uniform on the sphere by rotation invariance),
    /// signal = Xβ, y = signal + σ·ξ.
    private func sample(count: Int, seed: UInt64, truth: [Double], features: Stream, noise: Stream)
        -> (x: Matrix, y: [Double], signal: [Double])
    {
        var x = Matrix.standardNormal(rows: count, columns: d, seed: seed, stream: features.rawValue)
        let radius = Double(d).squareRoot()
        x.withUnsafeMutableBufferPointer { buffer in
            Parallelism.forEachRange(count: count, minimumPerThread: 64) { rows in
                for i in rows {
                    let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * d)..<((i + 1) * d)])
                    Self.projectToSphere(row, radius: radius)
                }
            }
        }
        let signal = x.multiply(truth)
        var y = [Double](repeating: 0, count: count)
        y.withUnsafeMutableBufferPointer { fillStandardNormal($0, seed: seed, stream: noise.rawValue) }
        for i in 0..<count { y[i] = signal[i] + self.noise * y[i] }
        return (x, y, signal)
    }

    /// Scales a Gaussian row onto the sphere of `radius`; a row of norm 0 (probability zero, but a
    /// defined answer) becomes radius·e₁.
    static func projectToSphere(_ row: UnsafeMutableBufferPointer<Double>, radius: Double) {
        var squaredNorm = 0.0
        for value in row { squaredNorm = squaredNorm.addingProduct(value, value) }
        guard squaredNorm > 0 else {
            for j in row.indices { row[j] = j == 0 ? radius : 0 }
            return
        }
        let factor = radius / squaredNorm.squareRoot()
        for j in row.indices { row[j] *= factor }
    }
}
