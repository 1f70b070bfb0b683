import Foundation
import Testing
import ZooCore
import ZooLinalg
import ZooTheory

@Suite struct SanyalBoundTests {
    /// Limits: no samples or no flips give 0; one ball and m flips-certain give 1; small mη/|ζ| gives
    /// ≈ mη/|ζ|; the bound grows with m and η.
    @Test func limits() {
        #expect(SanyalBound.robustErrorLowerBound(centers: 100, flip: 0.1, samples: 0) == 0)
        #expect(SanyalBound.robustErrorLowerBound(centers: 100, flip: 0, samples: 1000) == 0)
        #expect(SanyalBound.robustErrorLowerBound(centers: 1, flip: 1, samples: 3) == 1)
        let small = SanyalBound.robustErrorLowerBound(centers: 1_000_000, flip: 0.1, samples: 10)
        #expect(abs(small / 1e-6 - 1) < 1e-5)
        #expect(
            abs(
                SanyalBound.robustErrorLowerBound(centers: 100, flip: 0.1, samples: 500)
                    - (1 - Foundation.pow(0.999, 500))) < 1e-14)
        var previous = 0.0
        for m in [1, 10, 100, 1000] {
            let value = SanyalBound.robustErrorLowerBound(centers: 100, flip: 0.2, samples: m)
            #expect(value > previous && value < 1)
            previous = value
        }
        #expect(SanyalBound.applies(threat: ThreatModel(norm: .l2, radius: 2), ballRadius: 1, interpolates: true))
        #expect(!SanyalBound.applies(threat: ThreatModel(norm: .l2, radius: 1.9), ballRadius: 1, interpolates: true))
        #expect(!SanyalBound.applies(threat: ThreatModel(norm: .l2, radius: 5), ballRadius: 1, interpolates: false))
    }

    /// The probability it rests on, simulated: m points dropped uniformly on |ζ| balls, each flipped
    /// with probability η; the fraction of balls holding a flipped point, averaged over repetitions.
    @Test func matchesTheSimulatedFractionOfContaminatedBalls() {
        let centers = 50
        let flip = 0.1
        let m = 300
        let repetitions = 400
        var stream = RandomStream(seed: 3, stream: 1)
        var total = 0.0
        for _ in 0..<repetitions {
            var contaminated = [Bool](repeating: false, count: centers)
            for _ in 0..<m {
                let ball = Int(stream.nextUInt64() % UInt64(centers))
                if Double(stream.nextUInt64() >> 11) / Double(1 << 53) < flip { contaminated[ball] = true }
            }
            total += Double(contaminated.filter { $0 }.count) / Double(centers)
        }
        let simulated = total / Double(repetitions)
        let bound = SanyalBound.robustErrorLowerBound(centers: centers, flip: flip, samples: m)
        // Standard error of the mean ≈ √(p(1 − p)/(|ζ|·repetitions)) ≈ 0.0034.
        #expect(abs(simulated - bound) < 0.012, "simulated \(simulated) vs \(bound)")
    }
}
