import ZooCore
import ZooLinalg

extension RidgeSolution {
    /// The solver facts a linear fit reports: route, relative residual, Lanczos steps and, for λ = 0,
    /// the numerical rank of X (the direct route's decision, or measured beside a converged Krylov
    /// answer when the Gram matrix is small enough to decompose; "not measured" otherwise: the Krylov
    /// route converges on any consistent system, so convergence says nothing about the rank).
    public func diagnostics(samples n: Int, dimension d: Int, lambda: Double) -> [String: String] {
        var facts = ["solver": method, "residual": "\(residual)"]
        if iterations > 0 { facts["lanczos-steps"] = String(iterations) }
        if lambda == 0 {
            facts["rank"] =
                rank.map(String.init)
                ?? "not measured (the Krylov system converged; X is too large to decompose for it)"
        }
        return facts
    }
}
