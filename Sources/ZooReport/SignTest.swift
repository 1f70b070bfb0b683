import Foundation

// MARK: - Exact sign test

/// The exact two-sided sign test of a median difference of zero.
///
/// Of `wins + losses` non-tied pairs (ties are dropped), `wins` favour one side. Under the null hypothesis
/// each non-tied pair favours either side with probability ½, so the count is Binomial(m, ½) with
/// m = wins + losses, and the two-sided p-value is
///
///     p = min(1, 2 · P(X ≤ min(wins, losses))),   X ~ Binomial(m, ½),
///
/// which for p = ½ equals scipy.stats.binomtest(wins, m, 0.5).pvalue (outcomes as likely as or less
/// likely than the observed one). With no non-tied pair there is no test (nil).
public enum SignTest {
    public static func twoSidedPValue(wins: Int, losses: Int) -> Double? {
        let m = wins + losses
        guard m > 0, wins >= 0, losses >= 0 else { return nil }
        let smaller = min(wins, losses)
        // P(X ≤ smaller) = Σ_{i ≤ smaller} C(m, i) / 2^m: binomial coefficients by the recurrence
        // C(m, i + 1) = C(m, i)·(m − i)/(i + 1) (exact for small m; C(1000, 500) ≈ 2.7e299 still fits a
        // Double), beyond 1000 each term from log-gamma.
        var tail = 0.0
        if m <= 1000 {
            var coefficient = 1.0
            for i in 0...smaller {
                tail += coefficient
                coefficient = coefficient * Double(m - i) / Double(i + 1)
            }
            tail = scalbn(tail, -m)
        } else {
            let logTotal = Double(m) * log(2.0)
            for i in 0...smaller {
                tail += exp(lgamma(Double(m + 1)) - lgamma(Double(i + 1)) - lgamma(Double(m - i + 1)) - logTotal)
            }
        }
        return min(1, 2 * tail)
    }
}
