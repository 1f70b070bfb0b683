// MARK: - A claim's verdict

/// What checking a paper's claim against result rows found (the claims themselves and their checks are
/// ZooStudies'); `zoo reproduce` prints `text`, the HTML report renders it.
/// One evaluated condition: what was compared, with the figures, and whether it held.
public struct ClaimCheckOutcome: Sendable, Equatable {
    public var text: String
    public var held: Bool

    public init(text: String, held: Bool) {
        self.text = text
        self.held = held
    }
}

/// A claim with every condition evaluated.
public struct ClaimVerdict: Sendable {
    public var claim: String
    /// The paper and result (section, theorem or figure), and the regime it assumes; empty when not given.
    public var source: String = ""
    public var regime: String = ""
    public var checks: [ClaimCheckOutcome]
    /// One sentence saying what the verdict means, for each outcome (empty: none printed).
    public var meaningIfHeld: String = ""
    public var meaningIfNot: String = ""
    /// Whether every check held (false when there is none).
    public var held: Bool { !checks.isEmpty && checks.allSatisfy(\.held) }

    public init(
        claim: String, source: String = "", regime: String = "", checks: [ClaimCheckOutcome],
        meaningIfHeld: String = "", meaningIfNot: String = ""
    ) {
        self.claim = claim
        self.source = source
        self.regime = regime
        self.checks = checks
        self.meaningIfHeld = meaningIfHeld
        self.meaningIfNot = meaningIfNot
    }

    /// `claim held` or `claim did not hold`, then the sentence that explains it.
    public var outcome: String {
        let meaning = held ? meaningIfHeld : meaningIfNot
        return (held ? "claim held" : "claim did not hold") + (meaning.isEmpty ? "" : ": " + meaning)
    }

    /// The verdict as printed by `zoo reproduce`: the claim (with its source and regime), one line per
    /// check, then the outcome with its one-sentence explanation.
    public var text: String {
        var lines = ["claim: " + claim]
        if !source.isEmpty { lines.append("  source: " + source) }
        if !regime.isEmpty { lines.append("  regime: " + regime) }
        return (lines + checks.map { "  \($0.held ? "✓" : "✗") \($0.text)" } + [outcome]).joined(separator: "\n")
    }
}
