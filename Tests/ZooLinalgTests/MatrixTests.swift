import Testing
import ZooLinalg

@Suite struct MatrixTests {
    @Test func transposeRoundTrips() {
        let a = Matrix(rows: 37, columns: 53) { i, j in Double(i * 100 + j) }
        #expect(a.transposed.transposed == a)
        #expect(a.transposed[5, 7] == a[7, 5])
    }
}
