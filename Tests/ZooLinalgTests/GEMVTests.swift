import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct GEMVTests {
    @Test(arguments: [(1, 1), (5, 7), (7, 5), (13, 97), (250, 3), (97, 2100), (3000, 31)])
    func matchesLoops(rows: Int, columns: Int) {
        let a = TestSupport.randomMatrix(rows, columns, seed: UInt64(rows + 7 * columns))
        var stream = RandomStream(seed: 3)
        let x = (0..<columns).map { _ in stream.nextNormal() }
        let z = (0..<rows).map { _ in stream.nextNormal() }
        let y0 = (0..<rows).map { _ in stream.nextNormal() }
        let w0 = (0..<columns).map { _ in stream.nextNormal() }
        var y = y0
        var w = w0
        gemv(.none, alpha: 2, a, x, beta: -0.5, &y)
        gemv(.transpose, alpha: -1, a, z, beta: 3, &w)
        var expectedY = y0
        var expectedW = w0
        for i in 0..<rows {
            var sum = 0.0
            for j in 0..<columns { sum += a[i, j] * x[j] }
            expectedY[i] = 2 * sum - 0.5 * y0[i]
        }
        for j in 0..<columns {
            var sum = 0.0
            for i in 0..<rows { sum += a[i, j] * z[i] }
            expectedW[j] = -sum + 3 * w0[j]
        }
        #expect(TestSupport.relativeError(y, expectedY) < 1e-13)
        #expect(TestSupport.relativeError(w, expectedW) < 1e-13)
        #expect(TestSupport.relativeError(a.multiply(x), a.transposed.multiply(x, .transpose)) < 1e-13)
    }

    @Test func betaZeroIgnoresNaNOutput() {
        let a = TestSupport.randomMatrix(9, 6, seed: 1)
        var y = [Double](repeating: .nan, count: 9)
        var w = [Double](repeating: .nan, count: 6)
        gemv(.none, alpha: 1, a, [Double](repeating: 1, count: 6), beta: 0, &y)
        gemv(.transpose, alpha: 1, a, [Double](repeating: 1, count: 9), beta: 0, &w)
        #expect(y.allSatisfy { $0.isFinite } && w.allSatisfy { $0.isFinite })
    }

    @Test func bitIdenticalAcrossThreadCounts() {
        let a = TestSupport.randomMatrix(301, 4103, seed: 2)
        let x = (0..<4103).map { Double($0 % 17) - 8.5 }
        let z = (0..<301).map { Double($0 % 13) - 6.1 }
        for trans in [Transpose.none, .transpose] {
            let input = trans == .none ? x : z
            var one = [Double](repeating: 0, count: trans == .none ? 301 : 4103)
            var two = one
            var three = one
            gemv(trans, alpha: 1, a, input, beta: 0, &one, threads: 1)
            gemv(trans, alpha: 1, a, input, beta: 0, &two, threads: 2)
            gemv(trans, alpha: 1, a, input, beta: 0, &three, threads: 3)
            #expect(one == two && one == three)
        }
    }
}
