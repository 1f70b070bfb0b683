// MARK: - Uniform points on spheres and in balls

import Foundation

extension RandomStream {
    /// Norms at or below this are redrawn before normalising (a zero Gaussian vector has no direction).
    static let minimumDirectionNorm = 1e-300

    /// A point uniform on the sphere of radius `radius` in ℝ^dimension: a standard normal vector divided
    /// by its norm (rotation invariance of the Gaussian), times `radius`. Dimension 0 gives `[]`.
    public mutating func uniformOnSphere(dimension: Int, radius: Double = 1) -> [Double] {
        guard dimension > 0 else { return [] }
        var point = [Double](repeating: 0, count: dimension)
        while true {
            point.withUnsafeMutableBufferPointer { fillNormals($0) }
            var squaredNorm = 0.0
            for z in point { squaredNorm += z * z }
            let norm = squaredNorm.squareRoot()
            guard norm > Self.minimumDirectionNorm else { continue }
            let factor = radius / norm
            for i in 0..<dimension { point[i] *= factor }
            return point
        }
    }

    /// A point uniform in the ball of radius `radius` in ℝ^dimension: a uniform direction times
    /// `radius · U^(1/dimension)` with U uniform on (0, 1].
    public mutating func uniformInBall(dimension: Int, radius: Double = 1) -> [Double] {
        guard dimension > 0 else { return [] }
        var point = uniformOnSphere(dimension: dimension, radius: 1)
        let u = NormalZiggurat.positiveUniform(nextUInt64())
        let scaledRadius = radius * (dimension == 1 ? u : u.squareRoot(ofDegree: dimension))
        for i in 0..<dimension { point[i] *= scaledRadius }
        return point
    }
}

extension Double {
    /// The positive `degree`-th root, via exp(log(x)/degree).
    fileprivate func squareRoot(ofDegree degree: Int) -> Double {
        Foundation.exp(Foundation.log(self) / Double(degree))
    }
}
