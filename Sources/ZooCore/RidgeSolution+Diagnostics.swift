import ZooLinalg

extension RidgeSolution {
    /// The solver facts a linear fit reports: route, relative residual, Lanczos steps and the rank
    /// decision (the Krylov route at λ = 0 converges only when X has full rank min(n, d)).
    public func diagnostics(samples n: Int, dimension d: Int) -> [String: String] {
        var facts = ["solver": method, "residual": "\(residual)"]
        if iterations > 0 { facts["lanczos-steps"] = String(iterations) }
        facts["rank"] = rank.map(String.init) ?? "\(min(n, d)) (full: the Krylov system converged)"
        return facts
    }
}
