import ZooCore
import ZooLinalg

// MARK: - Label noise

/// Training-label noise for real classification data: the label at training-pool position i is
/// flipped when u_i < η, with u_i the i-th uniform of a stream seeded by the harness seed alone. The
/// training sample of size n is the pool's first n rows, so the flips nest: the same rows are flipped
/// for every n, and the rows flipped at η are among those flipped at any η′ > η (a coupled sweep over
/// η, as in `balls`). Test labels are never flipped.
enum LabelNoise {
    /// Flips each label with probability `rate` (labels ±1), position by position.
    static func flip(_ labels: inout [Double], rate: Double, seed: UInt64) {
        guard rate > 0 else { return }
        var stream = RandomStream(seed: StableHash.combine(seed, 0xF11B), stream: 3)
        for i in labels.indices where stream.nextUniform() < rate { labels[i] = -labels[i] }
    }
}
