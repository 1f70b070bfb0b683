import Foundation
import ZooCore

// MARK: - Theory for one result row

/// A theoretical prediction for one row (docs/conventions.md §7): the values the formula gives and
/// its name. Nil fields are columns the formula does not predict.
public struct TheoryPrediction: Sendable, Equatable {
    public var standardRisk: Double?
    public var adversarialRisk: Double?
    /// Classification: a theoretical robust error (Sanyal et al.'s is a lower bound).
    public var robustError: Double?
    /// ‖θ̂‖², where the formula predicts it (the linear estimators' deterministic equivalent).
    public var weightNormSquared: Double?
    /// The formula (`deterministic-equivalent`, `isotropic-finite-n`, `gaussian-ols-finite-n`,
    /// `hassani-javanmard-4.2`, `sanyal-lower-bound`, with suffixes naming approximations).
    public var formula: String

    public init(
        standardRisk: Double? = nil, adversarialRisk: Double? = nil, robustError: Double? = nil,
        weightNormSquared: Double? = nil, formula: String
    ) {
        self.standardRisk = standardRisk
        self.adversarialRisk = adversarialRisk
        self.robustError = robustError
        self.weightNormSquared = weightNormSquared
        self.formula = formula
    }
}

/// Chooses and evaluates the theory that applies to a data model × estimator × threat model × target
/// at n samples, or nil where none does. What applies:
/// - `min-norm`, `ridge(lambda)`, `ridge-gcv` on a `GaussianPopulationModel` (`isotropic`,
///   `spiked`, `power-law`): `LinearEstimatorTheory` at the estimator's λ (`ridge-gcv`: the λ it chose,
///   from its diagnostics; without a fit, the grid λ minimising the predicted label risk, which GCV
///   selects asymptotically: formula suffix `+gcv-oracle`), every target, ℓ₂ and ℓ∞ balls;
/// - `adversarial-rf(mode=surrogate)` and `random-features` (both without a ridge term, λ = 0) on
///   `isotropic`: `RandomFeaturesAdversarialTheory` with ψ₁ = features/d, ψ₂ = n/d, ε = the training
///   radius (`random-features`: 0; at 0 the ε → 0 limit, formula suffix `(ε→0)`), ε_test = the ℓ₂ attack
///   radius, τ = noise/signal (risks scaled by signal²); targets `label` and `clean` (the consistent
///   target's gradient term is not predicted: adversarial value null);
/// - classification on a data model with label-noise balls (a `LabelNoiseBallModel`: `balls`) with
///   an interpolating classifier (training error 0; without a fit, an estimator that claims to
///   interpolate with its parameters, a linear one only for n ≤ d) and an attack radius ≥ 2·radius:
///   Sanyal et al.'s lower bound on the robust error.
/// Results are cached (spectra by data spec and seed, saddle points by their parameters), so a sweep
/// pays for each once. Thread-safe.
public enum TheoryProvider {
    /// The prediction for one row.
    /// - Parameters:
    ///   - threat: the ball whose worst case the row's exact columns use (`attack.exactRiskThreatModel`);
    ///     nil: no adversarial prediction.
    ///   - target: `clean`, `label` or `consistent`.
    ///   - diagnostics: the fitted model's diagnostics (`ridge-gcv` reads `lambda`), empty without a fit.
    ///   - trainingError: classification: the 0–1 training error (0 = interpolates), nil without a fit.
    /// The value never depends on what was computed before (Hassani & Javanmard's saddle is the full,
    /// history-independent search, cached by its parameters).
    public static func predict(
        data: any DataModel, estimator: any Estimator, threat: ThreatModel?, target: String,
        samples n: Int, seed: UInt64, diagnostics: [String: String] = [:],
        trainingError: Double? = nil
    ) -> TheoryPrediction? {
        guard n > 0 else { return nil }
        if data.task == .classification {
            guard let balls = (data as? any LabelNoiseBallModel)?.labelNoiseBalls, let threat, balls.count >= 1,
                balls.flipRate >= 0,
                balls.flipRate <= 1
            else { return nil }
            let linearNeedsFewSamples =
                type(of: estimator).capabilities.contains(.linearWeights) && n > (data.dimension ?? 0)
            let interpolates =
                trainingError.map { $0 == 0 } ?? (claimsInterpolation(estimator) && !linearNeedsFewSamples)
            guard SanyalBound.applies(threat: threat, ballRadius: balls.radius, interpolates: interpolates) else {
                return nil
            }
            return TheoryPrediction(
                robustError: SanyalBound.robustErrorLowerBound(centers: balls.count, flip: balls.flipRate, samples: n),
                formula: SanyalBound.formula)
        }
        guard let linearTarget = LinearTheoryTarget(rawValue: target) else { return nil }
        if let ridge = estimator as? any RidgeFamilyEstimator {
            return linear(
                data: data, penalty: ridge.ridgePenalty, threat: threat, target: linearTarget, samples: n, seed: seed,
                diagnostics: diagnostics)
        }
        if let randomFeatures = estimator as? any RandomFeaturesEstimator,
            let data = data as? any IsotropicLinearDataModel
        {
            return Self.randomFeatures(
                population: data.isotropicLinearModel, training: randomFeatures.randomFeaturesTraining,
                threat: threat, target: linearTarget, samples: n)
        }
        return nil
    }

    // MARK: Linear estimators

    static func linear(
        data: any DataModel, penalty: RidgePenalty, threat: ThreatModel?, target: LinearTheoryTarget,
        samples n: Int, seed: UInt64, diagnostics: [String: String]
    ) -> TheoryPrediction? {
        guard let spectrum = cache.spectrum(for: data, seed: seed) else { return nil }
        let noise = spectrum.noise
        var suffix = ""
        let theory: LinearEstimatorTheory?
        switch penalty {
        case .outsideAssumptions(let reason):
            return notApplicable(reason)
        case .minimumNorm:
            theory = LinearEstimatorTheory.predict(spectrum: spectrum.value, noise: noise, samples: n, lambda: 0)
        case .fixed(let lambda):
            theory = LinearEstimatorTheory.predict(spectrum: spectrum.value, noise: noise, samples: n, lambda: lambda)
            if theory.map({ !isFinite($0, threat: threat, target: target) }) ?? true, lambda > 0 {
                return largeLambdaLimit(
                    spectrum: spectrum.value, noise: noise, lambda: lambda, threat: threat, target: target)
            }
        case .tuned(let grid):
            if let chosen = diagnostics[RidgePenalty.chosenLambdaKey].flatMap(Double.init) {
                theory = LinearEstimatorTheory.predict(
                    spectrum: spectrum.value, noise: noise, samples: n, lambda: chosen)
                suffix = "+gcv-lambda"
            } else {
                guard !grid.isEmpty, grid.allSatisfy({ $0 > 0 }) else { return nil }
                theory = grid.compactMap {
                    LinearEstimatorTheory.predict(spectrum: spectrum.value, noise: noise, samples: n, lambda: $0)
                }
                .min { $0.standardRisk(target: .label) < $1.standardRisk(target: .label) }
                suffix = "+gcv-oracle"
            }
        }
        guard let theory else {
            // Min-norm with rank Σ ∈ {n − 1, n}: least squares whose expected risk is infinite.
            let rank = spectrum.value.rank
            if penalty == .minimumNorm, rank <= n, rank + 2 > n {
                return TheoryPrediction(
                    standardRisk: .infinity, adversarialRisk: threat.map { _ in .infinity },
                    weightNormSquared: .infinity, formula: "gaussian-ols-finite-n")
            }
            return nil
        }
        let values =
            [theory.standardRisk(target: target)]
            + (threat.map { [theory.adversarialRisk(threat: $0, target: target)] } ?? [])
        guard !values.contains(where: \.isNaN) else {
            return notApplicable("the \(theory.formula) formula is undefined (NaN) at these parameters")
        }
        let adversarial = threat.map { theory.adversarialRisk(threat: $0, target: target) }
        return TheoryPrediction(
            standardRisk: theory.standardRisk(target: target), adversarialRisk: adversarial,
            weightNormSquared: theory.weightNormSquared,
            formula: (threat.map { theory.formula(for: $0.norm) } ?? theory.formula) + suffix)
    }

    /// A row whose theory columns are null, with the reason in `theory` (a spec parameter outside the
    /// formula's assumptions, or a value the formula cannot represent).
    static func notApplicable(_ reason: String) -> TheoryPrediction {
        TheoryPrediction(formula: "none: " + reason)
    }

    static func isFinite(_ theory: LinearEstimatorTheory, threat: ThreatModel?, target: LinearTheoryTarget) -> Bool {
        let standard = theory.standardRisk(target: target)
        let adversarial = threat.map { theory.adversarialRisk(threat: $0, target: target) } ?? 0
        return standard.isFinite && adversarial.isFinite
    }

    /// Ridge with λ so large that the formula's κ² overflows (λ ≳ 1e154): θ̂ = 0 to double precision, so
    /// the risks are their λ → ∞ limits — the clean risk θ*ᵀΣθ* (plus σ² for the label target), and the
    /// same under attack (a constant predictor cannot be moved). Applied only when λ exceeds 10¹⁶·tr Σ, where
    /// the limit is exact to rounding; otherwise, and for the consistent target, the columns are null.
    static func largeLambdaLimit(
        spectrum: DiagonalSpectrum, noise: Double, lambda: Double, threat: ThreatModel?,
        target: LinearTheoryTarget
    ) -> TheoryPrediction {
        guard lambda >= 1e16 * max(spectrum.trace, .leastNormalMagnitude), target != .consistent else {
            return notApplicable("the ridge formula overflows double precision at lambda=\(lambda)")
        }
        var clean = 0.0
        for (run, energy) in zip(spectrum.signalRuns, spectrum.signalEnergies) {
            clean += spectrum.eigenvalues[run] * energy
        }
        let standard = target == .label ? clean + noise * noise : clean
        return TheoryPrediction(
            standardRisk: standard, adversarialRisk: threat.map { _ in standard },
            formula: "ridge-lambda-limit")
    }

    // MARK: Adversarially trained random features

    static func randomFeatures(
        population: IsotropicLinearModel, training: RandomFeaturesTraining, threat: ThreatModel?,
        target: LinearTheoryTarget, samples n: Int
    ) -> TheoryPrediction? {
        let d = Double(population.dimension)
        let signal = population.signal
        let noise = population.noise
        let features = Double(training.features)
        guard d > 0, signal > 0, features > 0 else { return nil }
        // The theorem's inner maximisation is its convex surrogate; it has no ridge term.
        guard training.solvesTheSurrogate, training.lambda == 0 else { return nil }
        let radius = training.radius
        // At radius 0 (least squares on the features: min-norm when N ≥ n) the theory is its ε → 0
        // limit, evaluated at ε = `vanishingRadius` (risks stable to ≈ 0.2% between ε = 1e-5 and 1e-6).
        let trainingRadius = radius > 0 ? radius : vanishingRadius * signal
        // y = signal·xᵀβ₀ + ξ is the theorem's setting scaled by `signal`: θ and the residuals scale with
        // it, so the risks scale by signal² with τ = noise/signal, at the same radii.
        let testRadius = threat?.norm == .l2 ? threat!.radius / signal : 0
        let solution = cache.randomFeatures(
            psi1: features / d, psi2: Double(n) / d, epsilon: trainingRadius / signal,
            epsilonTest: testRadius, tau: noise / signal)
        let scale = signal * signal
        let tau2 = (noise / signal) * (noise / signal)
        let labelRisk = solution.standardRisk
        let cleanRisk = max(labelRisk - tau2, 0)
        // ε_test‖Jθ̂‖ in units of signal: r·√(α*² + σ²).
        let gradient = solution.gradientRatio * labelRisk.squareRoot()
        let standard: Double
        let adversarial: Double?
        switch target {
        case .label:
            standard = labelRisk
            adversarial = solution.robustRisk
        case .clean:
            standard = cleanRisk
            adversarial =
                cleanRisk + 2 * (2 / Double.pi).squareRoot() * gradient * cleanRisk.squareRoot() + gradient * gradient
        case .consistent:
            standard = cleanRisk
            adversarial = nil
        }
        let formula =
            RandomFeaturesAdversarialTheory.formula + (solution.regime == .zeroEstimator ? "(zero-estimator)" : "")
            + (radius > 0 ? "" : "(ε→0)")
        return TheoryPrediction(
            standardRisk: scale * standard,
            adversarialRisk: threat?.norm == .l2 ? adversarial.map { scale * $0 } : nil,
            formula: formula)
    }

    /// The training radius (in units of the signal) at which Hassani & Javanmard's limit stands in for
    /// radius 0, where the theorem (ε > 0) does not apply directly.
    static let vanishingRadius = 1e-6

    /// Without a fit: the estimator always interpolates, or interpolates for some parameters and has
    /// exactly its `interpolatingArguments` (e.g. `nearest-neighbor(k=1)`).
    static func claimsInterpolation(_ estimator: any Estimator) -> Bool {
        let type = type(of: estimator)
        switch type.interpolates {
        case .always: return true
        case .never: return false
        case .dependsOnParameters:
            guard let arguments = type.interpolatingArguments else { return false }
            return arguments.allSatisfy { argument in
                estimator.parameters.values.contains { $0.name == argument.key && $0.value == argument.value }
            }
        }
    }

    static let cache = TheoryCache()
}

// MARK: - Cache

/// Spectra by (data spec, seed) and saddle points by their parameters, behind one lock. Bounded: the
/// spectrum table is cleared when it reaches `spectrumCapacity` entries.
final class TheoryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var spectra: [String: (value: DiagonalSpectrum, noise: Double)] = [:]
    private var saddles: [String: RandomFeaturesAdversarialTheory.Solution] = [:]
    static let spectrumCapacity = 16

    func spectrum(for data: any DataModel, seed: UInt64) -> (value: DiagonalSpectrum, noise: Double)? {
        let key = "\(data.spec)|\(seed)"
        if let cached = lock.withLock({ spectra[key] }) { return cached }
        guard let population = (data as? any GaussianPopulationModel)?.population(forSeed: seed) else { return nil }
        let entry = (DiagonalSpectrum(population), population.noise)
        lock.withLock {
            if spectra.count >= Self.spectrumCapacity { spectra.removeAll() }
            spectra[key] = entry
        }
        return entry
    }

    /// The saddle point for these parameters by the full search, cached: the value never depends on
    /// what was solved before (rows stay bit-identical on a resumed run, and a `zoo theory` point does
    /// not depend on which other points are listed).
    func randomFeatures(psi1: Double, psi2: Double, epsilon: Double, epsilonTest: Double, tau: Double)
        -> RandomFeaturesAdversarialTheory.Solution
    {
        let parameters = [psi1, psi2, epsilon, epsilonTest, tau]
        let key = parameters.map { "\($0)" }.joined(separator: "|")
        let theory = RandomFeaturesAdversarialTheory(
            featuresRatio: psi1, samplesRatio: psi2, trainingRadius: epsilon,
            testRadius: epsilonTest, noise: tau)
        if let cached = lock.withLock({ saddles[key] }) { return cached }
        let solution = theory.solve()
        lock.withLock { saddles[key] = solution }
        return solution
    }
}
