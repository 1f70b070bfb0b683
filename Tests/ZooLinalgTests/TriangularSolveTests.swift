import Testing
import ZooTestSupport

@testable import ZooLinalg

@Suite struct TriangularSolveTests {
    /// A well-conditioned triangular matrix: random off-diagonal part scaled by 1/n, diagonal in [1, 2].
    static func triangular(_ n: Int, lower: Bool, seed: UInt64) -> Matrix {
        var t = TestSupport.randomMatrix(n, n, seed: seed)
        for i in 0..<n {
            for j in 0..<n {
                if i == j {
                    t[i, j] = 1 + abs(t[i, j]).truncatingRemainder(dividingBy: 1)
                } else if (j < i) == lower {
                    t[i, j] /= Double(n)
                } else {
                    t[i, j] = 1e300
                }  // never read
            }
        }
        return t
    }

    /// op(T) with the unused triangle zeroed (and unit diagonal if asked).
    static func operand(_ t: Matrix, lower: Bool, transpose: Bool, unitDiagonal: Bool) -> Matrix {
        var clean = t
        for i in 0..<t.rows {
            for j in 0..<t.columns where (j > i && lower) || (j < i && !lower) { clean[i, j] = 0 }
            if unitDiagonal { clean[i, i] = 1 }
        }
        return transpose ? clean.transposed : clean
    }

    @Test(arguments: [1, 5, 13, 97, 250])
    func allVariantsReproduceRightHandSides(n: Int) {
        for lower in [true, false] {
            for transpose in [false, true] {
                for unitDiagonal in [false, true] {
                    let t = Self.triangular(n, lower: lower, seed: UInt64(n))
                    let op = Self.operand(t, lower: lower, transpose: transpose, unitDiagonal: unitDiagonal)
                    let b = TestSupport.randomMatrix(n, 11, seed: 2)
                    let x = solveTriangular(t, b, lower: lower, transpose: transpose, unitDiagonal: unitDiagonal)
                    let residual = Matrix.multiply(op, .none, x, .none)
                    let label = "n \(n) lower \(lower) transpose \(transpose) unit \(unitDiagonal)"
                    #expect(TestSupport.relativeError(residual.elements, b.elements) < 1e-13, "\(label)")
                    let v = b.column(3)
                    let xv = solveTriangular(t, v, lower: lower, transpose: transpose, unitDiagonal: unitDiagonal)
                    #expect(TestSupport.relativeError(op.multiply(xv), v) < 1e-13, "vector \(label)")
                }
            }
        }
    }

    @Test func bitIdenticalAcrossThreadCounts() {
        let t = Self.triangular(300, lower: true, seed: 3)
        let b = TestSupport.randomMatrix(300, 200, seed: 4)
        for transpose in [false, true] {
            let one = solveTriangular(t, b, lower: true, transpose: transpose, unitDiagonal: false, threads: 1)
            #expect(one == solveTriangular(t, b, lower: true, transpose: transpose, unitDiagonal: false, threads: 2))
        }
    }

    @Test func rightSolveWithTransposedLower() {
        let (m, n) = (77, 45)
        let l = Self.triangular(n, lower: true, seed: 5)
        let b = TestSupport.randomMatrix(m, n, seed: 6)
        var x = b
        l.withUnsafeBufferPointer { lp in
            x.withUnsafeMutableBufferPointer { xp in
                trsmRightLowerTransposed(m: m, n: n, l: lp.baseAddress!, ldl: n, b: xp.baseAddress!, ldb: n, threads: 2)
            }
        }
        let lowerOnly = Self.operand(l, lower: true, transpose: false, unitDiagonal: false)
        let residual = Matrix.multiply(x, .none, lowerOnly, .transpose)
        #expect(TestSupport.relativeError(residual.elements, b.elements) < 1e-13)
    }
}
