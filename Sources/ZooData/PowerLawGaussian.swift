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
    public static let d = ParameterKey<Int>(
        "d", .integer(minimum: 1), default: 5000, "input dimension", notation: .inputDimension)
    public static let exponent = ParameterKey<Double>(
        "exponent", .real(minimum: 0), default: 1, "decay exponent a of the eigenvalues i^(−a)")
    public static let signal = ParameterKey<Double>(
        "signal", .real(minimum: 0), default: 1, "θ*₁, the signal along the top direction")
    public static let noise = ParameterKey<Double>(
        "noise", .real(minimum: 0), default: 0.5, "σ, the label-noise standard deviation")
    public static let parameters = [d.spec, exponent.spec, signal.spec, noise.spec]
    public static let documentation = ComponentDocumentation(
        definition: "x ~ N(0, Σ), Σ = diag(i^(−exponent)), i = 1…d; θ* = signal·e₁; y = xᵀθ* + ξ, ξ ~ N(0, noise²).",
        reference: "Hao & Zhang 2024 (power-law spectra); Bartlett, Long, Lugosi & Tsigler 2020.")

    public let parameters: Parameters
    public let d: Int
    public let exponent: Double
    public let signal: Double
    public let noise: Double
    public var dimension: Int? { d }

    public init(parameters: Parameters) {
        self.parameters = parameters
        d = parameters[Self.d]
        exponent = parameters[Self.exponent]
        signal = parameters[Self.signal]
        noise = parameters[Self.noise]
    }

    public func population(forSeed seed: UInt64) -> GaussianPopulation {
        let covariance = (1...d).map { Foundation.pow(Double($0), -exponent) }
        var truth = [Double](repeating: 0, count: d)
        truth[0] = signal
        return GaussianPopulation(covarianceDiagonal: covariance, truth: truth, noise: noise)
    }
}
