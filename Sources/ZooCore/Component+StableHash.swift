// MARK: - Seeds from a component's values

extension Parameters {
    /// A seed-quality hash of `name` and these values, in declared order, computed from the values
    /// themselves (a number's bits, a boolean, a word's bytes) and never from their printed form, so a
    /// change in how numbers are written (`0.1`, `1e-1`) leaves every derived seed unchanged. `-0` counts
    /// as `0`, as it does in the canonical spec.
    public func stableHash(name: String) -> UInt64 {
        values.reduce(StableHash.of(name)) { hash, entry in
            StableHash.combine(hash, StableHash.of(entry.name), Self.valueHash(entry.value))
        }
    }

    private static func valueHash(_ value: ParameterValue) -> UInt64 {
        switch value {
        case .number(let number): return StableHash.combine(1, (number == 0 ? 0 : number).bitPattern)
        case .boolean(let flag): return StableHash.combine(2, flag ? 1 : 0)
        case .word(let text): return StableHash.combine(3, StableHash.of(text))
        }
    }
}

extension Component {
    /// `parameters.stableHash(name:)` under this component's registry name: what seeds derived from a
    /// component (an attack's random starts, for one) are keyed on.
    public var stableHash: UInt64 { parameters.stableHash(name: Self.name) }
}
