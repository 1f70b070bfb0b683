import Synchronization

// MARK: - Student t quantiles

/// The 0.975 quantile of Student's t distribution, for two-sided 95% confidence intervals.
///
/// For k seeds with sample mean x̄ and sample standard deviation s (divisor k − 1), the 95% confidence
/// interval of the mean is x̄ ± t₀.₉₇₅(k − 1)·s/√k.
///
/// One implementation: the distribution's critical value (`criticalValue(confidence:degreesOfFreedom:)`,
/// bisection on the incomplete beta tail to the resolution of a Double). For ν ≤ 30 it is rounded to five
/// decimals, the printed table the summary intervals have always used (so reports stay byte-identical;
/// the rounding moves an interval by at most 5e-6/t relative); beyond 30 it is used as is, and
/// `.infinity` gives the normal quantile 1.959964.
public enum StudentT {
    /// The standard normal 0.975 quantile z = Φ⁻¹(0.975).
    public static let normalQuantile975 = 1.959963984540054

    /// t₀.₉₇₅(ν) for ν = 1…30, rounded to five decimals, computed once from the distribution.
    static let quantile975Table: [Double] = (1...30).map {
        (criticalValue(confidence: 0.95, degreesOfFreedom: Double($0)) * 1e5).rounded() / 1e5
    }

    /// t₀.₉₇₅(ν): the five-decimal table for whole ν ≤ 30, otherwise
    /// `criticalValue(confidence: 0.95, degreesOfFreedom: ν)`; `.infinity` gives z.
    /// - Precondition: `degreesOfFreedom >= 1`.
    public static func quantile975(degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom >= 1, "Student t needs at least one degree of freedom")
        if degreesOfFreedom.isInfinite { return normalQuantile975 }
        if degreesOfFreedom <= Double(quantile975Table.count), degreesOfFreedom == degreesOfFreedom.rounded() {
            return quantile975Table[Int(degreesOfFreedom) - 1]
        }
        return criticalValue(confidence: 0.95, degreesOfFreedom: degreesOfFreedom)
    }

    /// t₀.₉₇₅(ν) for a whole number of degrees of freedom. Beyond the table each ν is computed once and
    /// remembered: a summary of 10⁴ groups of 100 seeds bisects once, not 10⁴ times.
    public static func quantile975(degreesOfFreedom: Int) -> Double {
        if degreesOfFreedom >= 1, degreesOfFreedom <= quantile975Table.count {
            return quantile975Table[degreesOfFreedom - 1]
        }
        if let known = computed.withLock({ $0[degreesOfFreedom] }) { return known }
        let value = quantile975(degreesOfFreedom: Double(degreesOfFreedom))
        computed.withLock { $0[degreesOfFreedom] = value }
        return value
    }

    /// The whole ν beyond the table computed so far (a few distinct seed counts per run).
    private static let computed = Mutex<[Int: Double]>([:])
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
