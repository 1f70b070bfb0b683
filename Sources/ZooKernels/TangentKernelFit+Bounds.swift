import Foundation
import ZooCore
import ZooLinalg

// MARK: - Certified output bounds for the NTK regressor

/// f̂(x′) = Σᵢ αᵢ Kᵢ(x′) with Kᵢ(x′) = nᵢ ρ k(c): ρ = ‖x′‖, nᵢ = ‖xᵢ‖, c = cos φ = xᵢᵀx′/(nᵢρ), and
///
///     k(c) = [(w₁ + w₂)·c·(π − φ) + w₂·sin φ]/(2π)   (`ArcCosineTangentKernel`, K = w₁K₁ + w₂K₂),
///
/// bounded over the ball two ways, each sound, the tighter taken per side (docs/certification.md §3):
///
/// 1. Interval: over the ball ρ ∈ [ρ_lo, ρ_hi] (ℓ₂: ‖x‖ ± r; ℓ∞: ‖max(|x| − r, 0)‖ … ‖|x| + r‖, both
///    exact) and c ∈ [c_lo, c_hi] (the intersection of the cone that contains the ball, half-angle
///    arcsin(r₂/‖x‖), and xᵢᵀx′ ∈ xᵢᵀx ± r‖xᵢ‖_* divided by nᵢρ). k is convex in c (k″ ≥ 0), so its
///    maximum over an interval is at an end and its minimum at the clamped minimiser c* of k; the term
///    nᵢρk(c) then has the interval of a product of a non-negative and a signed interval, and αᵢ's
///    sign picks the end.
/// 2. Second order: Kᵢ is 1-homogeneous, with Hessian eigenvalues 0 (radial), nᵢ(w₁ + w₂)sin φ/(πρ)
///    (the tangent direction towards xᵢ) and nᵢ(w₂ sin φ − w₁cos²φ/sin φ)/(2πρ) (the other d − 2), so
///    over the region λ_max ≤ nᵢ max((w₁ + w₂) s_hi/π, w₂ s_hi/(2π))/ρ_lo and
///    λ_min ≥ −nᵢ w₁ cos²_hi/(2π ρ_lo s_lo). Taylor's theorem with the Lagrange remainder along the
///    segment x → x + δ (inside the region) gives
///    G(δ) ≤ G(0) + ∇G(0)ᵀδ + ½Σᵢ max(αᵢλ_max,ᵢ, αᵢλ_min,ᵢ)‖δ‖₂², and the same from below; the linear
///    term is at most r‖∇G(0)‖_*. Tighter (d ≤ 512): the terms' curvatures across the plane share the
///    matrix I − x̂x̂ᵀ and add with their signs; the rank-one parts are bounded through the extreme
///    eigenvalues of Σᵢ (centre or radius of their weight)·xᵢxᵢᵀ, a signed d × d matrix, so the
///    cancellation between terms of opposite sign is kept (docs/certification.md §3). Terms whose
///    angle range reaches 0 or π (the kink of K₁) or a region containing the origin fall back to their
///    interval.
extension TangentKernelFit: BallBoundedModel {
    public func boundMethod(budget: Int) -> String { "ntk-taylor-interval" }

    public func outputBounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds {
        NTKBallBound(fit: self, point: point, threat: threat, linearTarget: linearTarget).bounds()
    }
}

// MARK: - The bound at one point

struct NTKBallBound {
    let fit: TangentKernelFit
    let point: [Double]
    let threat: ThreatModel
    let linearTarget: [Double]?
    let w1: Double, w2: Double

    init(fit: TangentKernelFit, point: [Double], threat: ThreatModel, linearTarget: [Double]?) {
        self.fit = fit
        self.point = point
        self.threat = threat
        self.linearTarget = linearTarget
        (w1, w2) = fit.kernelFunction.layers.weights
    }

    /// Relative rounding margin.
    static let roundingMargin = 1e-12

    /// k(c) and k′(c) (k′ is not needed where sin φ = 0).
    func profile(_ c: Double) -> (value: Double, slope: Double) {
        let c = min(1, max(-1, c))
        let phi = acos(c)
        let s = (max(0, (1 - c) * (1 + c))).squareRoot()
        let value = ((w1 + w2) * c * (Double.pi - phi) + w2 * s) / (2 * Double.pi)
        let slope = ((w1 + w2) * (Double.pi - phi) + (s > 0 ? w1 * c / s : 0)) / (2 * Double.pi)
        return (value, slope)
    }

    /// The minimiser of the convex profile k on [−1, 1]: −1 when w₁ = 0 (k increasing), else the root of
    /// k′ in (−1, 0), by bisection on φ ∈ (π/2, π).
    func profileMinimizer() -> Double {
        guard w1 > 0 else { return -1 }
        var lo = Double.pi / 2
        var hi = Double.pi
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            let slope = (w1 + w2) * (Double.pi - mid) + w1 * cos(mid) / sin(mid)
            if slope > 0 { lo = mid } else { hi = mid }
        }
        return cos(0.5 * (lo + hi))
    }

    /// G(δ) = f̂(x + δ) − vᵀ(x + δ), evaluated term by term (the attained values).
    func evaluate(_ delta: [Double]) -> Double {
        let x = zip(point, delta).map { $0 + $1 }
        let rho = Vectors.norm2(x)
        var sum = 0.0
        let features = fit.trainingSet.features
        let d = features.columns
        for i in 0..<features.rows {
            let n = fit.trainingNorms.norms[i]
            guard n > 0, rho > 0 else { continue }
            var u = 0.0
            for j in 0..<d { u += features[i, j] * x[j] }
            sum += fit.coefficients[i] * n * rho * profile(u / (n * rho)).value
        }
        if let v = linearTarget { sum -= Vectors.dot(v, x) }
        return sum
    }

    func bounds() -> OutputBounds {
        let features = fit.trainingSet.features
        let d = features.columns
        let count = features.rows
        let r = threat.radius
        let rho0 = Vectors.norm2(point)
        // ρ over the ball (exact) and the Euclidean radius r₂ containing it
        let (rhoLow, rhoHigh, r2): (Double, Double, Double)
        switch threat.norm {
        case .l2: (rhoLow, rhoHigh, r2) = (max(0, rho0 - r), rho0 + r, r)
        case .linf:
            rhoLow = Vectors.norm2(point.map { max(abs($0) - r, 0) })
            rhoHigh = Vectors.norm2(point.map { abs($0) + r })
            r2 = r * Double(d).squareRoot()
        }
        let cone = rho0 > r2 ? asin(r2 / rho0) : Double.pi
        let cStar = profileMinimizer()
        var intervalLow = 0.0
        var intervalHigh = 0.0
        var taylorLow = 0.0
        var taylorHigh = 0.0
        var quadraticUp = 0.0
        var quadraticDown = 0.0
        var radialWeight = 0.0
        var coherentLow = 0.0
        var coherentHigh = 0.0
        var centreWeights = [Double](repeating: 0, count: count)
        var radiusWeights = centreWeights
        var gradient = [Double](repeating: 0, count: d)
        var scale = 0.0
        for i in 0..<count {
            let alpha = fit.coefficients[i]
            let n = fit.trainingNorms.norms[i]
            guard n > 0, alpha != 0 else { continue }
            let row = (0..<d).map { features[i, $0] }
            let u = Vectors.dot(row, point)
            // cosine range: the cone, intersected with the inner-product interval over ρ
            let phi = rho0 > 0 ? acos(min(1, max(-1, u / (n * rho0)))) : Double.pi / 2
            var cLow = cos(min(Double.pi, phi + cone))
            var cHigh = cos(max(0, phi - cone))
            if rhoLow > 0 {
                let spread = r * threat.norm.dualNorm(row)
                let uLow = u - spread
                let uHigh = u + spread
                cLow = max(cLow, uLow >= 0 ? uLow / (n * rhoHigh) : uLow / (n * rhoLow))
                cHigh = min(cHigh, uHigh >= 0 ? uHigh / (n * rhoLow) : uHigh / (n * rhoHigh))
            } else {
                (cLow, cHigh) = (-1, 1)
            }
            cLow = max(-1, min(1, cLow))
            cHigh = max(cLow, min(1, cHigh))
            // 1. interval of αᵢ nᵢ ρ k(c)
            let kMax = max(profile(cLow).value, profile(cHigh).value)
            let kMin = profile(min(cHigh, max(cLow, cStar))).value
            let termLow = n * (kMin >= 0 ? rhoLow * kMin : rhoHigh * kMin)
            let termHigh = n * (kMax >= 0 ? rhoHigh * kMax : rhoLow * kMax)
            let (low, high) = alpha > 0 ? (alpha * termLow, alpha * termHigh) : (alpha * termHigh, alpha * termLow)
            intervalLow += low
            intervalHigh += high
            scale += abs(alpha) * n * rhoHigh
            // 2. second order, where the region avoids the kink and the origin
            let phiLow = acos(cHigh)
            let phiHigh = acos(cLow)
            let sinLow = min(sin(phiLow), sin(phiHigh))
            let sinHigh = phiLow <= Double.pi / 2 && Double.pi / 2 <= phiHigh ? 1 : max(sin(phiLow), sin(phiHigh))
            let cosSquaredHigh = max(cLow * cLow, cHigh * cHigh)
            guard rhoLow > 0, rho0 > 0, sinLow > 1e-6 else {
                taylorLow += low
                taylorHigh += high
                continue
            }
            let lambdaMax = n * max((w1 + w2) * sinHigh / Double.pi, w2 * sinHigh / (2 * Double.pi)) / rhoLow
            let lambdaMin = w1 == 0 ? 0 : -n * w1 * cosSquaredHigh / (2 * Double.pi * rhoLow * sinLow)
            quadraticUp += 0.5 * max(alpha * lambdaMax, alpha * lambdaMin)
            quadraticDown += 0.5 * min(alpha * lambdaMax, alpha * lambdaMin)
            // the coherent form: Σ αᵢnᵢ m(c)·P/ρ with m = k − ck′ = (w₂s − w₁c²/s)/(2π), even and
            // decreasing in |c|, plus the rank-one parts with weights at most |αᵢ|nᵢ(W/s + w₁/s³)/(2π)/ρ_lo
            let absLow = cLow <= 0 && cHigh >= 0 ? 0 : min(abs(cLow), abs(cHigh))
            let absHigh = max(abs(cLow), abs(cHigh))
            let mHigh = curvatureProfile(absLow)
            let mLow = curvatureProfile(absHigh)
            coherentLow += alpha > 0 ? alpha * n * mLow : alpha * n * mHigh
            coherentHigh += alpha > 0 ? alpha * n * mHigh : alpha * n * mLow
            // rank-one weight αᵢnᵢh(s)/(2πρ) with h(s) = (w₁ + w₂)/s + w₁/s³ decreasing: its range over the
            // region as a centre and a radius (per unit of (eᵢᵀPδ)², eᵢ = xᵢ/nᵢ, hence the 1/nᵢ²)
            let hLow = ((w1 + w2) / sinHigh + w1 / (sinHigh * sinHigh * sinHigh)) / rhoHigh
            let hHigh = ((w1 + w2) / sinLow + w1 / (sinLow * sinLow * sinLow)) / rhoLow
            let unit = n / (2 * Double.pi * n * n)
            centreWeights[i] = alpha * unit * 0.5 * (hLow + hHigh)
            radiusWeights[i] = abs(alpha) * unit * 0.5 * (hHigh - hLow)
            let c = u / (n * rho0)
            let (k, slope) = profile(c)
            let center = alpha * n * rho0 * k
            taylorLow += center
            taylorHigh += center
            // ∇Kᵢ(x) = nᵢ[(k − c k′) x̂ + k′ x̂ᵢ]
            radialWeight += alpha * n * (k - c * slope)
            Vectors.axpy(alpha * slope, row, &gradient)
        }
        if rho0 > 0 { Vectors.axpy(radialWeight / rho0, point, &gradient) }
        var shift = 0.0
        var targetSpread = 0.0
        if let v = linearTarget {
            shift = Vectors.dot(v, point)
            targetSpread = r * threat.norm.dualNorm(v)
            Vectors.axpy(-1, v, &gradient)
            scale += abs(shift) + targetSpread
        }
        let linearReach = r * threat.norm.dualNorm(gradient)
        // ½δᵀHδ ≤ ½[max(β_hi, 0) + max(λ_max(C), 0) + λ_max(R)]‖δ‖² with C = Σᵢ centreᵢxᵢxᵢᵀ (signed: the
        // terms' curvatures cancel) and R = Σᵢ radiusᵢxᵢxᵢᵀ, and from below likewise
        if let centre = Self.eigenvalueBounds(features, weights: centreWeights),
            let spread = Self.eigenvalueBounds(features, weights: radiusWeights)
        {
            let betaHigh = coherentHigh >= 0 ? coherentHigh / rhoLow : coherentHigh / rhoHigh
            let betaLow = coherentLow >= 0 ? coherentLow / rhoHigh : coherentLow / rhoLow
            quadraticUp = min(quadraticUp, 0.5 * (max(betaHigh, 0) + max(centre.upper, 0) + spread.upper))
            quadraticDown = max(quadraticDown, 0.5 * (min(betaLow, 0) + min(centre.lower, 0) - spread.upper))
        }
        let upperTaylor = taylorHigh - shift + linearReach + quadraticUp * r2 * r2
        let lowerTaylor = taylorLow - shift - linearReach + quadraticDown * r2 * r2
        let upperInterval = intervalHigh - shift + targetSpread
        let lowerInterval = intervalLow - shift - targetSpread
        // attained values: the centre and the ends of the linear part's extremes
        let step = Self.maximizer(gradient, radius: r, norm: threat.norm)
        let candidates = [evaluate([Double](repeating: 0, count: d)), evaluate(step), evaluate(step.map { -$0 })]
        let margin = Self.roundingMargin * max(1, scale)
        let upperAttained = candidates.max()!
        let lowerAttained = candidates.min()!
        return OutputBounds(
            lower: min(max(lowerTaylor, lowerInterval), lowerAttained) - margin,
            upper: max(min(upperTaylor, upperInterval), upperAttained) + margin,
            lowerAttained: lowerAttained, upperAttained: upperAttained, nodes: 1,
            tolerance: OutputBounds.relativeTolerance * max(1, scale) + margin)
    }

    /// m(c) = k(c) − c·k′(c) = (w₂ sin φ − w₁ cos²φ/sin φ)/(2π): the Hessian's eigenvalue across the
    /// plane of x and xᵢ is nᵢm(c)/ρ.
    func curvatureProfile(_ c: Double) -> Double {
        let s = (max(0, (1 - c) * (1 + c))).squareRoot()
        return (w2 * s - w1 * c * c / s) / (2 * Double.pi)
    }

    /// Largest dimension for which the spectral curvature bound (a d × d eigenproblem per point) is used.
    static let spectralDimensionLimit = 512

    /// Certified bounds [λ_min − ε, λ_max + ε] on the eigenvalues of M = Σᵢ wᵢxᵢxᵢᵀ (wᵢ of any sign): the
    /// computed extreme eigenvalues widened by ε = 1e-10·Σᵢ|wᵢ|‖xᵢ‖² (which bounds ‖M‖, far above the
    /// solver's backward error), or [−tr M⁻, tr M⁺] if the solver fails; nil above
    /// `spectralDimensionLimit`.
    static func eigenvalueBounds(_ x: Matrix, weights: [Double]) -> (lower: Double, upper: Double)? {
        let d = x.columns
        guard d <= spectralDimensionLimit else { return nil }
        var m = Matrix(rows: d, columns: d)
        var positive = 0.0
        var negative = 0.0
        x.withUnsafeBufferPointer { xp in
            m.withUnsafeMutableBufferPointer { mp in
                for i in 0..<x.rows where weights[i] != 0 {
                    let row = xp.baseAddress! + i * d
                    let w = weights[i]
                    var squaredNorm = 0.0
                    for a in 0..<d {
                        squaredNorm += row[a] * row[a]
                        let scaled = w * row[a]
                        for b in a..<d { mp[a * d + b] += scaled * row[b] }
                    }
                    if w > 0 { positive += w * squaredNorm } else { negative -= w * squaredNorm }
                }
                for a in 0..<d { for b in 0..<a { mp[a * d + b] = mp[b * d + a] } }
            }
        }
        guard positive + negative > 0 else { return (0, 0) }
        let margin = 1e-10 * (positive + negative)
        let values = try? Parallelism.withThreadLimit(1) { try SymmetricEigen.values(of: m) }
        guard let values, let largest = values.max(), let smallest = values.min(), largest.isFinite, smallest.isFinite
        else {
            return (-negative, positive)
        }
        return (max(-negative, smallest - margin), min(positive, largest + margin))
    }

    /// argmax over the ball of wᵀδ.
    static func maximizer(_ w: [Double], radius: Double, norm: PerturbationNorm) -> [Double] {
        switch norm {
        case .l2:
            let length = Vectors.norm2(w)
            return length > 0 ? w.map { radius * $0 / length } : w.map { _ in 0 }
        case .linf:
            return w.map { $0 > 0 ? radius : ($0 < 0 ? -radius : 0) }
        }
    }
}
