import ZooCore

// MARK: - Specs as a reader sees them

/// Specs and parameter values for display: numbers to a few significant digits
/// (`ridge(lambda=0.000183)`, never `ridge(lambda=0.00018329807108324357)`). Data rows (CSV, JSON Lines)
/// keep the full canonical specs; tables, legends, labels and headings use these.
public enum SpecText {
    /// Significant digits of parameter values in names and labels.
    public static let digits = 3

    /// A parameter value with `digits` significant digits and no trailing zeros: `0.000183`, `0.01`,
    /// `2000`, `1.5e+06`.
    public static func value(_ value: Double, digits: Int = SpecText.digits) -> String {
        guard value.isFinite else { return NumberText.exact(value) }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int64(value)) }
        var text = String(format: "%.\(max(1, digits))g", value)
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            text = mantissa + text[e...]
        } else if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// The spec with every number shortened by `value(_:digits:)`; text that is not a spec is returned as is.
    public static func short(_ spec: String, digits: Int = SpecText.digits) -> String {
        guard spec.contains("("), let parsed = try? ComponentSpec(parsing: spec) else { return spec }
        guard !parsed.arguments.isEmpty else { return parsed.name }
        let arguments = parsed.arguments.map { argument -> String in
            if case .number(let number) = argument.value { return argument.key + "=" + value(number, digits: digits) }
            return argument.key + "=" + argument.value.description
        }
        return parsed.name + "(" + arguments.joined(separator: ",") + ")"
    }

    /// Short texts of distinct specs that stay distinct: `digits` significant digits, more (up to 6)
    /// where fewer would make two different specs read the same.
    public static func distinct(_ specs: [String]) -> [String: String] {
        let unique = Array(Set(specs))
        for digits in digits...6 {
            let texts = unique.map { short($0, digits: digits) }
            if Set(texts).count == unique.count || digits == 6 {
                return Dictionary(uniqueKeysWithValues: zip(unique, texts))
            }
        }
        return [:]
    }

    /// Short texts of distinct numbers that stay distinct (as `distinct(_:)` for specs).
    public static func distinctValues(_ values: [Double]) -> [Double: String] {
        let unique = Array(Set(values))
        for digits in digits...6 {
            let texts = unique.map { value($0, digits: digits) }
            if Set(texts).count == unique.count || digits == 6 {
                return Dictionary(uniqueKeysWithValues: zip(unique, texts))
            }
        }
        return [:]
    }
}
