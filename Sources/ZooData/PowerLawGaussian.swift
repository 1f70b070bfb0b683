import Foundation
import ZooCore
import ZooLinalg

// MARK: - power-law

/// `power-law`: x ~ N(0, Σ) with Σ = diag(i^(−exponent)), i = 1…d; θ* = signal·e₁;
/// y = xᵀθ* + ξ, ξ ~ N(0, σ²).
///
/// Defaults `d=5000`, `exponent=1`, `signal=1`, `noise=0.5` (docs/conventions.md §2). With exponent ≤ 1 the
/// tail's effective rank grows with d (benign regime); larger exponents make overfitting harmful.
public struct PowerLawGaussian: GaussianDataModel {
    public static let name = "power-law"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("d", .integer(minimum: 1), default: .number(5000), "input dimension", notation: .inputDimension),
        ParameterSpec("exponent", .real(minimum: 0), default: .number(1), "decay exponent a of the eigenvalues i^(−a)"),
        ParameterSpec("signal", .real(minimum: 0), default: .number(1), "θ*₁, the signal along the top direction"),
        ParameterSpec("noise", .real(minimum: 0), default: .number(0.5), "σ, the label-noise standard deviation"),
    ]
    public static let documentation = ComponentDocumentation(
        definition: "x ~ N(0, Σ), Σ = diag(i^(−exponent)), i = 1…d; θ* = signal·e₁; y = xᵀθ* + ξ, ξ ~ N(0, noise²).",
        reference: "Hao & Zhang 2024 (power-law spectra); Bartlett, Long, Lugosi & Tsigler 2020.")

    public let parameters: Parameters
    public var dimension: Int? { parameters.int("d") }

    public init(parameters: Parameters) { self.parameters = parameters }

    public func population(forSeed seed: UInt64) -> GaussianPopulation? {
        let d = parameters.int("d")
        let exponent = parameters.double("exponent")
        let covariance = (1...d).map { Foundation.pow(Double($0), -exponent) }
        var truth = [Double](repeating: 0, count: d)
        truth[0] = parameters.double("signal")
        return GaussianPopulation(covarianceDiagonal: covariance, truth: truth, noise: parameters.double("noise"))
    }
}
