import ZooCore
import ZooLinalg

// MARK: - Random-feature directions

/// The first layer W of a random-features model, f(x) = Σ_ℓ θ_ℓ σ(w_ℓᵀx): N rows uniform on the unit
/// sphere S^(d−1), drawn as normalised standard normal rows (rotation invariance).
///
/// One definition for every estimator built on these features (`random-features`, `adversarial-rf`):
/// for the same fit seed, N and d they draw the same W, so their rows compare the same feature map.
public enum RandomFeatureDirections {
    /// The label that separates these draws from every other use of the fit seed.
    static let seedLabel = StableHash.of("random-features.directions")

    /// The seed of W for a fit seed, N (`features`) and d.
    public static func seed(fitSeed: UInt64, features: Int, dimension d: Int) -> UInt64 {
        RandomStream.derivedSeed(fitSeed, seedLabel, UInt64(features), UInt64(d))
    }

    /// W: `count` rows uniform on S^(d−1).
    public static func draw(count: Int, dimension d: Int, seed: UInt64) -> Matrix {
        var w = Matrix.standardNormal(rows: count, columns: d, seed: seed, stream: 1)
        w.withUnsafeMutableBufferPointer { buffer in
            Parallelism.forEachRange(count: count, minimumPerThread: 256) { rows in
                for i in rows {
                    let row = buffer.baseAddress! + i * d
                    var squaredNorm = 0.0
                    for j in 0..<d { squaredNorm = squaredNorm.addingProduct(row[j], row[j]) }
                    // A zero Gaussian row has probability zero; it is given the direction e₁.
                    guard squaredNorm > 0 else {
                        row[0] = 1
                        continue
                    }
                    let scale = 1 / squaredNorm.squareRoot()
                    for j in 0..<d { row[j] *= scale }
                }
            }
        }
        return w
    }
}
