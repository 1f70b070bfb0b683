import ZooLinalg

/// Helpers shared by the test targets.
public enum TestSupport {
    /// Relative difference ‖a − b‖ / max(‖b‖, tiny).
    public static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        Vectors.norm2(Vectors.difference(a, b)) / max(Vectors.norm2(b), Double.leastNormalMagnitude)
    }

    /// A matrix of standard normals for tests.
    public static func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        Matrix.standardNormal(rows: rows, columns: columns, seed: seed, stream: 7)
    }
}
