import Foundation
import ZooCore
import ZooLinalg

// MARK: - balls

/// `balls`: classification in ℝ^d on `centers` label-pure ℓ₂ balls of radius ρ = `radius`, the setting
/// of Sanyal et al. 2021, Theorem 1.
///
/// Geometry (a function of the harness seed only, shared by the training and test samples of that
/// seed): the centres are placed by seeded rejection sampling, uniform in the cube [−L/2, L/2]^d, a
/// candidate kept when it lies at least 10ρ from every centre kept so far; each ball gets a class ±1
/// by a fair coin. The cube's side L is `side`, or, with `side=0` (default), the side for which the
/// exclusion balls of radius 10ρ of all centres would fill half the cube's volume,
/// L^d = 2·centers·V_d(10ρ), so every candidate is accepted with probability at least 1/2. At most
/// 50·centers candidates are drawn; when they do not suffice, or when the centres cannot fit at all
/// (centers·V_d(5ρ) > (L + 10ρ)^d, a packing bound), the data model refuses with the reason.
///
/// Sampling (equal mass): each point picks a ball uniformly and a point uniform in that ball. Test
/// labels are the ball's class; each training label is flipped independently with probability
/// η = `flip` ∈ [0, 1). The test sample depends on (seed, m), the training sample on (seed, n); both are
/// drawn in fixed blocks of rows, each with its own counter-based stream, so they are bit-identical on
/// every thread count.
///
/// Theorem 1 (Sanyal et al.): with |ζ| = `centers` equal-mass balls, flip rate η and m training points,
/// every classifier that interpolates the training labels has robust error at radius 2ρ of at least
/// 1 − (1 − η/|ζ|)^m in expectation: a ball holding a flipped training point is entirely within 2ρ of it.
/// Defaults `d=10`, `centers=100`, `radius=1`, `flip=0.1`.
public struct LabelledBalls: LabelNoiseBallModel {
    public static let name = "balls"
    public static let d = ParameterKey<Int>(
        "d", .integer(minimum: 1), default: 10, "input dimension", notation: .inputDimension)
    public static let centers = ParameterKey<Int>(
        "centers", .integer(minimum: 1, maximum: 20_000), default: 100, "|ζ|, the number of balls (equal mass)")
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0, exclusiveMinimum: true), default: 1,
        "ρ, the radius of every ball; centres are ≥ 10ρ apart", notation: .radius)
    public static let flip = ParameterKey<Double>(
        "flip", .real(minimum: 0, maximum: 1), default: 0.1,
        "η ∈ [0, 1), the probability that a training label is flipped", notation: .labelFlip)
    public static let side = ParameterKey<Double>(
        "side", .real(minimum: 0), default: 0,
        "side of the cube holding the centres; 0 = automatic (half the cube covered by exclusion balls)")
    public static let parameters = [d.spec, centers.spec, radius.spec, flip.spec, side.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "centers ℓ₂ balls of radius ρ in ℝ^d, centres uniform in a cube and ≥ 10ρ apart (seeded rejection sampling), class ±1 per ball; x: a uniform ball, then uniform in it; test label = the ball's class; training labels flipped with probability flip.",
        reference:
            "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting? (Theorem 1: interpolators have robust error ≥ 1 − (1 − η/|ζ|)^m at radius 2ρ).",
        notes:
            "Classification (labels ±1). The geometry depends on the seed only; side=0 picks L with L^d = 2·centers·V_d(10ρ)."
    )

    /// Candidate centres drawn per centre before the placement is declared infeasible.
    static let triesPerCenter = 50
    /// Rows per block of the sampler; each block has its own random stream.
    static let blockRows = 256

    public let parameters: Parameters
    public var task: Task { .classification }
    public let d: Int
    public var dimension: Int? { d }
    /// |ζ|, the number of equal-mass balls (Sanyal et al.'s Theorem 1).
    public let ballCount: Int
    /// η, the training-label flip probability (Sanyal et al.'s Theorem 1).
    public let flipRate: Double
    /// ρ, the radius of every ball.
    public let radius: Double
    /// The given side of the cube holding the centres; 0 = automatic (`cubeSide`).
    public let side: Double
    /// |ζ|, η and ρ for Sanyal et al.'s bound.
    public var labelNoiseBalls: LabelNoiseBalls {
        LabelNoiseBalls(count: ballCount, flipRate: flipRate, radius: radius)
    }

    public init(parameters: Parameters) throws(ZooError) {
        flipRate = parameters[Self.flip]
        guard flipRate < 1 else {
            throw .usage(
                "balls: parameter 'flip' must be in [0, 1), got \(flipRate) (flip=1 would make every training label wrong)"
            )
        }
        self.parameters = parameters
        d = parameters[Self.d]
        ballCount = parameters[Self.centers]
        radius = parameters[Self.radius]
        side = parameters[Self.side]
        try Self.checkPacking(d: d, centers: ballCount, radius: radius, side: cubeSide)
    }

    // MARK: Geometry

    /// The balls for one seed: centres (one per row) and their classes ±1.
    public struct Geometry: Sendable {
        public let centers: Matrix
        public let classes: [Double]
    }

    /// L: `side`, or the automatic side with L^d = 2·centers·V_d(10ρ) (computed in logarithms).
    public var cubeSide: Double {
        if side > 0 { return side }
        let exclusion = Self.logBallVolume(dimension: Double(d), radius: 10 * radius)
        return Foundation.exp((Foundation.log(2 * Double(ballCount)) + exclusion) / Double(d))
    }

    /// log V_d(r) = (d/2)·log π + d·log r − log Γ(d/2 + 1).
    static func logBallVolume(dimension d: Double, radius r: Double) -> Double {
        d / 2 * Foundation.log(Double.pi) + d * Foundation.log(r) - Foundation.lgamma(d / 2 + 1)
    }

    /// Refuses a cube that cannot hold the balls: disjoint balls of radius 5ρ around the centres lie in
    /// the cube enlarged by 5ρ on every side, so centers·V_d(5ρ) ≤ (L + 10ρ)^d is necessary.
    static func checkPacking(d: Int, centers: Int, radius: Double, side: Double) throws(ZooError) {
        let needed = Foundation.log(Double(centers)) + logBallVolume(dimension: Double(d), radius: 5 * radius)
        let available = Double(d) * Foundation.log(side + 10 * radius)
        guard needed <= available else {
            throw .usage(
                "balls: \(centers) centres at least 10·radius = \(10 * radius) apart cannot fit in a cube of side \(side) in d=\(d) (they need more volume than the cube offers): increase side, or reduce centers or radius"
            )
        }
    }

    /// Centres by seeded rejection sampling and classes by fair coins, both from the seed alone.
    public func geometry(seed: UInt64) throws(ZooError) -> Geometry {
        let count = ballCount
        let side = cubeSide
        let minimumDistance = 10 * radius
        var stream = RandomStream(seed: StableHash.combine(seed, 0xBA11), stream: 1)
        var centers = [Double]()
        centers.reserveCapacity(count * d)
        var candidate = [Double](repeating: 0, count: d)
        var placed = 0
        var tries = 0
        let maximumTries = Self.triesPerCenter * count
        while placed < count {
            guard tries < maximumTries else {
                throw .usage(
                    "balls: placed only \(placed) of \(count) centres at least 10·radius = \(minimumDistance) apart in the cube of side \(side) (d=\(d)) after \(maximumTries) tries: increase side, or reduce centers or radius"
                )
            }
            tries += 1
            for j in 0..<d { candidate[j] = (stream.nextUniform() - 0.5) * side }
            if Self.isFarFromAll(
                candidate, centers, placed: placed, minimumSquaredDistance: minimumDistance * minimumDistance)
            {
                centers.append(contentsOf: candidate)
                placed += 1
            }
        }
        var coins = RandomStream(seed: StableHash.combine(seed, 0xBA11), stream: 2)
        let classes = (0..<count).map { _ in coins.nextUInt64() & 1 == 0 ? 1.0 : -1.0 }
        return Geometry(centers: Matrix(rows: count, columns: d, elements: centers), classes: classes)
    }

    private static func isFarFromAll(
        _ point: [Double], _ centers: [Double], placed: Int, minimumSquaredDistance: Double
    ) -> Bool {
        let d = point.count
        for c in 0..<placed {
            var squared = 0.0
            for j in 0..<d {
                let difference = point[j] - centers[c * d + j]
                squared += difference * difference
            }
            if squared < minimumSquaredDistance { return false }
        }
        return true
    }

    // MARK: Draws

    public func drawTest(size m: Int, seed: UInt64) throws(ZooError) -> TestSample {
        guard m > 0 else { throw .usage("balls: the test size must be positive, got \(m)") }
        let sample = draw(
            count: m, geometry: try geometry(seed: seed), seed: StableHash.combine(seed, UInt64(m), 0x7E57), flip: 0)
        return TestSample(data: sample, signal: sample.targets, linearTruth: nil)
    }

    public func drawTraining(size n: Int, seed: UInt64) throws(ZooError) -> Dataset {
        guard n > 0 else { throw .usage("balls: the training size n must be positive, got \(n)") }
        return draw(
            count: n, geometry: try geometry(seed: seed), seed: StableHash.combine(seed, UInt64(n)), flip: flipRate)
    }

    /// `count` points: block b of `blockRows` rows uses stream b of `seed`; per row a ball index, a
    /// point uniform in that ball, and (for training) a flip coin.
    private func draw(count: Int, geometry: Geometry, seed: UInt64, flip: Double) -> Dataset {
        let d = geometry.centers.columns
        let balls = geometry.classes.count
        let rho = radius
        var x = Matrix(rows: count, columns: d)
        var y = [Double](repeating: 0, count: count)
        let blocks = (count + Self.blockRows - 1) / Self.blockRows
        x.withUnsafeMutableBufferPointer { features in
            y.withUnsafeMutableBufferPointer { labels in
                Parallelism.forEach(chunks: blocks) { block in
                    var stream = RandomStream(seed: seed, stream: UInt64(block))
                    for i in (block * Self.blockRows)..<min(count, (block + 1) * Self.blockRows) {
                        let ball = stream.nextInt(below: balls)
                        let offset = stream.uniformInBall(dimension: d, radius: rho)
                        for j in 0..<d { features[i * d + j] = geometry.centers[ball, j] + offset[j] }
                        let flipped = stream.nextUniform() < flip
                        labels[i] = flipped ? -geometry.classes[ball] : geometry.classes[ball]
                    }
                }
            }
        }
        return Dataset(generatedFeatures: x, targets: y)
    }
}
