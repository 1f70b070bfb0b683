import ZooLinalg

/// Helpers shared by the test targets.
public enum TestSupport {
    /// Relative difference ‖a − b‖ / max(‖b‖, tiny).
    public static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        var diff = 0.0, norm = 0.0
        for i in a.indices { diff += (a[i] - b[i]) * (a[i] - b[i]); norm += b[i] * b[i] }
        return diff.squareRoot() / max(norm.squareRoot(), Double.leastNormalMagnitude)
    }

    /// A matrix of standard normals for tests.
    public static func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        Matrix.standardNormal(rows: rows, columns: columns, seed: seed, stream: 7)
    }
}
