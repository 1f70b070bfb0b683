// MARK: - Errors

/// Every failure EstimatorZoo reports to a user: one clear sentence, and whether it was a usage error.
///
/// The command line prints `error: <description>` and exits with status 2 for `.usage` errors and 1 for
/// the others (docs/conventions.md §7).
public enum ZooError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The user asked for something malformed: unknown name, bad parameter, bad flag.
    case usage(String)
    /// Input data is malformed or inconsistent (CSV problems, NaN, mismatched dimensions).
    case invalidData(String)
    /// A computation failed (for example a factorisation broke down).
    case numerical(String)
    /// A requested size would exceed the machine's memory or another resource.
    case resources(String)
    /// Reading or writing a file failed.
    case io(String)

    public var description: String {
        switch self {
        case .usage(let text), .invalidData(let text), .numerical(let text), .resources(let text), .io(let text):
            return text
        }
    }

    /// True for errors that are the user's invocation's fault (exit status 2).
    public var isUsageError: Bool {
        if case .usage = self { return true }
        return false
    }
}

extension ZooError {
    /// The same error with `context: ` before its message (the cell a failure happened in), same kind.
    public func withContext(_ context: String) -> ZooError {
        switch self {
        case .usage(let text): .usage("\(context): \(text)")
        case .invalidData(let text): .invalidData("\(context): \(text)")
        case .numerical(let text): .numerical("\(context): \(text)")
        case .resources(let text): .resources("\(context): \(text)")
        case .io(let text): .io("\(context): \(text)")
        }
    }
}
