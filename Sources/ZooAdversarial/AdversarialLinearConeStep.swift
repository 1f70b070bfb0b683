import Foundation
import ZooLinalg

// MARK: - The ℓ₂ Newton step, stable near the cone's boundary

extension AdversarialLinearBarrier {
    /// The Newton direction for ℓ₂. The Hessian of −log g, g = a² − ‖w‖² (a = rΣu, w = Lᵀv, K = LLᵀ),
    /// has eigenvalues of order 1/g² and 1/g; eliminating u from it directly cancels catastrophically as
    /// g → 0. Written as a sum of positive semidefinite pieces,
    ///
    ///     ∇²(−log g) = (2/g²)(c cᵀ + e eᵀ) + (2/g)·(0 ⊕ (K − kkᵀ/vᵀKv)),   k = Kv,
    ///     c = (a·r·1, −k),   e = (√(vᵀKv)·r·1, −(a/√(vᵀKv))·k)   (e = 0 and no projection at v = 0),
    ///
    /// (in (a, w): [[a² + ‖w‖², −2awᵀ], [−2aw, gI + 2wwᵀ]] = ccᵀ + eeᵀ + g(0 ⊕ (I − ŵŵᵀ)), times 2/g²),
    /// and ccᵀ + eeᵀ = ½(a + ‖w‖)²ffᵀ + ½(a − ‖w‖)²hhᵀ with f = (r·1, −k/‖w‖), h = (r·1, k/‖w‖) (c and e
    /// turn parallel as g → 0, f and h stay apart; a − ‖w‖ = g/(a + ‖w‖)). So the Hessian is
    /// B + UWUᵀ, U = [f h], W = diag((a + ‖w‖)², (a − ‖w‖)²)/g², B = barrier diagonal blocks +
    /// (2/g)(0 ⊕ (K − kkᵀ/vᵀKv)) with a diagonal u-block. B is solved through its n×n Schur complement
    /// (diagonal plus a positive semidefinite matrix, one Cholesky factorisation), the rank-2 term by
    /// Woodbury (a well-conditioned 2×2 system), and the result refined against H itself.
    func coneNewtonStep(_ point: Point, tau: Double, diagonal: BarrierDiagonal) -> (
        du: [Double], dv: [Double], decrement: Double
    )? {
        let k = point.kv
        let g = point.g
        let a = point.a
        let r = radius
        let vkv = max(Vectors.dot(point.v, k), 0)
        guard g > 0 else { return nil }
        // at w = 0 (v = 0, the start) e vanishes and the vv part is (2/g)K
        let root = vkv.squareRoot()
        let projected = vkv > 0
        var gu = diagonal.gu
        var gv = diagonal.gv
        for i in 0..<n {
            gu[i] -= 2 * a * r / g
            gv[i] += 2 * k[i] / g
        }
        // Schur complement of B: diag(dvv − duv²/duu) + (2/g)(K − kkᵀ/vᵀKv)
        var s = gramMatrix!
        s.withUnsafeMutableBufferPointer { entries in
            for i in 0..<n {
                let ki = projected ? k[i] / vkv : 0
                for j in 0..<n { entries[i * n + j] = (2 / g) * (entries[i * n + j] - ki * k[j]) }
                entries[i * n + i] += diagonal.reducedVV[i]
            }
        }
        guard let factor = choleskyFactor(s) else { return nil }
        func solveB(_ ru: [Double], _ rv: [Double]) -> ([Double], [Double]) {
            let xv = factor.solve((0..<n).map { rv[$0] - diagonal.duv[$0] * ru[$0] / diagonal.duu[$0] })
            return ((0..<n).map { (ru[$0] - diagonal.duv[$0] * xv[$0]) / diagonal.duu[$0] }, xv)
        }
        // the rank-2 part in a well-separated basis: ccᵀ + eeᵀ = ½(a + ‖w‖)²ffᵀ + ½(a − ‖w‖)²hhᵀ with
        // f = (1, −ŵ), h = (1, ŵ) (c and e become parallel as g → 0; f and h do not), a − ‖w‖ = g/(a + ‖w‖)
        let ones = [Double](repeating: r, count: n)
        let sum = a + root
        let columns: [([Double], [Double])] =
            projected
            ? [(ones, Vectors.scaled(k, by: -1 / root)), (ones, Vectors.scaled(k, by: 1 / root))]
            : [(ones, [Double](repeating: 0, count: n))]
        let inverseWeights = projected ? [g * g / (sum * sum), sum * sum] : [g * g / (2 * a * a)]
        let solvedColumns = columns.map { solveB($0.0, $0.1) }
        func dot(_ x: ([Double], [Double]), _ y: ([Double], [Double])) -> Double {
            Vectors.dot(x.0, y.0) + Vectors.dot(x.1, y.1)
        }
        // capacitance diag(1/weights) + UᵀB⁻¹U (1×1 or 2×2)
        let c00 = inverseWeights[0] + dot(columns[0], solvedColumns[0])
        let c01 = projected ? dot(columns[0], solvedColumns[1]) : 0
        let c11 = projected ? inverseWeights[1] + dot(columns[1], solvedColumns[1]) : 1
        let determinant = c00 * c11 - c01 * c01
        guard determinant > 0 else { return nil }
        func solveH(_ ru: [Double], _ rv: [Double]) -> ([Double], [Double]) {
            var (xu, xv) = solveB(ru, rv)
            let t0 = dot(columns[0], (xu, xv))
            let t1 = projected ? dot(columns[1], (xu, xv)) : 0
            let z0 = (c11 * t0 - c01 * t1) / determinant
            let z1 = (c00 * t1 - c01 * t0) / determinant
            Vectors.axpy(-z0, solvedColumns[0].0, &xu)
            Vectors.axpy(-z0, solvedColumns[0].1, &xv)
            if projected {
                Vectors.axpy(-z1, solvedColumns[1].0, &xu)
                Vectors.axpy(-z1, solvedColumns[1].1, &xv)
            }
            return (xu, xv)
        }
        // H·(du, dv) from its definition, for refinement
        let alpha = 2 * r * r * (a * a + vkv) / (g * g)
        let b = Vectors.scaled(k, by: -4 * a * r / (g * g))
        func hessianTimes(_ du: [Double], _ dv: [Double]) -> ([Double], [Double]) {
            let sdu = du.reduce(0, +)
            let bdv = Vectors.dot(b, dv)
            let kdv = Vectors.dot(k, dv)
            let kd = gramMatrix!.multiply(dv)
            let hu = (0..<n).map { diagonal.duu[$0] * du[$0] + alpha * sdu + diagonal.duv[$0] * dv[$0] + bdv }
            let hv = (0..<n).map {
                diagonal.duv[$0] * du[$0] + b[$0] * sdu + diagonal.dvv[$0] * dv[$0] + 2 / g * kd[$0] + 4 / (g * g)
                    * k[$0] * kdv
            }
            return (hu, hv)
        }
        let (du, dv) = refined(solve: solveH, times: hessianTimes, ru: gu.map { -$0 }, rv: gv.map { -$0 })
        let decrement = -(Vectors.dot(gu, du) + Vectors.dot(gv, dv))
        guard decrement.isFinite, decrement >= 0 else { return nil }
        return (du, dv, decrement)
    }

    /// Iterative refinement of an approximate solver `solve` for the operator `times`; stops when the
    /// residual no longer shrinks, keeping the best iterate.
    func refined(
        solve: ([Double], [Double]) -> ([Double], [Double]), times: ([Double], [Double]) -> ([Double], [Double]),
        ru: [Double], rv: [Double]
    ) -> ([Double], [Double]) {
        let rhsNorm = (Vectors.squaredNorm(ru) + Vectors.squaredNorm(rv)).squareRoot()
        var (du, dv) = solve(ru, rv)
        var residualNorm = Double.infinity
        for _ in 0..<Self.refinementSteps {
            let (hu, hv) = times(du, dv)
            let eu = (0..<n).map { ru[$0] - hu[$0] }
            let ev = (0..<n).map { rv[$0] - hv[$0] }
            let norm = (Vectors.squaredNorm(eu) + Vectors.squaredNorm(ev)).squareRoot()
            guard norm > Self.refinementTolerance * rhsNorm, norm < 0.5 * residualNorm else { break }
            residualNorm = norm
            let (cu, cv) = solve(eu, ev)
            Vectors.axpy(1, cu, &du)
            Vectors.axpy(1, cv, &dv)
        }
        return (du, dv)
    }
}

/// The barrier's separable part at one point: gradients of the objective and of the |vᵢ| ≤ uᵢ
/// barriers, and the 2×2 Hessian block of each i.
struct BarrierDiagonal {
    var gu: [Double], gv: [Double]
    var duu: [Double], duv: [Double], dvv: [Double]
    /// dvv − duv²/duu, computed as ((2τ/n)·dvv + 4/(p²q²))/duu without cancellation.
    var reducedVV: [Double]

    init(_ point: AdversarialLinearBarrier.Point, y: [Double], tau: Double) {
        let n = y.count
        let nd = Double(n)
        gu = [Double](repeating: 0, count: n)
        gv = gu
        duu = gu
        duv = gu
        dvv = gu
        reducedVV = gu
        for i in 0..<n {
            let ip = 1 / point.p[i]
            let iq = 1 / point.q[i]
            gu[i] = 2 * tau * point.u[i] / nd - ip - iq
            gv[i] = -2 * tau * y[i] / nd + ip - iq
            duu[i] = 2 * tau / nd + ip * ip + iq * iq
            dvv[i] = ip * ip + iq * iq
            duv[i] = iq * iq - ip * ip
            reducedVV[i] = (2 * tau / nd * dvv[i] + 4 * ip * ip * iq * iq) / duu[i]
        }
    }
}
