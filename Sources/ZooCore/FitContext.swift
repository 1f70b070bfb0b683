import Foundation

// MARK: - Fit context

/// Shared state for every fit on one dataset: the seed, and a cache through which estimators that see
/// the same training data (min-norm and a whole ridge path, say) reuse one decomposition.
///
/// The cache is keyed by strings the components choose (include every input the value depends on
/// other than the dataset). It is thread-safe; a value is computed once even under concurrent requests
/// for the same key.
public final class FitContext: @unchecked Sendable {
    /// The seed for any randomness in fitting (initialisations, random features).
    public let seed: UInt64
    /// Regression or classification (labels ±1): what the training targets mean.
    public let task: Task
    /// The threat model the experiment evaluates against, where it defines one (adversarial
    /// training may use it as a default; estimators with their own `radius` use that).
    public let threatModel: ThreatModel?
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]
    private var keyLocks: [String: NSLock] = [:]

    public init(seed: UInt64, task: Task = .regression, threatModel: ThreatModel? = nil) {
        self.seed = seed
        self.task = task
        self.threatModel = threatModel
    }

    /// The cached value for `key`, computing it with `make` on first use.
    public func shared<Value: Sendable>(_ key: String, _ make: () throws(ZooError) -> Value) throws(ZooError) -> Value {
        let keyLock: NSLock = lock.withLock {
            if let existing = keyLocks[key] { return existing }
            let created = NSLock()
            keyLocks[key] = created
            return created
        }
        keyLock.lock()
        defer { keyLock.unlock() }
        if let cached = lock.withLock({ values[key] }) {
            guard let typed = cached as? Value else {
                preconditionFailure("FitContext key '\(key)' holds another type")
            }
            return typed
        }
        let value = try make()
        lock.withLock { values[key] = value }
        return value
    }
}
