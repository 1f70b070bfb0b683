import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg

/// Every row is a function of its own cell only: each registered estimator gives the same bytes alone
/// as beside every other estimator (issue 8, defect 3: min-norm beside ridge used to differ through the
/// batched predictions).
@Suite struct CompanyIndependenceTests {
    let registry = try! Catalog.makeRegistry()

    func rows(data: String, estimators: [ComponentSpec], attack: ComponentSpec, n: [Int]) throws -> [String: ResultRow]
    {
        let experiment = Experiment(
            data: try ComponentSpec(parsing: data), estimators: estimators, attacks: [attack],
            sampleSizes: n, testSize: 40, seedCount: 2, recordTimings: false)
        var result = [String: ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry)).run { result[$0.cellKey] = $0 }
        return result
    }

    /// (data model, sizes): n well below d, n = d − 1 and n = d (the solvers' direct fallbacks), n > d.
    static let cases: [(String, [Int])] = [
        ("isotropic(d=24)", [8, 23, 24, 30]),
        ("spiked(d=30,k=3)", [12, 29, 30]),
        ("power-law(d=20)", [10, 20]),
    ]

    @Test(arguments: 0..<cases.count)
    func everyEstimatorAloneEqualsInCompany(caseIndex: Int) throws {
        let (data, sizes) = Self.cases[caseIndex]
        let attacks = registry.components(ofKind: .attack)
        let estimators = registry.components(ofKind: .estimator)
        for attackEntry in attacks {
            let attackType = try #require(attackEntry.type as? any Attack.Type)
            guard attackType.supportedTasks.contains(.regression) else { continue }
            let compatible = estimators.filter { entry in
                (entry.type as? any Estimator.Type).map { attackType.requirements.isSubset(of: $0.capabilities) }
                    ?? false
            }
            guard compatible.count > 1 else { continue }
            let attack = try ComponentSpec(parsing: attackEntry.name)
            let specs = try compatible.map { try ComponentSpec(parsing: $0.name) }
            let together = try rows(data: data, estimators: specs, attack: attack, n: sizes)
            for spec in specs {
                let alone = try rows(data: data, estimators: [spec], attack: attack, n: sizes)
                #expect(!alone.isEmpty)
                for (key, row) in alone {
                    let partner = try #require(together[key], "\(key)")
                    #expect(JSONEncoder.rowBytes(row) == JSONEncoder.rowBytes(partner), "\(spec) on \(data), \(key)")
                }
            }
        }
    }

    /// The batched kernel gives every column exactly what it gives that vector alone, for any batch,
    /// position and thread count (odd sizes exercise the 4-row groups and the scalar column tail).
    @Test func multiplyEachColumnsMatchLoneProductsBitForBit() {
        var stream = RandomStream(seed: 7, stream: 1)
        for (rows, columns) in [(1, 1), (7, 5), (13, 301), (64, 1031)] {
            var elements = [Double](repeating: 0, count: rows * columns)
            elements.withUnsafeMutableBufferPointer { stream.fillNormals($0) }
            let a = Matrix(rows: rows, columns: columns, elements: elements)
            let vectors = (0..<5).map { _ -> [Double] in
                var v = [Double](repeating: 0, count: columns)
                v.withUnsafeMutableBufferPointer { stream.fillNormals($0) }
                return v
            }
            let batch = Parallelism.withThreadLimit(2) { a.multiplyEach(vectors) }
            for (j, v) in vectors.enumerated() {
                let lone = Parallelism.withThreadLimit(1) { a.multiplyEach([v]) }[0]
                let reversed = a.multiplyEach(vectors.reversed())[vectors.count - 1 - j]
                #expect(batch[j].map(\.bitPattern) == lone.map(\.bitPattern), "\(rows)×\(columns) column \(j)")
                #expect(reversed.map(\.bitPattern) == lone.map(\.bitPattern))
                // Against the definition, to rounding.
                for i in 0..<rows {
                    var exact = 0.0
                    for c in 0..<columns { exact += a[i, c] * v[c] }
                    #expect(abs(lone[i] - exact) <= 1e-12 * Double(columns))
                }
            }
        }
    }
}

extension JSONEncoder {
    /// A row's canonical JSON bytes (sorted keys).
    static func rowBytes(_ row: ResultRow) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(row)) ?? Data()
    }
}
