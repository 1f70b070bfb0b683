import Testing
import ZooCore
import ZooData
import ZooLinalg
import ZooTestSupport

@Suite struct SphereDataTests {
    let data = try! SphereData.make([("d", .number(20)), ("noise", .number(0))])

    @Test func pointsLieOnTheSphereAndTheTargetIsLinear() throws {
        let split = try data.draw(trainingSize: 50, testSize: 30, seed: 7)
        for i in 0..<50 { #expect(abs(Vectors.norm2(split.train.features.row(i)) - 20.0.squareRoot()) < 1e-12) }
        let beta = try #require(split.linearTruth)
        #expect(abs(Vectors.norm2(beta) - 1) < 1e-12)
        #expect(
            TestSupport.relativeError(split.train.features.multiply(beta), split.train.targets) < 1e-14,
            "noise = 0: y = xᵀβ")
        #expect(split.testSignal == split.test.targets)
        #expect(!(data is any GaussianPopulationModel), "x is not Gaussian: no exact population risks")
    }

    /// E xxᵀ = I: the second moment of 4000 draws is I within Monte-Carlo error (each entry's standard
    /// error is about 1/√4000 off the diagonal; the diagonal is exactly 1 on average since ‖x‖² = d).
    @Test func secondMomentIsTheIdentity() throws {
        let x = try data.drawTraining(size: 4000, seed: 1).features
        let moment = gram(x, .columns)
        for i in 0..<20 {
            for j in 0..<20 { #expect(abs(moment[i, j] / 4000 - (i == j ? 1 : 0)) < 0.1) }
        }
    }

    @Test func seedingSharesTestPointsAcrossSizesAndIgnoresThreads() throws {
        let small = try data.draw(trainingSize: 10, testSize: 8, seed: 3)
        let large = try data.draw(trainingSize: 40, testSize: 8, seed: 3)
        #expect(small.test.features == large.test.features && small.linearTruth == large.linearTruth)
        let one = try Parallelism.withThreadLimit(1) { try data.drawTraining(size: 300, seed: 3) }
        let two = try Parallelism.withThreadLimit(2) { try data.drawTraining(size: 300, seed: 3) }
        #expect(one.features == two.features && one.targets == two.targets)
    }
}
