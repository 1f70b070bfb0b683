import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

/// A stored `Matrix` seen as a `DesignMatrix` computes exactly what the matrix's own routines do (so the
/// ridge path's arithmetic on a stored X is unchanged by the abstraction), and a streamed design seen the
/// same way agrees with its materialized matrix.
@Suite struct DesignMatrixTests {
    @Test func storedProductsAreTheMatrixRoutinesBitForBit() {
        let x = TestSupport.randomMatrix(23, 41, seed: 3)
        let design: any DesignMatrix = x
        let v = (0..<41).map { sin(Double($0)) }
        let u = (0..<23).map { cos(Double($0)) }
        let a = TestSupport.randomMatrix(4, 23, seed: 5)
        #expect(design.storedMatrix == x && design.isFinite && design.storageDiagnostic == nil)
        #expect(design.multiply(v, .none).map(\.bitPattern) == x.multiply(v).map(\.bitPattern))
        #expect(design.multiplyTranspose(u).map(\.bitPattern) == x.multiply(u, .transpose).map(\.bitPattern))
        #expect(design.multiplyEach([v]) == x.multiplyEach([v]))
        #expect(design.gram(.rows) == gram(x, .rows) && design.gram(.columns) == gram(x, .columns))
        #expect(design.leftMultiply(a) == Matrix.multiply(a, .none, x, .none))
        #expect(design.identityWords(samples: 4096).count == 2 * 23 * 41)
    }

    @Test func streamedProductsAgreeWithTheMaterializedMatrix() {
        let streamed = StreamedGaussianDesign(rows: 12, columns: 700, seed: 2, stream: 1, blockWidth: 128)
        let design: any DesignMatrix = streamed
        let x = streamed.materialized()
        let v = (0..<700).map { Double($0 % 9) - 4 }
        let u = (0..<12).map { Double($0) }
        #expect(design.storedMatrix == nil && design.storageDiagnostic == "streamed(block=128)")
        #expect(TestSupport.relativeError(design.multiply(v, .none), x.multiply(v)) < 1e-13)
        #expect(TestSupport.relativeError(design.multiplyTranspose(u), x.multiply(u, .transpose)) < 1e-13)
        #expect(TestSupport.relativeError(design.gram(.rows).elements, gram(x, .rows).elements) < 1e-13)
        #expect(design.identityWords(samples: 4096) == [2, 1])
    }
}
