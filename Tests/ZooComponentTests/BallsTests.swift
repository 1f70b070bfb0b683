import Foundation
import Testing
import ZooCore
import ZooData
import ZooLinalg

/// `balls`: geometry, equal mass, flip rate and refusals (Sanyal et al. 2021's setting).
@Suite struct BallsTests {
    static func balls(_ spec: String) throws(ZooError) -> LabelledBalls {
        try LabelledBalls.make(ComponentSpec(parsing: spec).arguments)
    }

    /// Index of the nearest centre of every row (the point's ball: centres are ≥ 10ρ apart, points within ρ).
    static func ballIndex(_ x: Matrix, _ centers: Matrix) -> [Int] {
        (0..<x.rows).map { i in
            (0..<centers.rows).min { a, b in
                Vectors.squaredNorm(Vectors.difference(x.row(i), centers.row(a)))
                    < Vectors.squaredNorm(Vectors.difference(x.row(i), centers.row(b)))
            }!
        }
    }

    @Test(arguments: [
        "balls", "balls(d=2,centers=30,radius=0.5)", "balls(d=1,centers=8,radius=2)", "balls(d=50,centers=40)",
    ])
    func centresAreTenRadiiApartAndPointsInTheirBall(spec: String) throws {
        let data = try Self.balls(spec)
        for seed: UInt64 in [0, 7] {
            let geometry = try data.geometry(seed: seed)
            #expect(geometry.centers.rows == data.ballCount && geometry.classes.allSatisfy { $0 == 1 || $0 == -1 })
            for a in 0..<geometry.centers.rows {
                for b in 0..<a {
                    let distance = Vectors.norm2(Vectors.difference(geometry.centers.row(a), geometry.centers.row(b)))
                    #expect(
                        distance >= 10 * data.radius, "\(spec) seed \(seed): centres \(a), \(b) only \(distance) apart")
                }
            }
            let test = try data.drawTest(size: 300, seed: seed)
            let balls = Self.ballIndex(test.data.features, geometry.centers)
            for i in 0..<test.data.count {
                let offset = Vectors.norm2(
                    Vectors.difference(test.data.features.row(i), geometry.centers.row(balls[i])))
                #expect(offset <= data.radius * (1 + 1e-12))
                #expect(test.data.targets[i] == geometry.classes[balls[i]], "test labels are the true class")
            }
            #expect(test.signal == test.data.targets)
        }
    }

    @Test func equalMassAndFlipRate() throws {
        let data = try Self.balls("balls(d=3,centers=4,flip=0.2)")
        let n = 8000
        let training = try data.drawTraining(size: n, seed: 2)
        let geometry = try data.geometry(seed: 2)
        let balls = Self.ballIndex(training.features, geometry.centers)
        let flipped = (0..<n).filter { training.targets[$0] != geometry.classes[balls[$0]] }.count
        // Binomial(n, 0.2): standard deviation √(n·0.2·0.8) ≈ 36.
        #expect(abs(Double(flipped) - 0.2 * Double(n)) < 5 * (Double(n) * 0.16).squareRoot())
        for ball in 0..<4 {
            let count = balls.filter { $0 == ball }.count
            #expect(
                abs(Double(count) - Double(n) / 4) < 5 * (Double(n) * 0.25 * 0.75).squareRoot(),
                "ball \(ball): \(count)")
        }
        #expect(data.ballCount == 4 && data.flipRate == 0.2 && data.task == .classification)
    }

    @Test func geometryDependsOnTheSeedOnlyAndDrawsOnNoThreadCount() throws {
        let data = try Self.balls("balls(d=6,centers=12)")
        let first = try data.geometry(seed: 3)
        let again = try data.geometry(seed: 3)
        let other = try data.geometry(seed: 4)
        #expect(first.centers == again.centers && first.classes == again.classes)
        #expect(first.centers != other.centers)
        let draws = try [1, 2, 3].map { threads in
            try Parallelism.withThreadLimit(threads) { try data.draw(trainingSize: 700, testSize: 600, seed: 3) }
        }
        for split in draws.dropFirst() {
            #expect(split.train.features == draws[0].train.features && split.train.targets == draws[0].train.targets)
            #expect(split.test.features == draws[0].test.features && split.test.targets == draws[0].test.targets)
        }
    }

    @Test func refusesFlipOutsideTheUnitIntervalAndCentresThatCannotBePlaced() throws {
        for spec in ["balls(flip=1)", "balls(flip=-0.1)", "balls(flip=1.5)"] {
            #expect(throws: ZooError.self, "\(spec)") { try Self.balls(spec) }
        }
        // Impossible by volume: 100 centres 10 apart need a length of about 1000 on a line.
        do {
            _ = try Self.balls("balls(d=1,centers=100,side=50)")
            Issue.record("packing bound not enforced")
        } catch {
            #expect(error.isUsageError && error.description.contains("cannot fit"), "\(error)")
        }
        // Possible by volume but beyond random sequential placement (jamming density about 0.75 on a line).
        let tight = try Self.balls("balls(d=1,centers=10,side=100)")
        do {
            _ = try tight.drawTraining(size: 10, seed: 0)
            Issue.record("rejection sampling should give up")
        } catch {
            #expect(error.isUsageError && error.description.contains("placed only"), "\(error)")
        }
    }
}
