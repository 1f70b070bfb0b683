import Testing
import ZooCore
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

@Suite struct GradientDescentTests {
    let training = try! Dataset(
        features: TestSupport.randomMatrix(15, 40, seed: 21),
        targets: TestSupport.randomMatrix(15, 1, seed: 22).elements)

    func weights(steps: Int, lr: Double = 1) throws -> [Double] {
        let estimator = try GradientDescentRegression.make([("steps", .number(Double(steps))), ("lr", .number(lr))])
        return (try estimator.fit(training, context: FitContext(seed: 0)) as! LinearFit).weights
    }

    /// Started at 0 the iterates stay in the row space of X, so they converge to X⁺y.
    @Test func convergesToTheMinimumNormSolution() throws {
        let minimumNorm = (try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit)
            .weights
        #expect(TestSupport.relativeError(try weights(steps: 20000, lr: 1.5), minimumNorm) < 1e-8)
    }

    @Test func zeroStepsIsZeroAndTheLossDecreases() throws {
        #expect(try weights(steps: 0).allSatisfy { $0 == 0 })
        let losses = try [1, 5, 25, 125].map { steps in
            let fitted = training.features.multiply(try weights(steps: steps))
            return zip(fitted, training.targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func powerIterationFindsTheLargestSingularValue() throws {
        let x = TestSupport.randomMatrix(12, 7, seed: 3)
        let largest = try SymmetricEigen(gram(x, .columns)).values.last!
        #expect(abs(GradientDescentRegression.largestSquaredSingularValue(x, seed: 1) - largest) < 1e-6 * largest)
    }
}
