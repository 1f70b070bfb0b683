import ZooCore

// MARK: - Issues

/// One requirement a component failed, as found by `ConformanceSuite`.
///
/// The suite returns issues rather than failing a test itself, so it runs under any test framework:
/// a Swift Testing test records each one (`Issue.record("\(issue)")`) or expects the list empty.
public struct ConformanceIssue: Sendable, Equatable, CustomStringConvertible {
    /// The registry name of the component at fault (`ridge`, `my-attack`).
    public let component: String
    /// The requirement failed, as named in the suite's documentation (for example
    /// "attacks stay in their ball").
    public let requirement: String
    /// What was seen, with the values involved.
    public let message: String

    public init(component: String, requirement: String, message: String) {
        self.component = component
        self.requirement = requirement
        self.message = message
    }

    /// `component: requirement: message`.
    public var description: String { "\(component): \(requirement): \(message)" }
}

// MARK: - Collecting issues

/// Gathers the issues of one check of one component.
struct IssueLog {
    let component: String
    let requirement: String
    private(set) var issues: [ConformanceIssue] = []

    init(_ component: String, _ requirement: String) {
        self.component = component
        self.requirement = requirement
    }

    /// Records `message` unless `condition` holds.
    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { record(message()) }
    }

    mutating func record(_ message: String) {
        issues.append(ConformanceIssue(component: component, requirement: requirement, message: message))
    }

    /// Records an issue unless `body` throws a `ZooError` (how components refuse bad input).
    mutating func expectRefusal(_ what: @autoclosure () -> String, _ body: () throws(ZooError) -> Void) {
        do {
            try body()
            record("\(what()) was accepted; it must throw ZooError.usage")
        } catch {}
    }

    /// Runs `body` on a fresh log for `component` and `requirement`, recording what it throws as an
    /// issue, and returns the issues either way.
    static func check(
        _ component: String, _ requirement: String,
        _ body: (inout IssueLog) throws(ZooError) -> Void
    ) -> [ConformanceIssue] {
        var log = IssueLog(component, requirement)
        do {
            try body(&log)
        } catch {
            log.record("threw \(error.description)")
        }
        return log.issues
    }
}
