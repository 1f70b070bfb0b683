import ZooLinalg

// MARK: - Ball geometry shared by gradient attacks and adversarial training

extension ThreatModel {
    /// Projects every row δᵢ of `perturbations` onto the ball {‖δ‖ ≤ radius} in place.
    ///
    /// ℓ₂: δ ← δ·min(1, r/‖δ‖₂) (the nearest point of the ball); ℓ∞: each coordinate clamped to [−r, r].
    public func project(_ perturbations: inout Matrix) {
        let r = radius
        let d = perturbations.columns
        let m = perturbations.rows
        perturbations.withUnsafeMutableBufferPointer { buffer in
            switch norm {
            case .l2:
                for i in 0..<m {
                    let length = Vectors.norm2(UnsafeBufferPointer(rebasing: buffer[(i * d)..<((i + 1) * d)]))
                    guard length > r else { continue }
                    let factor = r / length
                    for j in 0..<d { buffer[i * d + j] *= factor }
                }
            case .linf:
                for index in 0..<(m * d) { buffer[index] = min(r, max(-r, buffer[index])) }
            }
        }
    }

    /// The steepest-ascent step of length `step` for each row gᵢ of `gradients`, in this norm:
    /// ℓ₂: step·gᵢ/‖gᵢ‖₂ (zero where gᵢ = 0); ℓ∞: step·sign(gᵢ) coordinate-wise (sign(0) = 0).
    /// This is argmax over ‖s‖ ≤ step of gᵢᵀs, the update of PGD and FGSM.
    public func ascentSteps(_ gradients: Matrix, step: Double) -> Matrix {
        var steps = gradients
        let d = gradients.columns
        let m = gradients.rows
        steps.withUnsafeMutableBufferPointer { buffer in
            switch norm {
            case .l2:
                for i in 0..<m {
                    let length = Vectors.norm2(UnsafeBufferPointer(rebasing: buffer[(i * d)..<((i + 1) * d)]))
                    let factor = length > 0 && length.isFinite ? step / length : 0
                    for j in 0..<d { buffer[i * d + j] *= factor }
                }
            case .linf:
                for index in 0..<(m * d) {
                    let g = buffer[index]
                    buffer[index] = g > 0 ? step : (g < 0 ? -step : 0)
                }
            }
        }
        return steps
    }

    /// `rows` points drawn uniformly in the ball (ℓ₂: uniform in the Euclidean ball; ℓ∞: uniform in
    /// the cube [−r, r]^d), from `stream` (a random start for PGD restarts).
    public func uniformStarts(rows: Int, columns: Int, stream: inout RandomStream) -> Matrix {
        var starts = Matrix(rows: rows, columns: columns)
        switch norm {
        case .l2:
            for i in 0..<rows {
                let point = stream.uniformInBall(dimension: columns, radius: radius)
                for j in 0..<columns { starts[i, j] = point[j] }
            }
        case .linf:
            for index in 0..<(rows * columns) { starts.elements[index] = radius * (2 * stream.nextUniform() - 1) }
        }
        return starts
    }
}
