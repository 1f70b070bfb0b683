// MARK: - Arithmetic on sizes that never traps

/// Products and sums of sizes (n, d, test points, seeds, grid points, cells) that clamp to `Int.max`
/// instead of trapping on overflow, so a size check can always run and refuse (docs/reliability.md).
/// Every count the harness multiplies before its resource check goes through here or through `Double`.
public enum Saturating {
    /// a · b, or `Int.max` when it overflows (inputs are non-negative sizes).
    public static func product(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }

    /// The product of all values, `Int.max` on overflow.
    public static func product(_ values: [Int]) -> Int { values.reduce(1) { product($0, $1) } }

    /// a + b, or `Int.max` when it overflows.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : value
    }

    /// The sum of all values, `Int.max` on overflow.
    public static func sum(_ values: [Int]) -> Int { values.reduce(0) { sum($0, $1) } }
}
