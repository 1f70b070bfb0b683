import ZooCore
import ZooLinalg

extension RidgeSolution {
    /// The solver facts a linear fit reports: route, relative residual, Lanczos steps and, for λ = 0,
    /// the rank decision (the Krylov route at λ = 0 converges only when X has full rank min(n, d);
    /// otherwise the complete orthogonal decomposition reports the rank it found).
    public func diagnostics(samples n: Int, dimension d: Int, lambda: Double) -> [String: String] {
        var facts = ["solver": method, "residual": "\(residual)"]
        if iterations > 0 { facts["lanczos-steps"] = String(iterations) }
        if lambda == 0 { facts["rank"] = rank.map(String.init) ?? "\(min(n, d)) (full: the Krylov system converged)" }
        return facts
    }
}
