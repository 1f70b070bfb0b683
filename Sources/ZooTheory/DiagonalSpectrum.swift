import ZooCore

// MARK: - A diagonal covariance grouped by eigenvalue

/// Σ = diag(σ₁, …, σ_d) and θ* compressed into runs of equal consecutive eigenvalues, so every trace
/// tr f(Σ) and quadratic form θ*ᵀf(Σ)θ* costs one pass over the *distinct* eigenvalues: `spiked` has
/// two, `isotropic` one, `power-law` d.
///
/// For each run r: the eigenvalue σ_r, its multiplicity m_r, and the signal energy e_r = Σ_{i∈r} θ*ᵢ².
/// A second grouping by equal (σᵢ, |θ*ᵢ|) serves the ℓ₁ norms, which are not functions of the energies.
public struct DiagonalSpectrum: Sendable {
    /// Distinct eigenvalues σ_r (≥ 0), in the order of Σ's diagonal.
    public let eigenvalues: [Double]
    /// Multiplicities m_r.
    public let multiplicities: [Double]
    /// Signal energies e_r = Σ_{i ∈ run r} θ*ᵢ².
    public let energies: [Double]
    /// Runs of equal (σᵢ, |θ*ᵢ|): eigenvalue, |θ*ᵢ|, multiplicity (for ℓ₁ norms).
    public let coordinateRuns: [(eigenvalue: Double, magnitude: Double, count: Double)]
    /// d.
    public let dimension: Int
    /// The number of positive eigenvalues (rank Σ).
    public let rank: Int
    /// tr Σ.
    public let trace: Double
    /// ‖θ*‖².
    public let signalEnergy: Double

    /// Groups Σ's diagonal and θ* (same length; the diagonal non-negative) in one pass.
    public init(covarianceDiagonal sigma: [Double], truth: [Double]) {
        precondition(sigma.count == truth.count, "DiagonalSpectrum: Σ has \(sigma.count) entries, θ* \(truth.count)")
        var values = [Double](), counts = [Double](), energies = [Double]()
        var runs = [(eigenvalue: Double, magnitude: Double, count: Double)]()
        var rank = 0, trace = 0.0, energy = 0.0
        for i in sigma.indices {
            let s = sigma[i], t = truth[i]
            precondition(s >= 0 && s.isFinite, "DiagonalSpectrum: Σ's diagonal must be finite and ≥ 0, got \(s)")
            if s > 0 { rank += 1 }
            trace += s
            energy += t * t
            if let last = values.last, last == s {
                counts[counts.count - 1] += 1
                energies[energies.count - 1] += t * t
            } else {
                values.append(s); counts.append(1); energies.append(t * t)
            }
            if let last = runs.last, last.eigenvalue == s, last.magnitude == abs(t) {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((s, abs(t), 1))
            }
        }
        eigenvalues = values
        multiplicities = counts
        self.energies = energies
        coordinateRuns = runs
        dimension = sigma.count
        self.rank = rank
        self.trace = trace
        signalEnergy = energy
    }

    public init(_ population: GaussianPopulation) {
        self.init(covarianceDiagonal: population.covarianceDiagonal, truth: population.truth)
    }

    /// Σ = c·I for one c > 0 (the `isotropic` design, up to scale), where exact finite-n formulas exist.
    public var isotropicScale: Double? {
        eigenvalues.count == 1 && eigenvalues[0] > 0 ? eigenvalues[0] : nil
    }

    // MARK: Passes over the distinct eigenvalues

    /// (df₁, df₂) = (tr Σ(Σ + κI)⁻¹, tr Σ²(Σ + κI)⁻²) at κ > 0, the two sums the fixed-point solve
    /// needs, in one pass.
    func firstOrderSums(kappa: Double) -> (df1: Double, df2: Double) {
        let m = moments(kappa: kappa)
        return (m.df1, m.df2)
    }

    /// The traces and quadratic forms the deterministic equivalents need at κ ≥ 0, in one pass over
    /// the distinct eigenvalues (four SIMD lanes, summed in a fixed order, so the result does not
    /// depend on the thread count or anything else). κ = 0 skips Σ's null space, where
    /// (Σ + κI)⁻¹Σ is 0, and reports its signal energy apart.
    func moments(kappa: Double) -> SpectralMoments {
        guard kappa > 0 else { return momentsOnRange() }
        typealias Lanes = SIMD4<Double>
        var df1 = Lanes(), df2 = Lanes(), resolvent = Lanes(), bias = Lanes(), mean = Lanes(), shrunk = Lanes()
        let count = eigenvalues.count
        eigenvalues.withUnsafeBufferPointer { sigma in
            multiplicities.withUnsafeBufferPointer { multiplicity in
                energies.withUnsafeBufferPointer { energy in
                    let k = Lanes(repeating: kappa)
                    var i = 0
                    func accumulate(_ s: Lanes, _ m: Lanes, _ e: Lanes) {
                        let inverse = 1 / (s + k), shrink = s * inverse
                        df1 += m * shrink
                        df2 += m * shrink * shrink
                        resolvent += m * shrink * inverse
                        bias += e * shrink * inverse
                        mean += e * shrink * shrink
                        shrunk += e * inverse * inverse
                    }
                    while i + 4 <= count {
                        accumulate(Lanes(sigma[i], sigma[i + 1], sigma[i + 2], sigma[i + 3]),
                                   Lanes(multiplicity[i], multiplicity[i + 1], multiplicity[i + 2], multiplicity[i + 3]),
                                   Lanes(energy[i], energy[i + 1], energy[i + 2], energy[i + 3]))
                        i += 4
                    }
                    // The remainder padded with zero weights (σ = 0, m = e = 0 adds nothing).
                    if i < count {
                        var s = Lanes(), m = Lanes(), e = Lanes()
                        for lane in 0..<(count - i) { s[lane] = sigma[i + lane]; m[lane] = multiplicity[i + lane]; e[lane] = energy[i + lane] }
                        accumulate(s, m, e)
                    }
                }
            }
        }
        return SpectralMoments(df1: df1.sum(), df2: df2.sum(), resolventTrace: resolvent.sum(), biasEnergy: bias.sum(),
                               meanEnergy: mean.sum(), shrunkEnergy: shrunk.sum(), nullEnergy: 0)
    }

    /// κ = 0: sums over Σ's range; θ*'s energy on the null space is reported as `nullEnergy`.
    private func momentsOnRange() -> SpectralMoments {
        var result = SpectralMoments()
        for r in eigenvalues.indices {
            let s = eigenvalues[r], m = multiplicities[r], e = energies[r]
            if s == 0 { result.nullEnergy += e; continue }
            result.df1 += m
            result.df2 += m
            result.resolventTrace += m / s
            result.meanEnergy += e
        }
        return result
    }
}

/// Sums over Σ's spectrum at one κ, named after what they are.
struct SpectralMoments {
    /// tr Σ(Σ + κI)⁻¹.
    var df1 = 0.0
    /// tr Σ²(Σ + κI)⁻².
    var df2 = 0.0
    /// tr Σ(Σ + κI)⁻².
    var resolventTrace = 0.0
    /// θ*ᵀΣ(Σ + κI)⁻²θ* (× κ² is the bias B).
    var biasEnergy = 0.0
    /// θ*ᵀΣ²(Σ + κI)⁻²θ* (the squared norm of E θ̂'s equivalent Σ(Σ + κI)⁻¹θ*).
    var meanEnergy = 0.0
    /// θ*ᵀ(Σ + κI)⁻²θ* (× κ² is the Euclidean bias; Σ's null space included when κ > 0).
    var shrunkEnergy = 0.0
    /// At κ = 0: ‖θ*‖² on Σ's null space (never estimated, part of every Euclidean error); 0 for κ > 0.
    var nullEnergy = 0.0
}
