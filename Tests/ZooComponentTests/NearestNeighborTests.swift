import Foundation
import Testing
import ZooCore
import ZooData
import ZooLinalg
import ZooNeighbors
import ZooTestSupport

/// `nearest-neighbor` against a brute-force rule, its interpolation claim and its refusals.
@Suite struct NearestNeighborTests {
    /// Brute force: exact distances, ties by index, vote ties to the nearest neighbour.
    static func bruteForce(train: Dataset, queries: Matrix, k: Int, task: Task) -> [Double] {
        var result = [Double]()
        for i in 0..<queries.rows {
            var pairs = [(distance: Double, index: Int)]()
            for j in 0..<train.count {
                pairs.append((Vectors.squaredNorm(Vectors.difference(queries.row(i), train.features.row(j))), j))
            }
            pairs.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
            let order = pairs.prefix(k).map(\.index)
            var sum = 0.0
            for j in order { sum += train.targets[j] }
            if task == .regression {
                result.append(sum / Double(k))
            } else {
                result.append(sum > 0 ? 1 : (sum < 0 ? -1 : train.targets[order[0]]))
            }
        }
        return result
    }

    static func labelled(_ x: Matrix) throws -> Dataset {
        try Dataset(features: x, targets: (0..<x.rows).map { x[$0, 0] + 0.5 * x[$0, 1] >= 0.3 ? 1 : -1 })
    }

    @Test(arguments: [1, 2, 4, 7])
    func matchesBruteForce(k: Int) throws {
        let train = try Self.labelled(TestSupport.randomMatrix(60, 5, seed: 1))
        let queries = TestSupport.randomMatrix(45, 5, seed: 2)
        for task in [Task.classification, .regression] {
            let model = try NearestNeighborVote.make([("k", .number(Double(k)))]).fit(
                train, context: FitContext(seed: 0, task: task))
            #expect(
                model.predict(queries) == Self.bruteForce(train: train, queries: queries, k: k, task: task), "\(task)")
        }
    }

    /// Far from the origin ‖x‖² + ‖x′‖² − 2xᵀx′ loses every digit; the exact re-ranking must recover the order.
    @Test func survivesCancellation() throws {
        var far = TestSupport.randomMatrix(80, 4, seed: 3)
        for index in far.elements.indices { far.elements[index] = 1e8 + 1e-3 * far.elements[index] }
        let train = try Self.labelled(far.rows(at: Array(0..<50)))
        let queries = far.rows(at: Array(50..<80))
        let nearest = NearestRows(queries: queries, references: train.features, k: 3)
        for i in 0..<queries.rows {
            let exact = (0..<train.count).sorted {
                Vectors.squaredNorm(Vectors.difference(queries.row(i), train.features.row($0)))
                    < Vectors.squaredNorm(Vectors.difference(queries.row(i), train.features.row($1)))
            }
            #expect(Array(nearest.neighbors(of: i)) == Array(exact.prefix(3)))
        }
    }

    @Test func oneNeighbourInterpolatesTheNoisyLabels() throws {
        let data = try LabelledBalls.make([("centers", .number(20)), ("flip", .number(0.3))])
        let train = try data.drawTraining(size: 300, seed: 1)
        #expect(train.targets.contains { $0 == 1 } && train.targets.contains { $0 == -1 })
        let one = try NearestNeighborVote.make().fit(train, context: FitContext(seed: 0, task: .classification))
        #expect(one.predict(train.features) == train.targets, "k=1: zero training error")
        let seven = try NearestNeighborVote.make([("k", .number(7))]).fit(
            train, context: FitContext(seed: 0, task: .classification))
        #expect(seven.predict(train.features) != train.targets, "k=7 does not memorise flipped labels")
        #expect(one is any TrainingPointsModel)
    }

    @Test func predictionsDoNotDependOnTheThreadCount() throws {
        let train = try Self.labelled(TestSupport.randomMatrix(900, 6, seed: 4))
        let queries = TestSupport.randomMatrix(700, 6, seed: 5)
        let model = try NearestNeighborVote.make([("k", .number(5))]).fit(
            train, context: FitContext(seed: 0, task: .classification))
        let one = Parallelism.withThreadLimit(1) { model.predict(queries) }
        #expect(one == Parallelism.withThreadLimit(2) { model.predict(queries) })
        #expect(one == Parallelism.withThreadLimit(3) { model.predict(queries) })
    }

    @Test func refusesBadK() throws {
        #expect(throws: ZooError.self) { try NearestNeighborVote.make([("k", .number(0))]) }
        let train = try Self.labelled(TestSupport.randomMatrix(5, 2, seed: 6))
        do {
            _ = try NearestNeighborVote.make([("k", .number(7))]).fit(
                train, context: FitContext(seed: 0, task: .classification))
            Issue.record("k > n accepted")
        } catch {
            #expect(
                error.isUsageError && error.description.contains("k=7") && error.description.contains("n=5"), "\(error)"
            )
        }
        let unlabelled = try Dataset(features: train.features, targets: [1, -1, 0.5, 1, 1])
        #expect(throws: ZooError.self) {
            try NearestNeighborVote.make().fit(unlabelled, context: FitContext(seed: 0, task: .classification))
        }
    }
}
