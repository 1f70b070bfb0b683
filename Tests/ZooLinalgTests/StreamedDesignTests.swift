import Foundation
import Testing
import ZooTestSupport

@testable import ZooLinalg

/// The streamed Gaussian design reproduces the stored draw bit for bit and its products agree with the
/// stored matrix's; the ridge path on it agrees with the path on the stored matrix.
@Suite struct StreamedDesignTests {
    static func stored(_ design: StreamedGaussianDesign) -> Matrix {
        var x = Matrix.standardNormal(
            rows: design.rows, columns: design.columns, seed: design.seed, stream: design.stream)
        if let scales = design.columnScales {
            for i in 0..<x.rows { for j in 0..<x.columns { x[i, j] *= scales[j] } }
        }
        return x
    }

    static func scales(_ d: Int) -> [Double] { (0..<d).map { $0 < 3 ? 1.0 : 0.05 + 0.001 * Double($0 % 7) } }

    /// Rows starting mid-way through fill blocks, block widths that cut fill blocks, one and two threads.
    @Test(arguments: [(7, 1500, 100), (3, 9000, 4096), (5, 5003, 5003), (9, 777, 64)])
    func materializedEqualsStoredDrawBitForBit(shape: (Int, Int, Int)) {
        let (n, d, width) = shape
        let design = StreamedGaussianDesign(
            rows: n, columns: d, seed: 42, stream: 2, columnScales: Self.scales(d),
            blockWidth: width)
        let expected = Self.stored(design)
        for threads in [1, 2] {
            let streamed = Parallelism.withThreadLimit(threads) { design.materialized() }
            #expect(
                streamed.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern),
                "\(n)×\(d) width \(width), \(threads) threads")
        }
    }

    @Test func productsAgreeWithStoredMatrix() {
        let n = 40
        let d = 3000
        let design = StreamedGaussianDesign(
            rows: n, columns: d, seed: 7, stream: 3, columnScales: Self.scales(d), blockWidth: 448)
        let x = Self.stored(design)
        let g = design.gram()
        #expect(TestSupport.relativeError(g.elements, gram(x, .rows).elements) < 1e-13)
        #expect((0..<n).allSatisfy { i in (0..<n).allSatisfy { g[i, $0] == g[$0, i] } }, "Gram exactly symmetric")
        let v = (0..<d).map { sin(Double($0)) }
        let w = (0..<d).map { cos(0.3 * Double($0)) }
        let products = design.multiplyEach([v, w])
        #expect(TestSupport.relativeError(products[0], x.multiply(v)) < 1e-13)
        #expect(TestSupport.relativeError(products[1], x.multiply(w)) < 1e-13)
        let u = (0..<n).map { Double($0 % 5) - 2 }
        #expect(TestSupport.relativeError(design.multiplyTranspose(u), x.multiply(u, .transpose)) < 1e-13)
        // A vector zero after column 10: the pass stops early and still gives X·v.
        let sparse = (0..<d).map { $0 < 10 ? 1.0 + Double($0) : 0 }
        #expect(TestSupport.relativeError(design.multiply(sparse), x.multiply(sparse)) < 1e-13)
        #expect(design.multiply([Double](repeating: 0, count: d)) == [Double](repeating: 0, count: n))
        let a = Matrix(rows: 3, columns: n) { i, j in sin(Double(i * n + j)) }
        #expect(
            TestSupport.relativeError(design.leftMultiply(a).elements, Matrix.multiply(a, .none, x, .none).elements)
                < 1e-13)
    }

    @Test func productsAreBitIdenticalAcrossThreadCounts() {
        let design = StreamedGaussianDesign(rows: 70, columns: 2500, seed: 9, stream: 1, blockWidth: 320)
        let v = (0..<2500).map { Double($0 % 11) - 5 }
        let u = (0..<70).map { Double($0 % 3) }
        let one = Parallelism.withThreadLimit(1) { (design.gram(), design.multiply(v), design.multiplyTranspose(u)) }
        let two = Parallelism.withThreadLimit(2) { (design.gram(), design.multiply(v), design.multiplyTranspose(u)) }
        #expect(one.0.elements.map(\.bitPattern) == two.0.elements.map(\.bitPattern))
        #expect(one.1.map(\.bitPattern) == two.1.map(\.bitPattern))
        #expect(one.2.map(\.bitPattern) == two.2.map(\.bitPattern))
    }

    /// Ridge and min-norm on the streamed design equal the stored path's solutions (Lanczos on the Gram
    /// matrix, the eigen route, and the Gram pseudo-inverse at λ = 0).
    @Test(arguments: [nil, 0] as [Int?])
    func ridgePathAgreesWithStoredPath(maxIterations: Int?) throws {
        let n = 50
        let d = 1200
        let design = StreamedGaussianDesign(
            rows: n, columns: d, seed: 5, stream: 2, columnScales: Self.scales(d), blockWidth: 256)
        let x = Self.stored(design)
        let y = (0..<n).map { x[$0, 0] - x[$0, 1] + 0.3 * sin(Double($0)) }
        let streamed = RidgePath(x: design, y: y, maxIterations: maxIterations)
        let reference = RidgePath(x: x, y: y, maxIterations: maxIterations)
        for lambda in [0, 1e-4, 0.01, 1] {
            let a = try streamed.solve(lambda: lambda)
            let b = try reference.solve(lambda: lambda)
            #expect(
                TestSupport.relativeError(a.coefficients, b.coefficients) < 1e-9,
                "λ=\(lambda): \(a.method) vs \(b.method)")
            #expect(a.residual < 1e-8)
        }
        #expect(
            abs(try streamed.degreesOfFreedom(lambda: 0.01) - (try reference.degreesOfFreedom(lambda: 0.01))) < 1e-9)
    }

    @Test func streamedPathRefusesMoreRowsThanColumns() {
        let design = StreamedGaussianDesign(rows: 30, columns: 20, seed: 1, stream: 1)
        #expect(throws: LinalgError.self) {
            try RidgePath(x: design, y: [Double](repeating: 1, count: 30)).solve(lambda: 0.1)
        }
    }
}
