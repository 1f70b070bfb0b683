import Foundation

/// Paths of the example data shipped with the package.
enum Fixtures {
    /// Examples/data/diabetes.csv, located from this source file.
    static var diabetesPath: String { examples("diabetes.csv") }
    static var breastCancerPath: String { examples("breast_cancer.csv") }

    static func examples(_ file: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/data/\(file)").path
    }
}
