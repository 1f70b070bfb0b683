import ZooCore
import ZooLinalg

// MARK: - isotropic

/// `isotropic`: x ~ N(0, I_d); θ* a uniformly random direction with ‖θ*‖ = `signal`;
/// y = xᵀθ* + ξ with ξ ~ N(0, σ²), σ = `noise`.
///
/// Defaults `d=1000`, `signal=1`, `noise=0.5` (docs/conventions.md §2). θ* is drawn once per harness seed and
/// shared by every n of that seed. The population is known, so linear estimators get exact risks.
public struct IsotropicGaussian: GaussianDataModel, IsotropicLinearDataModel {
    public static let name = "isotropic"
    public static let d = ParameterKey<Int>(
        "d", .integer(minimum: 1), default: 1000, "input dimension", notation: .inputDimension)
    public static let signal = ParameterKey<Double>(
        "signal", .real(minimum: 0), default: 1, "‖θ*‖, the signal strength")
    public static let noise = ParameterKey<Double>(
        "noise", .real(minimum: 0), default: 0.5, "σ, the label-noise standard deviation")
    public static let parameters = [d.spec, signal.spec, noise.spec]
    public static let documentation = ComponentDocumentation(
        definition: "x ~ N(0, I_d); θ* uniform on the sphere of radius signal; y = xᵀθ* + ξ, ξ ~ N(0, noise²).",
        reference:
            "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness (isotropic design).",
        notes: "θ* is drawn from the seed, so it changes between seeds and is shared across n.")

    public let parameters: Parameters
    public let d: Int
    public let signal: Double
    public let noise: Double
    public var dimension: Int? { d }

    public init(parameters: Parameters) {
        self.parameters = parameters
        d = parameters[Self.d]
        signal = parameters[Self.signal]
        noise = parameters[Self.noise]
    }

    /// The population for one seed (θ* is random).
    public func population(forSeed seed: UInt64) -> GaussianPopulation {
        var stream = RandomStream(seed: seed, stream: GaussianDesign.Stream.truth.rawValue)
        let truth = stream.uniformOnSphere(dimension: d, radius: signal)
        return GaussianPopulation(
            covarianceDiagonal: [Double](repeating: 1, count: d), truth: truth,
            noise: noise)
    }
}

// MARK: - Theory

extension IsotropicGaussian {
    public var isotropicLinearModel: IsotropicLinearModel {
        IsotropicLinearModel(dimension: d, signal: signal, noise: noise)
    }
}
