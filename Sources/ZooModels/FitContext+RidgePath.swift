import ZooCore
import ZooLinalg

// MARK: - Shared ridge path

extension FitContext {
    /// The ridge-path solver for `training`, built once and shared by every linear estimator fitted on
    /// the same data (min-norm and any number of ridge λ reuse one Lanczos run or one
    /// eigendecomposition). Keyed by what it is computed from (see `ridgePath(features:targets:key:)`),
    /// so a fit on other data in the same context never gets this path.
    public func ridgePath(for training: Dataset) throws(ZooError) -> RidgePath {
        try ridgePath(features: training.features, targets: training.targets, key: "training")
    }

    /// The ridge-path solver of min_θ (1/n)‖targets − features·θ‖² + λ‖θ‖² for any feature matrix —
    /// random features Φ = σ(XWᵀ), say — shared by every estimator that asks with the same inputs.
    ///
    /// `key` names what the features are computed from, with every parameter (for example
    /// `"random-features(features=200,seed=7)"`); the cache key adds a fingerprint of the inputs
    /// (`FitContext.fingerprint`: shape, every target, a strided sample of feature entries), so two
    /// matrices that differ never share a path even under the same `key`, in practice.
    public func ridgePath(features: Matrix, targets: [Double], key: String) throws(ZooError) -> RidgePath {
        let cacheKey = "ZooLinalg.RidgePath|" + key + "|" + Self.fingerprint(features: features, targets: targets)
        return try shared(cacheKey) { () throws(ZooError) -> RidgePath in
            RidgePath(x: features, y: targets)
        }
    }

    /// Feature entries sampled by `fingerprint` (evenly strided over the matrix, first and last included).
    public static let fingerprintSamples = 4096

    /// A content fingerprint for cache keys: the shape, a hash of every target and a hash of up to
    /// `fingerprintSamples` evenly strided feature entries (bit patterns, so −0 ≠ 0 and NaNs differ).
    /// O(n + 4096), so keying a cache by it costs nothing beside a fit; use it in your own `shared` keys.
    public static func fingerprint(features: Matrix, targets: [Double]) -> String {
        let targetHash = bitPatternHash(targets)
        var featureHash: UInt64 = 0x9E37_79B9_7F4A_7C15
        let count = features.elements.count
        if count > 0 {
            let samples = min(count, fingerprintSamples)
            features.withUnsafeBufferPointer { buffer in
                for k in 0..<samples {
                    let index = samples == 1 ? 0 : Int((Double(k) / Double(samples - 1) * Double(count - 1)).rounded())
                    featureHash = StableHash.combine(featureHash, UInt64(index), buffer[index].bitPattern)
                }
            }
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

// MARK: - Streamed samples

extension FitContext {
    /// The ridge path of a streamed sample (`RidgePath(streamed:y:)`), shared like `ridgePath(for:)` by
    /// every estimator fitted on it: one streamed Gram matrix serves min-norm and every ridge λ.
    public func ridgePath(for training: StreamedDataset) throws(ZooError) -> RidgePath {
        let design = training.design
        let scaleHash = Self.bitPatternHash(design.columnScales ?? [], start: 0x9E37_79B9_7F4A_7C15)
        let key =
            "ZooLinalg.RidgePath|streamed|\(design.rows)x\(design.columns)|\(design.seed)|\(design.stream)|"
            + String(scaleHash, radix: 16) + "|" + String(Self.bitPatternHash(training.targets), radix: 16)
        return try shared(key) { () throws(ZooError) -> RidgePath in RidgePath(streamed: design, y: training.targets) }
    }
}
