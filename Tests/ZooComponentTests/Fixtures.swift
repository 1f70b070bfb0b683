import Foundation
import ZooCore

/// Paths of the example data shipped with the package.
enum Fixtures {
    /// Examples/data/diabetes.csv, located from this source file.
    static var diabetesPath: String { examples("diabetes.csv") }
    static var breastCancerPath: String { examples("breast_cancer.csv") }

    /// `idx` arguments naming a tiny IDX training and test pair (40 and 20 images of 3×4 pixels, labels
    /// i mod 3), written once per test run; classes 1 (+1) and 2 (−1).
    static let idxArguments: [(key: String, value: ParameterValue)] = {
        let directory = NSTemporaryDirectory() + "zoo-idx-fixture-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func header(_ dimensions: [Int]) -> [UInt8] {
            [0, 0, 8, UInt8(dimensions.count)]
                + dimensions.flatMap { size in [24, 16, 8, 0].map { UInt8(size >> $0 & 0xFF) } }
        }
        var arguments: [(key: String, value: ParameterValue)] = [("positive", .number(1)), ("negative", .number(2))]
        for (prefix, count) in [("", 40), ("test-", 20)] {
            let pixels = (0..<count * 12).map { UInt8(($0 * 37 + count) % 256) }
            let labels = (0..<count).map { UInt8($0 % 3) }
            let images = directory + "/\(prefix)images"
            let labelsPath = directory + "/\(prefix)labels"
            try? Data(header([count, 3, 4]) + pixels).write(to: URL(fileURLWithPath: images))
            try? Data(header([count]) + labels).write(to: URL(fileURLWithPath: labelsPath))
            arguments += [(prefix + "images", .word(images)), (prefix + "labels", .word(labelsPath))]
        }
        return arguments
    }()

    static func examples(_ file: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/data/\(file)").path
    }
}
