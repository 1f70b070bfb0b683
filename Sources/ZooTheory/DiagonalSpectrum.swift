import ZooCore

// MARK: - A diagonal covariance grouped by eigenvalue

/// Σ = diag(σ₁, …, σ_d) and θ* compressed into runs of equal consecutive eigenvalues, so every trace
/// tr f(Σ) and quadratic form θ*ᵀf(Σ)θ* costs one pass over the *distinct* eigenvalues: `spiked` has
/// two, `isotropic` one, `power-law` d.
///
/// For each run r: the eigenvalue σ_r and its multiplicity m_r; the signal energies
/// e_r = Σ_{i∈r} θ*ᵢ² are kept only for the runs where they are non-zero (θ* is sparse in `spiked` and
/// `power-law`), so the passes that need them touch only those. The passes are memory-bound at large
/// d; keeping the multiplicities only when some run has more than one element halves what the
/// fixed-point solve reads for `power-law`. The ℓ₁ norms need the coordinates themselves (they are
/// not functions of the energies): the diagonal and θ* are kept (shared, not copied) for them.
public struct DiagonalSpectrum: Sendable {
    /// Distinct eigenvalues σ_r (≥ 0), in the order of Σ's diagonal.
    public let eigenvalues: [Double]
    /// Multiplicities m_r; nil when every run has one element (all m_r = 1).
    public let multiplicities: [Double]?
    /// Runs r with e_r > 0, and their energies e_r.
    public let signalRuns: [Int]
    public let signalEnergies: [Double]
    /// d.
    public let dimension: Int
    /// The number of positive eigenvalues (rank Σ).
    public let rank: Int
    /// tr Σ.
    public let trace: Double
    /// ‖θ*‖².
    public let signalEnergy: Double
    /// Σ's diagonal and θ* as given (for the ℓ₁ norms).
    let covarianceDiagonal: [Double]
    let truth: [Double]

    /// Groups Σ's diagonal and θ* (same length; the diagonal non-negative) in one pass.
    public init(covarianceDiagonal sigma: [Double], truth: [Double]) {
        precondition(sigma.count == truth.count, "DiagonalSpectrum: Σ has \(sigma.count) entries, θ* \(truth.count)")
        var values = [Double]()
        var counts = [Double]()
        var energies = [Double]()
        values.reserveCapacity(sigma.count)
        counts.reserveCapacity(sigma.count)
        energies.reserveCapacity(sigma.count)
        var rank = 0
        var trace = 0.0
        var energy = 0.0
        for i in sigma.indices {
            let s = sigma[i]
            let t = truth[i]
            precondition(s >= 0 && s.isFinite, "DiagonalSpectrum: Σ's diagonal must be finite and ≥ 0, got \(s)")
            if s > 0 { rank += 1 }
            trace += s
            energy += t * t
            if let last = values.last, last == s {
                counts[counts.count - 1] += 1
                energies[energies.count - 1] += t * t
            } else {
                values.append(s)
                counts.append(1)
                energies.append(t * t)
            }
        }
        eigenvalues = values
        multiplicities = counts.allSatisfy { $0 == 1 } ? nil : counts
        signalRuns = energies.indices.filter { energies[$0] > 0 }
        signalEnergies = signalRuns.map { energies[$0] }
        dimension = sigma.count
        self.rank = rank
        self.trace = trace
        signalEnergy = energy
        covarianceDiagonal = sigma
        self.truth = truth
    }

    public init(_ population: GaussianPopulation) {
        self.init(covarianceDiagonal: population.covarianceDiagonal, truth: population.truth)
    }

    /// Σ = c·I for one c > 0 (the `isotropic` design, up to scale), where exact finite-n formulas exist.
    public var isotropicScale: Double? {
        eigenvalues.count == 1 && eigenvalues[0] > 0 ? eigenvalues[0] : nil
    }

    /// m_r (1 when the multiplicities are not stored).
    func multiplicity(_ r: Int) -> Double { multiplicities?[r] ?? 1 }

    // MARK: Passes over the distinct eigenvalues

    /// (df₁, df₂) = (tr Σ(Σ + κI)⁻¹, tr Σ²(Σ + κI)⁻²) at κ > 0, the two sums the fixed-point solve
    /// needs, in one pass.
    func firstOrderSums(kappa: Double) -> (df1: Double, df2: Double) {
        let sums = traces(kappa: kappa)
        return (sums.df1, sums.df2)
    }

    /// (tr Σ(Σ + κI)⁻¹, tr Σ²(Σ + κI)⁻², tr Σ(Σ + κI)⁻²) at κ > 0: one pass, four SIMD lanes summed in a
    /// fixed order (the result never depends on the thread count or on anything else).
    func traces(kappa: Double) -> (df1: Double, df2: Double, resolvent: Double) {
        typealias Lanes = SIMD4<Double>
        var df1 = Lanes()
        var df2 = Lanes()
        var resolvent = Lanes()
        let count = eigenvalues.count
        let full = count / 4 * 4
        let k = Lanes(repeating: kappa)
        eigenvalues.withUnsafeBufferPointer { sigma in
            let s0 = UnsafeRawPointer(sigma.baseAddress!)
            if let multiplicities {
                multiplicities.withUnsafeBufferPointer { weights in
                    let m0 = UnsafeRawPointer(weights.baseAddress!)
                    var offset = 0
                    while offset < full * 8 {
                        let s = s0.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                        let m = m0.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                        let inverse = 1 / (s + k)
                        let shrink = s * inverse
                        let ms = m * shrink
                        df1 += ms
                        df2 += ms * shrink
                        resolvent += ms * inverse
                        offset += 32
                    }
                }
            } else {
                var offset = 0
                while offset < full * 8 {
                    let s = s0.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                    let inverse = 1 / (s + k)
                    let shrink = s * inverse
                    df1 += shrink
                    df2 += shrink * shrink
                    resolvent += shrink * inverse
                    offset += 32
                }
            }
        }
        // The remainder, padded with zero weights (σ = m = 0 adds nothing).
        if full < count {
            var s = Lanes()
            var m = Lanes()
            for lane in 0..<(count - full) {
                s[lane] = eigenvalues[full + lane]
                m[lane] = multiplicity(full + lane)
            }
            let inverse = 1 / (s + k)
            let shrink = s * inverse
            let ms = m * shrink
            df1 += ms
            df2 += ms * shrink
            resolvent += ms * inverse
        }
        return (df1.sum(), df2.sum(), resolvent.sum())
    }

    /// The traces and quadratic forms the deterministic equivalents need at κ ≥ 0: the traces in one
    /// pass over the distinct eigenvalues, the quadratic forms over the runs θ* touches. κ = 0 skips
    /// Σ's null space, where (Σ + κI)⁻¹Σ is 0, and reports θ*'s energy there apart.
    func moments(kappa: Double) -> SpectralMoments {
        var result = SpectralMoments()
        if kappa > 0 {
            (result.df1, result.df2, result.resolventTrace) = traces(kappa: kappa)
        } else {
            for r in eigenvalues.indices where eigenvalues[r] > 0 {
                result.df1 += multiplicity(r)
                result.df2 += multiplicity(r)
                result.resolventTrace += multiplicity(r) / eigenvalues[r]
            }
        }
        for (r, e) in zip(signalRuns, signalEnergies) {
            let s = eigenvalues[r]
            if kappa == 0 && s == 0 {
                result.nullEnergy += e
                continue
            }
            let inverse = 1 / (s + kappa)
            let shrink = s * inverse
            result.biasEnergy += e * shrink * inverse
            result.meanEnergy += e * shrink * shrink
            result.shrunkEnergy += e * inverse * inverse
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
    /// θ*ᵀ(Σ + κI)⁻²θ* over the range of Σ when κ = 0, over everything when κ > 0 (× κ² is the
    /// Euclidean bias).
    var shrunkEnergy = 0.0
    /// At κ = 0: ‖θ*‖² on Σ's null space (never estimated, part of every Euclidean error); 0 for κ > 0.
    var nullEnergy = 0.0
}
