import ZooLinalg

// MARK: - Numerical failures as user-facing errors

extension LinalgError {
    /// The same failure as a user-facing error.
    public var asZooError: ZooError {
        switch self {
        case .dimensionMismatch(let text): return .invalidData("dimension mismatch: \(text)")
        case .nonFinite(let text): return .invalidData("non-finite value in \(text)")
        default: return .numerical(description)
        }
    }
}

extension ZooError {
    /// Runs a numerical routine, turning its `LinalgError` into a user-facing `ZooError`.
    public static func fromLinalg<T>(_ body: () throws(LinalgError) -> T) throws(ZooError) -> T {
        do {
            return try body()
        } catch {
            throw error.asZooError
        }
    }
}
