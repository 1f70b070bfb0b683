import Synchronization
import ZooCore

// MARK: - Specs parsed once per distinct text

/// The parse of each distinct spec text, shared by every row that carries it: a run of 10⁵ rows has a
/// few dozen distinct specs, so each is parsed once (not three times per row) and the rows share the
/// parsed arrays. Thread-safe; bounded (emptied when it reaches `capacity` texts, then refilled), so a
/// file of ever-new specs cannot grow it without limit.
final class ParsedSpecs: Sendable {
    static let shared = ParsedSpecs()
    /// Distinct texts kept at most.
    static let capacity = 4096

    private let cache = Mutex<[String: ComponentSpec?]>([:])

    /// `ComponentSpec(parsing: text)`, nil when the text is not a spec.
    func spec(_ text: String) -> ComponentSpec? {
        if let known = cache.withLock({ $0[text] }) { return known }
        let parsed = try? ComponentSpec(parsing: text)
        cache.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = .some(parsed)
        }
        return parsed
    }
}
