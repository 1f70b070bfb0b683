import Foundation
import ZooCore

// MARK: - The two-layer ReLU tangent kernel as arc-cosine kernels

/// Which layers' parameter gradients the tangent kernel sums: `first` (W), `second` (a) or `both`.
public enum TangentLayers: String, ParameterChoice {
    case both, first, second

    /// The weights (w₁, w₂) of K = w₁·K₁ + w₂·K₂: each choice is this one line.
    var weights: (first: Double, second: Double) {
        switch self {
        case .both: return (1, 1)
        case .first: return (1, 0)
        case .second: return (0, 1)
        }
    }
}

/// The neural tangent kernel of f(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx), wⱼ ~ N(0, I_d), aⱼ ~ N(0, 1), as
/// m → ∞ (Jacot, Gabriel & Hongler 2018), written with the arc-cosine kernels of degrees 0 and 1
/// (Cho & Saul 2009), φ the angle between x and x′:
///
///     κ₀(x, x′) = (π − φ)/π,   κ₁(x, x′) = ‖x‖‖x′‖·(sin φ + (π − φ)·cos φ)/π,
///     K₁ = xᵀx′·κ₀/2 = xᵀx′(π − φ)/(2π)             (∂f/∂W: E[a²·1[wᵀx > 0]·1[wᵀx′ > 0]]·xᵀx′),
///     K₂ = κ₁/2 = ‖x‖‖x′‖(sin φ + (π − φ)cos φ)/(2π)  (∂f/∂a: E[relu(wᵀx)·relu(wᵀx′)]).
///
/// With u = xᵀx′, r = ‖x‖‖x′‖ and r·cos φ = u, the general form K = w₁K₁ + w₂K₂ is
///
///     K = [(w₁ + w₂)·u·(π − φ) + w₂·r·sin φ]/(2π),
///
/// and its gradient in x, with ∂φ/∂x = −(x̂′ − cos φ·x̂)/(‖x‖ sin φ), is A·x′ + B·x with
///
///     A = [(w₁ + w₂)(π − φ) + w₁·cos φ/sin φ]/(2π),
///     B = [w₂·sin φ − w₁·cos²φ/sin φ]·(‖x′‖/‖x‖)/(2π).
///
/// The 1/sin φ terms of A and B cancel in A·x′ + B·x (their sum is w₁·cos φ·‖x′‖·(x̂′ − cos φ·x̂)/sin φ,
/// a vector of length w₁|cos φ|‖x′‖): K₁ has a kink, not a pole, at φ = 0 and φ = π, where
/// `kinkSafeReciprocalSine` takes the symmetric subgradient (that term set to 0). The second-layer
/// kernel has no 1/sin φ term and is differentiable there.
struct ArcCosineTangentKernel: Sendable {
    let layers: TangentLayers

    /// Below this sin φ (≈ 100× the √ε noise that rounding leaves in sin φ for identical directions)
    /// the angle is treated as 0 or π.
    static let angleResolution = 1e-6

    // MARK: Numerical hazards

    /// cos φ clamped into [−1, 1] (rounding can push u/(‖x‖‖x′‖) slightly outside).
    @inline(__always)
    static func clampedCosine(_ c: SIMD4<Double>) -> SIMD4<Double> {
        c.clamped(lowerBound: SIMD4(repeating: -1), upperBound: SIMD4(repeating: 1))
    }

    /// 1/‖x‖, and 0 for x = 0: then cos φ = 0 (x treated as orthogonal to everything), K = 0 since
    /// u = r = 0, and the gradient takes the value of the average direction.
    @inline(__always)
    static func safeReciprocalNorm(_ norm: Double) -> Double { norm > 0 ? 1 / norm : 0 }

    /// sin φ = √((1 − c)(1 + c)) from the clamped cosine (never the square root of a negative).
    @inline(__always)
    static func sineFromCosine(_ c: SIMD4<Double>) -> SIMD4<Double> {
        (((1 - c) * (1 + c)).clamped(lowerBound: SIMD4(repeating: 0), upperBound: SIMD4(repeating: 1))).squareRoot()
    }

    /// 1/sin φ where the angle is resolved, 0 at the kinks φ ∈ {0, π} (the symmetric subgradient of
    /// K₁, which is finite and bounded by ‖x′‖ there).
    @inline(__always)
    static func kinkSafeReciprocalSine(_ s: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(repeating: 0).replacing(with: 1 / s, where: s .> SIMD4(repeating: angleResolution))
    }

    // MARK: The closed form

    /// (w₁ + w₂, w₂, w₁): the coefficients of u(π − φ), r sin φ, and of the kink terms.
    var coefficients: (linear: Double, sine: Double, kink: Double) {
        let (w1, w2) = layers.weights
        return (w1 + w2, w2, w1)
    }

    /// K for one pair, from u = xᵀx′ and the two norms (the scalar reference the tests use).
    func value(inner u: Double, normA: Double, normB: Double) -> Double {
        let c = Self.clampedCosine(
            SIMD4(repeating: u * (Self.safeReciprocalNorm(normA) * Self.safeReciprocalNorm(normB))))
        let s = Self.sineFromCosine(c)
        let complement = Double.pi - ArcCosine.acos(c)
        let (linear, sine, _) = coefficients
        return ((linear * u * complement + sine * (normA * normB) * s) * (0.5 / Double.pi))[0]
    }

    /// Kernel values of four pairs: u the inner products, r = ‖x‖‖x′‖ and c the clamped cosines.
    @inline(__always)
    func values(inner u: SIMD4<Double>, normProduct r: SIMD4<Double>, cosine c: SIMD4<Double>) -> SIMD4<Double> {
        let (linear, sine, _) = coefficients
        let complement = Double.pi - ArcCosine.acos(c)
        return (linear * u * complement + sine * r * Self.sineFromCosine(c)) * (0.5 / Double.pi)
    }
}

// MARK: - Vectorised arccosine

/// arccos on four lanes at once (fdlibm's `e_acos.c` rational approximation of asin, a few ulp),
/// because the scalar libm call would dominate kernel construction.
enum ArcCosine {
    private static let p0 = 1.66666666666666657415e-01, p1 = -3.25565818622400915405e-01
    private static let p2 = 2.01212532134862925881e-01, p3 = -4.00555345006794114027e-02
    private static let p4 = 7.91534994289814532176e-04, p5 = 3.47933107596021167570e-05
    private static let q1 = -2.40339491173441421878e+00, q2 = 2.02094576023350569471e+00
    private static let q3 = -6.88283971605453293030e-01, q4 = 7.70381505559019352791e-02

    /// R(z) with asin(t) = t + t·R(t²) for |t| ≤ 1/2.
    @inline(__always)
    private static func asinCorrection(_ z: SIMD4<Double>) -> SIMD4<Double> {
        // Horner with fused multiply-adds: p = z·(p0 + z(p1 + …)), q = 1 + z(q1 + z(q2 + …)).
        var p = SIMD4<Double>(repeating: p4).addingProduct(z, SIMD4(repeating: p5))
        p = SIMD4<Double>(repeating: p3).addingProduct(z, p)
        p = SIMD4<Double>(repeating: p2).addingProduct(z, p)
        p = SIMD4<Double>(repeating: p1).addingProduct(z, p)
        p = SIMD4<Double>(repeating: p0).addingProduct(z, p)
        var q = SIMD4<Double>(repeating: q3).addingProduct(z, SIMD4(repeating: q4))
        q = SIMD4<Double>(repeating: q2).addingProduct(z, q)
        q = SIMD4<Double>(repeating: q1).addingProduct(z, q)
        q = SIMD4<Double>(repeating: 1).addingProduct(z, q)
        return z * p / q
    }

    /// arccos of each lane of `x` ∈ [−1, 1]: π/2 − asin x for |x| ≤ 1/2; 2·asin √((1 − |x|)/2),
    /// reflected to π − … for x < 0, otherwise.
    @inline(__always)
    static func acos(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let central = magnitude .<= 0.5
        let z = ((1 - magnitude) * 0.5).replacing(with: x * x, where: central)
        let t = z.squareRoot().replacing(with: x, where: central)
        let asinT = t + t * asinCorrection(z)
        let outer = (2 * asinT).replacing(with: Double.pi - 2 * asinT, where: x .< 0)
        return outer.replacing(with: Double.pi / 2 - asinT, where: central)
    }
}
