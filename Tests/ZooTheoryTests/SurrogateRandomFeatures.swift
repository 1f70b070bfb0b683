import Foundation
import ZooLinalg

/// A direct simulation of Hassani & Javanmard's setting, written for the tests (the `adversarial-rf`
/// estimator lives elsewhere): x ~ N(0, I_d), y = xᵀβ₀ + N(0, τ²) with ‖β₀‖ = 1; features
/// z = σ(Wx), σ(t) = max(t, 0) − 1/√(2π), N rows of W uniform on the unit sphere; θ̂ minimises the
/// surrogate (1/2n) Σᵢ (|yᵢ − θᵀzᵢ| + ε‖Jθ‖)² with J² = K = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π)
/// (so ‖Jθ‖² = E_x‖∇_x θᵀσ(Wx)‖²).
///
/// Solver: Newton's method with backtracking on the smoothed objective (|r| → √(r² + μ²),
/// ‖Jθ‖ → √(θᵀKθ + μ²)), μ lowered from 1e-1 to 1e-9 (continuation); the Hessian
/// (1/n)[Zᵀdiag(s² + φμ²/h³)Z − ε(vuᵀ + uvᵀ) + nε²uuᵀ + (Σφ)ε(K − uuᵀ)/a] is formed by SYRK and
/// solved by Cholesky (s = r/h, h = √(r² + μ²), a = √(θᵀKθ + μ²), u = Kθ/a, v = Zᵀs, φ = h + εa).
struct SurrogateRandomFeatures {
    let d: Int, features: Int, samples: Int, radius: Double, noise: Double

    struct Outcome {
        let standardRisk: Double
        let robustRisk: Double
        let zeroResiduals: Double
    }

    /// Draws one instance for `seed`, trains, and evaluates on `testSize` fresh points at `testRadius`:
    /// SR = mean (y − f)², AR = mean (|y − f| + ε_test‖Jθ̂‖)² (the surrogate's first-order attack).
    func run(seed: UInt64, testSize: Int, testRadius: Double) throws -> Outcome {
        var stream = RandomStream(seed: seed, stream: 41)
        let beta = stream.uniformOnSphere(dimension: d)
        var w = Matrix(rows: features, columns: d)
        for i in 0..<features {
            let row = stream.uniformOnSphere(dimension: d)
            for j in 0..<d { w[i, j] = row[j] }
        }
        let k = Self.gradientKernel(w)
        let (zTrain, yTrain) = draw(w: w, beta: beta, count: samples, seed: seed, stream: 42)
        let theta = try train(z: zTrain, y: yTrain, k: k)
        let gradient = radius == 0 ? 0 : (Vectors.dot(theta, k.multiply(theta))).squareRoot()
        let fitted = zTrain.multiply(theta)
        let zero = Double(zip(fitted, yTrain).filter { abs($0 - $1) < 1e-6 }.count) / Double(samples)
        let (zTest, yTest) = draw(w: w, beta: beta, count: testSize, seed: seed, stream: 43)
        let predictions = zTest.multiply(theta)
        var sr = 0.0
        var ar = 0.0
        for i in 0..<testSize {
            let residual = abs(yTest[i] - predictions[i])
            sr += residual * residual
            ar += (residual + testRadius * gradient) * (residual + testRadius * gradient)
        }
        return Outcome(standardRisk: sr / Double(testSize), robustRisk: ar / Double(testSize), zeroResiduals: zero)
    }

    /// K = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π), the clamped cosine keeping arccos defined.
    static func gradientKernel(_ w: Matrix) -> Matrix {
        var g = gram(w, .rows)
        for i in 0..<g.rows {
            for j in 0..<g.columns {
                let c = min(1, max(-1, g[i, j]))
                g[i, j] = c * (Double.pi - Foundation.acos(c)) / (2 * Double.pi)
            }
        }
        return g
    }

    func draw(w: Matrix, beta: [Double], count: Int, seed: UInt64, stream: UInt64) -> (Matrix, [Double]) {
        let x = Matrix.standardNormal(rows: count, columns: d, seed: seed, stream: stream)
        let noiseDraws = Matrix.standardNormal(rows: count, columns: 1, seed: seed, stream: stream + 100).elements
        var z = Matrix.multiply(x, .none, w, .transpose)
        let shift = 1 / (2 * Double.pi).squareRoot()
        z.withUnsafeMutableBufferPointer { buffer in for i in buffer.indices { buffer[i] = max(buffer[i], 0) - shift } }
        let signal = x.multiply(beta)
        return (z, (0..<count).map { signal[$0] + noise * noiseDraws[$0] })
    }

    func train(z: Matrix, y: [Double], k: Matrix) throws -> [Double] {
        let n = Double(samples)
        let eps = radius
        var theta = [Double](repeating: 0, count: features)
        var mu = 1e-1
        func loss(_ t: [Double], _ mu: Double) -> Double {
            let fitted = z.multiply(t)
            let a = (Vectors.dot(t, k.multiply(t)) + mu * mu).squareRoot()
            return zip(y, fitted).reduce(0) { sum, pair in
                let h = ((pair.0 - pair.1) * (pair.0 - pair.1) + mu * mu).squareRoot()
                return sum + (h + eps * a) * (h + eps * a)
            } / (2 * n)
        }
        while mu >= 1e-9 {
            for _ in 0..<40 {
                let fitted = z.multiply(theta)
                let kTheta = k.multiply(theta)
                let a = (Vectors.dot(theta, kTheta) + mu * mu).squareRoot()
                let u = kTheta.map { $0 / a }
                var s = [Double](repeating: 0, count: samples)
                var weights = s
                var phiSum = 0.0
                var phiS = s
                for i in 0..<samples {
                    let r = y[i] - fitted[i]
                    let h = (r * r + mu * mu).squareRoot()
                    let phi = h + eps * a
                    s[i] = r / h
                    weights[i] = (s[i] * s[i] + phi * mu * mu / (h * h * h)).squareRoot()
                    phiSum += phi
                    phiS[i] = phi * s[i]
                }
                // Gradient (1/n)[−Zᵀ(φ ⊙ s) + (Σφ)εu].
                let zPhiS = z.multiply(phiS, .transpose)
                let gradient = (0..<features).map { (-zPhiS[$0] + phiSum * eps * u[$0]) / n }
                if Vectors.norm2(gradient) < 1e-12 { break }
                var scaled = z
                for i in 0..<samples { for j in 0..<features { scaled[i, j] *= weights[i] } }
                var hessian = gram(scaled, .columns)
                let v = z.multiply(s, .transpose)
                for i in 0..<features {
                    for j in 0..<features {
                        hessian[i, j] +=
                            -eps * (v[i] * u[j] + u[i] * v[j]) + n * eps * eps * u[i] * u[j]
                            + phiSum * eps * (k[i, j] - u[i] * u[j]) / a
                        hessian[i, j] /= n
                    }
                }
                for i in 0..<features { hessian[i, i] += 1e-12 }
                let step = try CholeskyFactorization(hessian).solve(gradient.map { -$0 })
                let current = loss(theta, mu)
                var t = 1.0
                var accepted = false
                while t > 1e-10 {
                    let candidate = zip(theta, step).map { $0 + t * $1 }
                    if loss(candidate, mu) <= current - 1e-4 * t * abs(Vectors.dot(gradient, step)) {
                        theta = candidate
                        accepted = true
                        break
                    }
                    t *= 0.5
                }
                if !accepted || t * Vectors.norm2(step) < 1e-13 * max(1, Vectors.norm2(theta)) { break }
            }
            mu /= 10
        }
        return theta
    }
}
