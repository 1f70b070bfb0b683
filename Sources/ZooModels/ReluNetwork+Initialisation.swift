import ZooCore
import ZooLinalg

// MARK: - Initialisation

extension ReluNetwork {
    /// The seeded initial network: wⱼ ~ N(0, I_d) and aⱼ = ±1 with equal probability, from streams of
    /// `RandomStream.derivedSeed(seed, StableHash.of("two-layer"))` (shared by every network estimator, so
    /// standard and adversarial training start from the same network).
    public static func initial(width: Int, dimension: Int, seed: UInt64, trainsHidden: Bool, trainsOutput: Bool)
        -> ReluNetwork
    {
        let derived = RandomStream.derivedSeed(seed, StableHash.of("two-layer"))
        let hidden = Matrix.standardNormal(rows: width, columns: dimension, seed: derived, stream: 1)
        var uniforms = [Double](repeating: 0, count: width)
        uniforms.withUnsafeMutableBufferPointer { fillUniform($0, seed: derived, stream: 2) }
        return ReluNetwork(
            hidden: hidden, output: uniforms.map { $0 < 0.5 ? -1 : 1 },
            trainsHidden: trainsHidden, trainsOutput: trainsOutput)
    }
}
