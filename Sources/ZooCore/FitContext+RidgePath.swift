import ZooLinalg

// MARK: - Shared ridge path

extension FitContext {
    /// The ridge-path solver for this context's training data, built once and shared by every linear
    /// estimator fitted on it (min-norm and any number of ridge λ reuse one Lanczos run or one
    /// eigendecomposition).
    public func ridgePath(for training: Dataset) throws(ZooError) -> RidgePath {
        try shared("ZooLinalg.RidgePath") { () throws(ZooError) -> RidgePath in
            RidgePath(x: training.features, y: training.targets)
        }
    }
}

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
