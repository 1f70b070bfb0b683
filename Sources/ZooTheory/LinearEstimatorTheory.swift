import Foundation
import ZooCore

// MARK: - Theory for ridge and min-norm on Gaussian designs

/// The target a risk is measured against (docs/conventions.md §5): `clean` t = θ*ᵀx, `label` t = y,
/// `consistent` t = θ*ᵀ(x + δ). The raw values match the harness's `--target` words.
public enum LinearTheoryTarget: String, Sendable, CaseIterable {
    case clean, label, consistent
}

/// Predicted risks of ridge(λ) (λ = 0: min-norm) fitted on n draws from x ~ N(0, Σ), Σ diagonal,
/// y = xᵀθ* + N(0, σ²), in the convention θ̂ = argmin (1/n)‖y − Xθ‖² + λ‖θ‖².
///
/// Every formula here has one shape, a Gaussian sequence model with parameters (κ, τ²): coordinate i
/// of θ̂ behaves as σᵢθ*ᵢ/(σᵢ + κ) + τ·√σᵢ/(σᵢ + κ)·Zᵢ with Zᵢ ~ N(0, 1) independent, so
/// - s² = ‖θ̂ − θ*‖_Σ² = κ²·θ*ᵀΣ(Σ + κI)⁻²θ* + τ²·tr Σ²(Σ + κI)⁻²,
/// - ‖θ̂‖² = θ*ᵀΣ²(Σ + κI)⁻²θ* + τ²·tr Σ(Σ + κI)⁻²,
/// - ‖θ̂ − θ*‖² = κ²·θ*ᵀ(Σ + κI)⁻²θ* + τ²·tr Σ(Σ + κI)⁻²,
/// - E‖θ̂‖₁, E‖θ̂ − θ*‖₁ = Σᵢ E|μᵢ + sᵢZ| with the means and spreads above (folded normal).
///
/// The three `formula`s choose (κ, τ²):
/// - `deterministic-equivalent` (Hastie, Montanari, Rosset & Tibshirani 2022; Bach 2023; the
///   sequence-model form is Cheng & Montanari 2022's): κ = λ* from `RidgeFixedPoint`,
///   df₂ = tr Σ²(Σ + λ*I)⁻², D = 1 − df₂/n, B = λ*²·θ*ᵀΣ(Σ + λ*I)⁻²θ*, τ² = (B + σ²)/(nD).
///   Then s² = (B + σ²df₂/n)/D (bias B/D, variance σ²(df₂/n)/D), and at λ = 0, where
///   tr Σ(Σ + λ*I)⁻²/(nD) = 1/λ*, ‖θ̂‖² = θ*ᵀΣ(Σ + λ*I)⁻¹θ* + σ²/λ*. Accurate to O(1/√n)
///   relative for n, d large together.
/// - `isotropic-finite-n` (min-norm, Σ = cI, d > n + 1): the exact expectations
///   E s² = c(1 − n/d)‖θ*‖² + σ²n/(d − n − 1), E‖θ̂‖² = (n/d)‖θ*‖² + σ²n/(c(d − n − 1)) (θ̂ = P θ* + X⁺ξ
///   with P a uniformly random rank-n projection), from κ = c(d/n − 1) and the τ² that reproduces them.
/// - `gaussian-ols-finite-n` (min-norm, rank Σ = r ≤ n − 2: least squares on Σ's range): the exact
///   E s² = σ²r/(n − r − 1), E‖θ̂ − θ*‖² = σ²·tr Σ⁺/(n − r − 1) + ‖θ*‖² off the range (κ = 0,
///   τ² = σ²/(n − r − 1)).
///
/// The adversarial risks plug √(s²) and the dual norm (ℓ₂ for an ℓ₂ ball, ℓ₁ for ℓ∞) into the closed
/// forms of docs/conventions.md §5; both concentrate, so their expectations are those of the plug-in
/// to leading order. The ℓ₁ norms rest on the sequence-model equivalence (coordinates approximately
/// independent Gaussians), which holds for ridge on Gaussian designs but is only checked here against
/// simulation, not proven for this norm: rows name it (`formula(for:)`).
public struct LinearEstimatorTheory: Sendable {
    /// Which closed form produced these values (see the type's documentation).
    public let formula: String
    /// n and λ of the fit.
    public let samples: Int
    public let lambda: Double
    /// κ: λ* for the deterministic equivalent, c(d/n − 1) or 0 for the finite-n forms.
    public let effectiveLambda: Double
    /// τ², the per-unit variance of the sequence model.
    public let fluctuation: Double
    /// tr Σ²(Σ + κI)⁻² (df₂).
    public let degreesOfFreedom: Double
    /// The bias and variance parts of s² (s² = bias + variance).
    public let bias: Double
    public let variance: Double
    /// s² = ‖θ̂ − θ*‖_Σ², the excess risk against the clean target.
    public let excessRisk: Double
    /// ‖θ̂‖².
    public let weightNormSquared: Double
    /// ‖θ̂ − θ*‖².
    public let errorNormSquared: Double
    /// σ².
    public let noiseVariance: Double
    let spectrum: DiagonalSpectrum

    // MARK: Risks

    /// R = s² (`clean`, `consistent`) or s² + σ² (`label`).
    public func standardRisk(target: LinearTheoryTarget) -> Double {
        target == .label ? excessRisk + noiseVariance : excessRisk
    }

    /// R_α by docs/conventions.md §5 with the predicted s² and dual norm: with N = ‖θ̂‖_* (clean,
    /// label) or ‖θ̂ − θ*‖_* (consistent) and S the standard risk, R_α = S + 2√(2/π)·αN√S + α²N².
    public func adversarialRisk(threat: ThreatModel, target: LinearTheoryTarget) -> Double {
        let risk = standardRisk(target: target)
        let norm: Double
        switch (threat.norm, target) {
        case (.l2, .consistent): norm = errorNormSquared.squareRoot()
        case (.l2, _): norm = weightNormSquared.squareRoot()
        case (.linf, .consistent): norm = l1Norms().error
        case (.linf, _): norm = l1Norms().weights
        }
        let alpha = threat.radius
        return risk + 2 * (2 / Double.pi).squareRoot() * alpha * norm * risk.squareRoot() + alpha * alpha * norm * norm
    }

    /// The formula a row under this threat model used: `formula`, plus the ℓ₁ approximation for ℓ∞.
    public func formula(for norm: PerturbationNorm) -> String {
        norm == .l2 ? formula : formula + "+sequence-model-l1"
    }

    /// (E‖θ̂‖₁, E‖θ̂ − θ*‖₁) under the sequence model: one pass over Σ's diagonal and θ*, merging runs of
    /// equal (σᵢ, |θ*ᵢ|) so each run costs one folded-normal evaluation.
    public func l1Norms() -> (weights: Double, error: Double) {
        var weights = 0.0
        var error = 0.0
        let sigma = spectrum.covarianceDiagonal
        let truth = spectrum.truth
        var i = 0
        while i < sigma.count {
            let s = sigma[i]
            let magnitude = abs(truth[i])
            var j = i + 1
            while j < sigma.count && sigma[j] == s && abs(truth[j]) == magnitude { j += 1 }
            let count = Double(j - i)
            i = j
            if s == 0 && effectiveLambda == 0 {
                error += count * magnitude
                continue
            }
            let inverse = 1 / (s + effectiveLambda)
            let spread = (fluctuation * s).squareRoot() * inverse
            weights += count * Self.foldedNormalMean(mean: s * inverse * magnitude, spread: spread)
            error += count * Self.foldedNormalMean(mean: effectiveLambda * inverse * magnitude, spread: spread)
        }
        return (weights, error)
    }

    /// E|μ + sZ| = s√(2/π)·exp(−μ²/2s²) + |μ|·erf(|μ|/(s√2)), Z ~ N(0, 1).
    static func foldedNormalMean(mean: Double, spread: Double) -> Double {
        let mu = abs(mean)
        guard spread > 0 else { return mu }
        let z = mu / spread
        return spread * (2 / Double.pi).squareRoot() * Foundation.exp(-0.5 * z * z) + mu
            * Foundation.erf(z / 2.0.squareRoot())
    }
}

// MARK: - Choosing the formula

extension LinearEstimatorTheory {
    /// The prediction for ridge(λ) on n samples (λ = 0: min-norm), or nil where none is finite
    /// (λ = 0 with rank Σ ∈ {n − 1, n}, or tr Σ = 0). `exactFiniteN` uses the finite-n expectations
    /// where they exist (min-norm on Σ = cI, or with rank Σ ≤ n − 2).
    public static func predict(
        spectrum: DiagonalSpectrum, noise: Double, samples n: Int, lambda: Double,
        exactFiniteN: Bool = true
    ) -> LinearEstimatorTheory? {
        guard n > 0, lambda >= 0, lambda.isFinite, spectrum.trace > 0 else { return nil }
        let count = Double(n)
        let sigma2 = noise * noise
        let d = Double(spectrum.dimension)
        let rank = Double(spectrum.rank)
        if lambda == 0 && spectrum.rank <= n {
            // Least squares on the range of Σ: exact Gaussian expectations (Wishart inverse moments).
            guard spectrum.rank + 2 <= n else { return nil }
            let tau2 = sigma2 / (count - rank - 1)
            return make(
                "gaussian-ols-finite-n", spectrum, n, lambda, kappa: 0, tau2: tau2, sigma2,
                bias: 0, variance: tau2 * rank)
        }
        if exactFiniteN, lambda == 0, let c = spectrum.isotropicScale, d > count + 1 {
            let ratio = count / d
            let energy = spectrum.signalEnergy
            let noisePart = sigma2 * count / (d - count - 1)
            let perCoordinate = (ratio * (1 - ratio) * energy + noisePart / c) / d
            let kappa = c * (1 / ratio - 1)
            let tau2 = perCoordinate * (c + kappa) * (c + kappa) / c
            return make(
                "isotropic-finite-n", spectrum, n, lambda, kappa: kappa, tau2: tau2, sigma2,
                bias: c * (1 - ratio) * energy, variance: noisePart)
        }
        guard let kappa = RidgeFixedPoint.solve(spectrum: spectrum, samples: n, lambda: lambda) else { return nil }
        let moments = spectrum.moments(kappa: kappa)
        let dispersion = 1 - moments.df2 / count
        guard dispersion > 0 else { return nil }
        let b = kappa * kappa * moments.biasEnergy
        let tau2 = (b + sigma2) / (count * dispersion)
        return make(
            "deterministic-equivalent", spectrum, n, lambda, kappa: kappa, tau2: tau2, sigma2,
            bias: b / dispersion, variance: sigma2 * moments.df2 / (count * dispersion), moments: moments)
    }

    /// Convenience: the prediction for a data model's population.
    public static func predict(
        population: GaussianPopulation, samples n: Int, lambda: Double,
        exactFiniteN: Bool = true
    ) -> LinearEstimatorTheory? {
        predict(
            spectrum: DiagonalSpectrum(population), noise: population.noise, samples: n, lambda: lambda,
            exactFiniteN: exactFiniteN)
    }

    private static func make(
        _ formula: String, _ spectrum: DiagonalSpectrum, _ n: Int, _ lambda: Double,
        kappa: Double, tau2: Double, _ sigma2: Double, bias: Double, variance: Double,
        moments given: SpectralMoments? = nil
    ) -> LinearEstimatorTheory {
        let m = given ?? spectrum.moments(kappa: kappa)
        return LinearEstimatorTheory(
            formula: formula, samples: n, lambda: lambda, effectiveLambda: kappa, fluctuation: tau2,
            degreesOfFreedom: m.df2, bias: bias, variance: variance,
            excessRisk: kappa * kappa * m.biasEnergy + tau2 * m.df2,
            weightNormSquared: m.meanEnergy + tau2 * m.resolventTrace,
            errorNormSquared: kappa * kappa * m.shrunkEnergy + m.nullEnergy + tau2 * m.resolventTrace,
            noiseVariance: sigma2, spectrum: spectrum)
    }
}
