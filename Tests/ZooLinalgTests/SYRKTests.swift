import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct SYRKTests {
    @Test(arguments: [(1, 1), (5, 7), (13, 1), (97, 250), (250, 13), (131, 300), (7, 600)])
    func gramMatchesProductAndIsSymmetric(rows: Int, columns: Int) {
        forEachInstructionSet { isa in
            let x = TestSupport.randomMatrix(rows, columns, seed: UInt64(rows * 1000 + columns))
            for side in [GramSide.rows, .columns] {
                let g = gram(x, side)
                let product =
                    side == .rows
                    ? Matrix.multiply(x, .none, x, .transpose)
                    : Matrix.multiply(x, .transpose, x, .none)
                let reference =
                    side == .rows
                    ? KernelReference.product(x, .none, x, .transpose)
                    : KernelReference.product(x, .transpose, x, .none)
                #expect(g == g.transposed, "exactly symmetric")
                #expect(KernelReference.productError(g, reference, depth: side == .rows ? columns : rows) < 1e-14)
                // Same micro-kernel and blocking: the lower triangle equals the GEMM result bit for bit.
                var lowerEqual = true
                for i in 0..<g.rows { for j in 0...i where g[i, j] != product[i, j] { lowerEqual = false } }
                #expect(lowerEqual, "\(isa)")
            }
        }
    }

    @Test func bitIdenticalAcrossThreadCounts() {
        forEachInstructionSet { isa in
            let x = TestSupport.randomMatrix(301, 520, seed: 9)
            for side in [GramSide.rows, .columns] {
                let one = gram(x, side, threads: 1)
                #expect(one == gram(x, side, threads: 2), "\(isa)")
                #expect(one == gram(x, side, threads: 3))
            }
        }
    }

    @Test func lowerUpdateLeavesUpperTriangleAlone() {
        forEachInstructionSet { isa in
            let n = 70
            let k = 33
            let a = TestSupport.randomMatrix(n, k, seed: 10)
            var c = Matrix(rows: n, columns: n, repeating: 5)
            a.withUnsafeBufferPointer { ap in
                c.withUnsafeMutableBufferPointer { cp in
                    syrkLower(
                        .none, n: n, k: k, alpha: -1, a: ap.baseAddress!, lda: k, beta: 1,
                        c: cp.baseAddress!, ldc: n, threads: 2)
                }
            }
            let reference = KernelReference.product(a, .none, a, .transpose)
            var worst = 0.0
            var upperIntact = true
            for i in 0..<n {
                for j in 0..<n {
                    if j > i {
                        upperIntact = upperIntact && c[i, j] == 5
                    } else {
                        worst = max(worst, abs(c[i, j] - (5 - reference[i, j])))
                    }
                }
            }
            #expect(upperIntact, "\(isa)")
            #expect(worst < 1e-12)
        }
    }
}
