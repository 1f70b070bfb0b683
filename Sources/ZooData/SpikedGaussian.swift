import ZooCore
import ZooLinalg

// MARK: - spiked

/// `spiked`: x ~ N(0, Σ) with Σ diagonal: the first `k` eigenvalues equal `spike`, the remaining
/// d − k equal tail/(d − k) (so they sum to `tail`); θ* = signal/√k on each of the first k
/// coordinates; y = xᵀθ* + ξ, ξ ~ N(0, σ²).
///
/// Defaults `d=20000`, `k=10`, `spike=1`, `tail=10`, `signal=1`, `noise=0.5` (docs/conventions.md §2). This is
/// the benign-overfitting design: a few strong directions carry the signal and a long flat tail
/// absorbs the noise, so the min-norm interpolator's standard risk is small while ‖θ̂‖ grows with n.
public struct SpikedGaussian: GaussianDataModel {
    public static let name = "spiked"
    public static let d = ParameterKey<Int>(
        "d", .integer(minimum: 2), default: 20000, "input dimension", notation: .inputDimension)
    public static let k = ParameterKey<Int>(
        "k", .integer(minimum: 1), default: 10, "number of spiked directions (k < d)")
    public static let spike = ParameterKey<Double>(
        "spike", .real(minimum: 0, exclusiveMinimum: true), default: 1, "variance of each spiked direction")
    public static let tail = ParameterKey<Double>(
        "tail", .real(minimum: 0), default: 10, "total variance of the d − k tail directions")
    public static let signal = ParameterKey<Double>(
        "signal", .real(minimum: 0), default: 1, "‖θ*‖, spread evenly over the spiked directions")
    public static let noise = ParameterKey<Double>(
        "noise", .real(minimum: 0), default: 0.5, "σ, the label-noise standard deviation")
    public static let parameters = [d.spec, k.spec, spike.spec, tail.spec, signal.spec, noise.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "x ~ N(0, Σ), Σ = diag(spike × k, tail/(d−k) × (d−k)); θ*_i = signal/√k for i ≤ k, 0 otherwise; y = xᵀθ* + ξ, ξ ~ N(0, noise²).",
        reference:
            "Hao & Zhang 2024 (spiked covariance: benign overfitting with exploding adversarial risk); Bartlett, Long, Lugosi & Tsigler 2020 (benign overfitting).",
        notes:
            "The tail level per coordinate is tail/(d−k); the reference sweep of docs/performance.md uses d=10000, tail=99.9 (0.01 per coordinate)."
    )

    public let parameters: Parameters
    public let d: Int
    public let k: Int
    public let spike: Double
    public let tail: Double
    public let signal: Double
    public let noise: Double
    public var dimension: Int? { d }

    public init(parameters: Parameters) throws(ZooError) {
        d = parameters[Self.d]
        k = parameters[Self.k]
        guard k < d else { throw .usage("spiked: parameter 'k' must be smaller than d (k=\(k), d=\(d))") }
        self.parameters = parameters
        spike = parameters[Self.spike]
        tail = parameters[Self.tail]
        signal = parameters[Self.signal]
        noise = parameters[Self.noise]
    }

    public func population(forSeed seed: UInt64) -> GaussianPopulation {
        let tailLevel = tail / Double(d - k)
        let covariance = (0..<d).map { $0 < k ? spike : tailLevel }
        let coefficient = signal / Double(k).squareRoot()
        let truth = (0..<d).map { $0 < k ? coefficient : 0 }
        return GaussianPopulation(covarianceDiagonal: covariance, truth: truth, noise: noise)
    }
}
