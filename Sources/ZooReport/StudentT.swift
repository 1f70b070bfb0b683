// MARK: - Student t quantiles

/// The 0.975 quantile of Student's t distribution, for two-sided 95% confidence intervals.
///
/// For k seeds with sample mean x̄ and sample standard deviation s (divisor k − 1), the 95% confidence
/// interval of the mean is x̄ ± t₀.₉₇₅(k − 1)·s/√k.
///
/// Accuracy: better than 1e-4 absolute for every df ≥ 1 — a table for df ≤ 30 (values rounded to
/// five decimals), the Cornish–Fisher expansion of t in powers of 1/ν beyond (its error is below 1e-7 from
/// ν = 30 on), and the normal quantile 1.959964 as ν → ∞.
public enum StudentT {
    /// The standard normal 0.975 quantile z = Φ⁻¹(0.975).
    public static let normalQuantile975 = 1.959963984540054

    /// t₀.₉₇₅(ν) for ν = 1…30.
    static let quantile975Table: [Double] = [
        12.70620, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
        2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
        2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
    ]

    /// t₀.₉₇₅(ν): the table for ν ≤ 30, otherwise the Cornish–Fisher expansion
    /// t = z + g₁(z)/ν + g₂(z)/ν² + g₃(z)/ν³ + g₄(z)/ν⁴ with
    /// g₁ = (z³ + z)/4, g₂ = (5z⁵ + 16z³ + 3z)/96, g₃ = (3z⁷ + 19z⁵ + 17z³ − 15z)/384,
    /// g₄ = (79z⁹ + 776z⁷ + 1482z⁵ − 1920z³ − 945z)/92160. `.infinity` gives z.
    /// - Precondition: `degreesOfFreedom >= 1`.
    public static func quantile975(degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom >= 1, "Student t needs at least one degree of freedom")
        if degreesOfFreedom.isInfinite { return normalQuantile975 }
        if degreesOfFreedom <= Double(quantile975Table.count), degreesOfFreedom == degreesOfFreedom.rounded() {
            return quantile975Table[Int(degreesOfFreedom) - 1]
        }
        let z = normalQuantile975
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        let inverse = 1 / degreesOfFreedom
        return z + inverse * (g1 + inverse * (g2 + inverse * (g3 + inverse * g4)))
    }

    /// t₀.₉₇₅(ν) for a whole number of degrees of freedom.
    public static func quantile975(degreesOfFreedom: Int) -> Double {
        quantile975(degreesOfFreedom: Double(degreesOfFreedom))
    }
}

// MARK: - Mean and confidence interval

/// The mean of k values and, for k ≥ 2, the half-width of its 95% confidence interval
/// t₀.₉₇₅(k − 1)·s/√k (s the sample standard deviation with divisor k − 1).
public struct MeanInterval: Sendable, Equatable {
    public var mean: Double
    /// nil for a single value (no interval).
    public var halfWidth: Double?
    public var count: Int

    public var lower: Double? { halfWidth.map { mean - $0 } }
    public var upper: Double? { halfWidth.map { mean + $0 } }

    /// Half-widths below this fraction of |mean| are rounding noise (seeds giving the same value) and
    /// are displayed as 0.
    public static let negligibleRelativeHalfWidth = 1e-12

    /// The half-width as displayed: 0 when negligible against the mean.
    public static func displayedHalfWidth(_ halfWidth: Double, mean: Double) -> Double {
        halfWidth <= negligibleRelativeHalfWidth * abs(mean) ? 0 : halfWidth
    }

    /// The statistics of `values`; nil when there are none. When finite values would overflow the plain
    /// sums (near 1.8e308), the sums are taken of the values divided by the largest magnitude instead, so
    /// the mean of finite values is always finite.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        count = values.count
        let plainMean = values.reduce(0, +) / Double(count)
        let allFinite = values.allSatisfy(\.isFinite)
        let scale = allFinite && !plainMean.isFinite ? values.reduce(0.0) { max($0, abs($1)) } : 1
        mean = scale == 1 ? plainMean : values.reduce(0.0) { $0 + $1 / scale } / Double(count) * scale
        guard count >= 2 else {
            self.halfWidth = nil
            return
        }
        func interval(scale: Double) -> Double {
            let center = mean / scale
            let variance = values.reduce(0) { $0 + ($1 / scale - center) * ($1 / scale - center) } / Double(count - 1)
            return StudentT.quantile975(degreesOfFreedom: count - 1) * (variance / Double(count)).squareRoot() * scale
        }
        let half = interval(scale: scale)
        self.halfWidth = half.isFinite || !allFinite ? half : interval(scale: values.reduce(0.0) { max($0, abs($1)) })
    }
}
