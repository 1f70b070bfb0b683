import Foundation

// MARK: - Student t distribution: tail probabilities and quantiles at any level

extension StudentT {
    /// P(|T| > t) for Student's t with ν degrees of freedom: the two-sided tail, I_{ν/(ν+t²)}(ν/2, 1/2)
    /// (DLMF 8.17 for the regularized incomplete beta function I).
    /// - Precondition: `degreesOfFreedom > 0`.
    public static func twoSidedTail(_ t: Double, degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom > 0, "Student t needs positive degrees of freedom")
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        let nu = degreesOfFreedom
        return IncompleteBeta.regularized(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// The two-sided critical value t with P(|T| > t) = 1 − `confidence`: the half-width multiplier of a
    /// `confidence`-level interval (t₀.₉₇₅(ν) for 0.95). Found by bisection on `twoSidedTail` to the
    /// resolution of a Double (about 200 halvings of a bracket that doubles until it holds the root).
    /// - Precondition: 0 < confidence < 1 and `degreesOfFreedom > 0`.
    public static func criticalValue(confidence: Double, degreesOfFreedom: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must lie strictly between 0 and 1")
        let alpha = 1 - confidence
        var low = 0.0
        var high = 2.0
        while twoSidedTail(high, degreesOfFreedom: degreesOfFreedom) > alpha && high < 1e300 { high *= 2 }
        for _ in 0..<2000 {
            let middle = 0.5 * (low + high)
            if middle <= low || middle >= high { break }
            if twoSidedTail(middle, degreesOfFreedom: degreesOfFreedom) > alpha { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }
}

// MARK: - Regularized incomplete beta function

/// I_x(a, b) = B(x; a, b) / B(a, b), by the continued fraction of DLMF 8.17.22 evaluated with the
/// modified Lentz method, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges
/// slowly (x > (a + 1)/(a + b + 2)). Relative accuracy about 1e-14 for the arguments the tests here use.
enum IncompleteBeta {
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))) of DLMF 8.17.22, without its leading factor.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return result
    }
}
