import Foundation
import Testing
import ZooCore
import ZooData

/// `csv(…,task=classification)` accepts labels ±1 only, naming the file, line and value.
@Suite struct CSVLabelTests {
    @Test func refusesLabelsOtherThanPlusMinusOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zoo-labels-\(UInt64.random(in: 0...UInt64.max)).csv"
        ).path
        try "a,b,label\n1,2,1\n3,4,-1\n5,6,2\n7,8,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let classification = try CSVData.make([
            ("path", .word(path)), ("task", .word("classification")), ("test", .number(0.25)),
        ])
        do {
            _ = try classification.drawTraining(size: 2, seed: 0)
            Issue.record("label 2 accepted")
        } catch {
            #expect(
                error.description.contains(path) && error.description.contains("line 4")
                    && error.description.contains("label 2"), "\(error)")
        }
        let regression = try CSVData.make([("path", .word(path)), ("test", .number(0.25))])
        #expect(try regression.drawTraining(size: 2, seed: 0).count == 2)
        let shipped = try CSVData.make([("path", .word(Fixtures.breastCancerPath)), ("task", .word("classification"))])
        #expect(try shipped.drawTraining(size: 50, seed: 0).targets.allSatisfy { $0 == 1 || $0 == -1 })
    }
}
