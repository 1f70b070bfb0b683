import ZooCore
import ZooLinalg

// MARK: - Shared ridge path

extension FitContext {
    /// The ridge-path solver for `training`, stored or streamed, built once and shared by every linear
    /// estimator fitted on the same data (min-norm and any number of ridge λ reuse one Lanczos run, one
    /// streamed Gram matrix or one eigendecomposition). Keyed by what it is computed from (see
    /// `ridgePath(features:targets:key:)`), so a fit on other data in the same context never gets this path.
    public func ridgePath(for training: DesignSample) throws(ZooError) -> RidgePath {
        try ridgePath(features: training.design, targets: training.targets, key: "training")
    }

    /// The ridge-path solver of min_θ (1/n)‖targets − features·θ‖² + λ‖θ‖² for any feature matrix —
    /// random features Φ = σ(XWᵀ), say — shared by every estimator that asks with the same inputs.
    ///
    /// `key` names what the features are computed from, with every parameter (for example
    /// `"random-features(features=200,seed=7)"`); the cache key adds a fingerprint of the inputs
    /// (`FitContext.fingerprint`: shape, every target, the design's identity words), so two matrices
    /// that differ never share a path even under the same `key`, in practice.
    public func ridgePath(features: any DesignMatrix, targets: [Double], key: String) throws(ZooError) -> RidgePath {
        let cacheKey = "ZooLinalg.RidgePath|" + key + "|" + Self.fingerprint(features: features, targets: targets)
        return try shared(cacheKey) { () throws(ZooError) -> RidgePath in
            RidgePath(x: features, y: targets)
        }
    }

    /// Feature entries sampled by `fingerprint` (evenly strided over a stored matrix, first and last included).
    public static let fingerprintSamples = 4096

    /// A content fingerprint for cache keys: the shape, a hash of every target and a hash of the design's
    /// `identityWords` (a stored matrix: up to `fingerprintSamples` evenly strided entries, as bit
    /// patterns, so −0 ≠ 0 and NaNs differ; a streamed design: its generator's seed, stream and
    /// scales). O(n + 4096) for a stored X, so keying a cache by it costs nothing beside a fit; use it
    /// in your own `shared` keys.
    public static func fingerprint(features: any DesignMatrix, targets: [Double]) -> String {
        let targetHash = bitPatternHash(targets)
        let featureHash = features.identityWords(samples: fingerprintSamples).reduce(0x9E37_79B9_7F4A_7C15) {
            StableHash.combine($0, $1)
        }
        return "\(features.rows)x\(features.columns)|\(String(targetHash, radix: 16))|\(String(featureHash, radix: 16))"
    }
}

extension FitContext {
    /// A hash of every value's bit pattern, in order (so −0 ≠ 0 and NaNs differ), for cache keys.
    static func bitPatternHash(_ values: [Double], start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        values.reduce(start) { StableHash.combine($0, $1.bitPattern) }
    }
}
