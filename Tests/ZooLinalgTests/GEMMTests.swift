import Testing
import ZooTestSupport

@testable import ZooLinalg

/// Reference computations for the dense-kernel tests.
enum KernelReference {
    /// The textbook triple loop, the reference for every product test.
    static func product(_ a: Matrix, _ transA: Transpose, _ b: Matrix, _ transB: Transpose) -> Matrix {
        let opA = transA == .none ? a : a.transposed
        let opB = transB == .none ? b : b.transposed
        var c = Matrix(rows: opA.rows, columns: opB.columns)
        for i in 0..<opA.rows {
            for j in 0..<opB.columns {
                var sum = 0.0
                for p in 0..<opA.columns { sum += opA[i, p] * opB[p, j] }
                c[i, j] = sum
            }
        }
        return c
    }

    /// Largest entry-wise difference relative to the scale of the product (k·max|C|).
    static func productError(_ c: Matrix, _ reference: Matrix, depth: Int) -> Double {
        var worst = 0.0
        for (x, y) in zip(c.elements, reference.elements) { worst = max(worst, abs(x - y)) }
        return worst / (Double(max(depth, 1)) * max(reference.maxAbs, 1))
    }
}

@Suite struct GEMMTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (5, 7, 13), (7, 5, 1), (13, 97, 7), (97, 13, 250), (250, 97, 13), (61, 67, 300), (1, 300, 97),
        (300, 1, 97), (1, 1, 5000), (40, 1, 130),
        (200, 50, 400), (17, 2100, 5),  // past the row, depth and column blocks of both kernels
    ]

    @Test(arguments: [Transpose.none, .transpose], [Transpose.none, .transpose])
    func matchesTripleLoop(transA: Transpose, transB: Transpose) {
        forEachInstructionSet { isa in
            for (index, (m, n, k)) in Self.shapes.enumerated() {
                let a =
                    transA == .none
                    ? TestSupport.randomMatrix(m, k, seed: UInt64(index))
                    : TestSupport.randomMatrix(k, m, seed: UInt64(index))
                let b =
                    transB == .none
                    ? TestSupport.randomMatrix(k, n, seed: UInt64(index + 100))
                    : TestSupport.randomMatrix(n, k, seed: UInt64(index + 100))
                let c = Matrix.multiply(a, transA, b, transB)
                let reference = KernelReference.product(a, transA, b, transB)
                #expect(KernelReference.productError(c, reference, depth: k) < 1e-14, "shape \(m)×\(n)×\(k), \(isa)")
            }
        }
    }

    @Test(arguments: [(37, 45, 290), (37, 1, 290), (1, 45, 290), (9, 8, 7)])
    func alphaBetaAndLeadingDimensions(m: Int, n: Int, k: Int) {
        forEachInstructionSet { isa in
            let a = TestSupport.randomMatrix(k, m + 3, seed: 1)  // op(A) = Aᵀ, using the first m columns
            let b = TestSupport.randomMatrix(n, k + 2, seed: 2)  // op(B) = Bᵀ, using the first k columns
            var c = TestSupport.randomMatrix(m, n + 5, seed: 3)
            let original = c
            let alpha = -1.5
            let beta = 0.25
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        gemm(
                            .transpose, .transpose, m: m, n: n, k: k, alpha: alpha, a: ap.baseAddress!, lda: m + 3,
                            b: bp.baseAddress!, ldb: k + 2, beta: beta, c: cp.baseAddress!, ldc: n + 5)
                    }
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<(n + 5) {
                    var expected = original[i, j]
                    if j < n {
                        var sum = 0.0
                        for p in 0..<k { sum += a[p, i] * b[j, p] }
                        expected = alpha * sum + beta * original[i, j]
                    }
                    worst = max(worst, abs(c[i, j] - expected))
                }
            }
            #expect(worst < 1e-11, "\(isa)")
        }
    }

    @Test func betaZeroDoesNotReadC() {
        forEachInstructionSet { isa in
            let a = TestSupport.randomMatrix(40, 30, seed: 4)
            let b = TestSupport.randomMatrix(30, 50, seed: 5)
            var c = Matrix(rows: 40, columns: 50, repeating: .nan)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        gemm(
                            .none, .none, m: 40, n: 50, k: 30, alpha: 1, a: ap.baseAddress!, lda: 30,
                            b: bp.baseAddress!, ldb: 50, beta: 0, c: cp.baseAddress!, ldc: 50)
                    }
                }
            }
            #expect(c.isFinite, "\(isa)")
            #expect(KernelReference.productError(c, KernelReference.product(a, .none, b, .none), depth: 30) < 1e-14)
        }
    }

    @Test func emptyInnerDimensionScalesC() {
        let a = Matrix(rows: 20, columns: 0)
        let b = Matrix(rows: 0, columns: 30)
        #expect(Matrix.multiply(a, .none, b, .none) == Matrix(rows: 20, columns: 30))
    }

    @Test func bitIdenticalAcrossThreadCounts() {
        forEachInstructionSet { isa in
            for (m, n, k) in [(300, 257, 301), (90, 700, 260), (650, 70, 40)] {
                let a = TestSupport.randomMatrix(m, k, seed: 6)
                let b = TestSupport.randomMatrix(n, k, seed: 7)
                let one = Matrix.multiply(a, .none, b, .transpose, threads: 1)
                let two = Matrix.multiply(a, .none, b, .transpose, threads: 2)
                let three = Matrix.multiply(a, .none, b, .transpose, threads: 3)
                #expect(one == two && one == three, "\(isa)")
            }
        }
    }
}
