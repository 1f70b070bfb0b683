import Foundation

// MARK: - Locale-free number text

/// How numbers are turned into text in every output of EstimatorZoo.
///
/// Nothing here depends on the locale: the decimal separator is always `.`, there is no grouping, and the
/// same value always gives the same bytes.
public enum NumberText {
    /// Exact, shortest round-trip text of a Double (Swift's `description`): `Double(exact(x)) == x`
    /// for every finite x. Examples: `0.1`, `100.0`, `1e-05`, `1.2345678901234567e+20`.
    /// Non-finite values give `nan`, `inf`, `-inf`.
    public static func exact(_ value: Double) -> String { value.description }

    /// Exponents outside `[smallestFixedExponent, largestFixedExponent]` switch to scientific notation.
    public static let smallestFixedExponent = -3
    public static let largestFixedExponent = 4

    /// `value` rounded to `digits` significant digits, in fixed notation for magnitudes in
    /// [1e-3, 1e5) and in scientific notation (`1.234e-05`, `6.022e+23`) otherwise.
    ///
    /// Trailing zeros are kept (`0.1000`): they tell the reader how many digits are shown.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let precision = max(digits, 1) - 1
        // Round once in scientific notation; the exponent it reports accounts for carries (9.9996 → 1.000e+01).
        let scientific = String(format: "%.\(precision)e", value)
        guard let exponentText = scientific.split(separator: "e").last, let exponent = Int(exponentText) else {
            return scientific
        }
        if exponent < smallestFixedExponent || exponent > largestFixedExponent { return scientific }
        let decimals = max(0, precision - exponent)
        return String(format: "%.\(decimals)f", value)
    }

    /// A short label for an axis tick: the shortest round-trip text without a trailing `.0`
    /// (`100`, `0.2`, `5e-05`).
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return exact(value) }
        // Round away binary noise from tick arithmetic (0.30000000000000004 → 0.3).
        let rounded = Double(String(format: "%.12g", value)) ?? value
        var text = rounded.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        if let range = text.range(of: ".0e") { text.replaceSubrange(range, with: "e") }
        return text
    }
}
