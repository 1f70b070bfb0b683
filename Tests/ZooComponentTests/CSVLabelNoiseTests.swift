import Foundation
import Testing
import ZooCore

@testable import ZooData

/// `csv`: label noise, a choice of two classes, standardisation by the training sample, compiled-in data.
@Suite struct CSVLabelNoiseTests {
    static let digits: [(key: String, value: ParameterValue)] = [
        ("path", .word("builtin:digits")), ("task", .word("classification")), ("positive", .number(3)),
        ("negative", .number(8)),
    ]

    @Test func compiledInDataSetsAreTheirFilesByteForByte() throws {
        for set in BuiltinData.sets {
            let file = try String(
                contentsOfFile: Fixtures.examples(URL(fileURLWithPath: set.file).lastPathComponent), encoding: .utf8)
            #expect(
                BuiltinData.text(named: set.name) == file,
                "\(set.name) differs from \(set.file): run scripts/embed-data.sh")
        }
        #expect(throws: ZooError.self) { try CSVData.make([("path", .word("builtin:nope"))]) }
    }

    @Test func digitsTwoClassesBecomePlusMinusOne() throws {
        let data = try CSVData.make(Self.digits + [("standardize", .boolean(false))])
        let all = try data.all()
        // 183 threes and 174 eights in scikit-learn's copy.
        #expect(all.count == 183 + 174 && all.dimension == 64)
        #expect(all.targets.filter { $0 == 1 }.count == 183 && all.targets.filter { $0 == -1 }.count == 174)
        #expect(data.sourceFiles.isEmpty)
        // A class the file does not hold is refused, naming the classes present.
        do {
            _ = try CSVData.make(Self.digits.map { $0.key == "positive" ? ("positive", .number(11)) : $0 })
                .drawTraining(size: 10, seed: 0)
            Issue.record("class 11 accepted")
        } catch {
            #expect(
                error.description.contains("builtin:digits") && error.description.contains("positive=11")
                    && error.description.contains("0, 1, 2"), "\(error)")
        }
    }

    @Test func flipNoisesTrainingLabelsOnly() throws {
        let clean = try CSVData.make(Self.digits)
        let n = 200
        let truth = try clean.drawTraining(size: n, seed: 5).targets
        var previous = Set<Int>()
        for flip in [0.1, 0.2, 0.4] {
            let noisy = try CSVData.make(Self.digits + [("flip", .number(flip))])
            let labels = try noisy.drawTraining(size: n, seed: 5).targets
            let flipped = Set((0..<n).filter { labels[$0] != truth[$0] })
            #expect(previous.isSubset(of: flipped))
            #expect(abs(Double(flipped.count) - flip * Double(n)) < 5 * (Double(n) * flip * (1 - flip)).squareRoot())
            previous = flipped
            #expect(
                try noisy.drawTest(size: 0, seed: 5, trainingSize: n).data.targets
                    == clean.drawTest(size: 0, seed: 5, trainingSize: n).data.targets)
            // The flips nest across n as well: the first 100 rows are flipped the same way.
            #expect(Array(try noisy.drawTraining(size: 100, seed: 5).targets) == Array(labels.prefix(100)))
        }
        // Regression has no label to flip.
        do {
            _ = try CSVData.make([("path", .word("builtin:diabetes")), ("flip", .number(0.1))])
            Issue.record("flip on regression accepted")
        } catch {
            #expect(error.description.contains("task=classification") && error.isUsageError, "\(error)")
        }
    }

    /// The statistics are the training sample's (its n rows), not the pool's: the training features have
    /// mean 0 and variance 1 exactly, and the test rows use the same shift and scale.
    @Test func standardizesByTheTrainingSample() throws {
        let path = "builtin:diabetes"
        let data = try CSVData.make([("path", .word(path))])
        let raw = try CSVData.make([("path", .word(path)), ("standardize", .boolean(false))])
        #expect(data.testDependsOnTrainingSize && !raw.testDependsOnTrainingSize)
        for n in [20, 300] {
            let train = try data.drawTraining(size: n, seed: 7)
            let rawTrain = try raw.drawTraining(size: n, seed: 7)
            let test = try data.drawTest(size: 0, seed: 7, trainingSize: n).data
            let rawTest = try raw.drawTest(size: 0, seed: 7).data
            let targetMean = rawTrain.targets.reduce(0, +) / Double(n)
            #expect(abs(train.targets.reduce(0, +)) < 1e-9)
            for j in 0..<train.dimension {
                let column = train.features.column(j)
                let mean = column.reduce(0, +) / Double(n)
                #expect(abs(mean) < 1e-12 && abs(column.reduce(0) { $0 + $1 * $1 } / Double(n) - 1) < 1e-12)
                let rawColumn = rawTrain.features.column(j)
                let rawMean = rawColumn.reduce(0, +) / Double(n)
                let sd = (rawColumn.reduce(0) { $0 + ($1 - rawMean) * ($1 - rawMean) } / Double(n)).squareRoot()
                for i in 0..<test.count {
                    #expect(abs(test.features[i, j] - (rawTest.features[i, j] - rawMean) / sd) < 1e-12)
                }
            }
            for i in 0..<test.count { #expect(abs(test.targets[i] - (rawTest.targets[i] - targetMean)) < 1e-9) }
        }
    }
}
