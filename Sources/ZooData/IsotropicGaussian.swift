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
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("d", .integer(minimum: 1), default: .number(1000), "input dimension", notation: .inputDimension),
        ParameterSpec("signal", .real(minimum: 0), default: .number(1), "‖θ*‖, the signal strength"),
        ParameterSpec("noise", .real(minimum: 0), default: .number(0.5), "σ, the label-noise standard deviation"),
    ]
    public static let documentation = ComponentDocumentation(
        definition: "x ~ N(0, I_d); θ* uniform on the sphere of radius signal; y = xᵀθ* + ξ, ξ ~ N(0, noise²).",
        reference:
            "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness (isotropic design).",
        notes: "θ* is drawn from the seed, so it changes between seeds and is shared across n.")

    public let parameters: Parameters
    public var dimension: Int? { parameters.int("d") }

    public init(parameters: Parameters) { self.parameters = parameters }

    /// The population for one seed (θ* is random).
    public func population(forSeed seed: UInt64) -> GaussianPopulation? {
        let d = parameters.int("d")
        var stream = RandomStream(seed: seed, stream: GaussianDesign.Stream.truth.rawValue)
        let truth = stream.uniformOnSphere(dimension: d, radius: parameters.double("signal"))
        return GaussianPopulation(
            covarianceDiagonal: [Double](repeating: 1, count: d), truth: truth,
            noise: parameters.double("noise"))
    }
}

// MARK: - Theory

extension IsotropicGaussian {
    public var isotropicLinearModel: IsotropicLinearModel {
        IsotropicLinearModel(
            dimension: parameters.int("d"), signal: parameters.double("signal"), noise: parameters.double("noise"))
    }
}
