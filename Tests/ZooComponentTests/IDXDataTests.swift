import CZlib
import Foundation
import Testing
import ZooCore

@testable import ZooData

/// `idx` on tiny IDX files the test writes itself, plain and gzip-compressed.
@Suite struct IDXDataTests {
    /// A fresh directory for one test's files.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "zoo-idx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes bytes, gzip-compressed through zlib when `gzip`.
    static func write(_ bytes: [UInt8], to path: String, gzip: Bool) throws {
        if gzip {
            let file = try #require(gzopen(path, "wb"))
            let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
            #expect(Int(written) == bytes.count)
            #expect(gzclose(file) == Z_OK)
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
    }

    /// `count` 2×3 images; image i has pixel j equal to (8·i + j) mod 256, label i mod 3.
    static func images(count: Int) -> (images: [UInt8], labels: [UInt8]) {
        ((0..<count).flatMap { i in (0..<6).map { j in UInt8((8 * i + j) % 256) } }, (0..<count).map { UInt8($0 % 3) })
    }

    /// Writes a training pair (and a test pair) and returns the spec arguments naming them.
    static func files(in directory: String, gzip: Bool, train: Int = 30, test: Int = 12) throws -> [(
        key: String, value: ParameterValue
    )] {
        let suffix = gzip ? ".gz" : ""
        let (trainImages, trainLabels) = images(count: train)
        let (testImages, testLabels) = images(count: test)
        try write(
            IDXFile.encode(dimensions: [train, 2, 3], data: trainImages), to: directory + "/train-images\(suffix)",
            gzip: gzip)
        try write(
            IDXFile.encode(dimensions: [train], data: trainLabels), to: directory + "/train-labels\(suffix)", gzip: gzip
        )
        try write(
            IDXFile.encode(dimensions: [test, 2, 3], data: testImages), to: directory + "/test-images\(suffix)",
            gzip: gzip)
        try write(
            IDXFile.encode(dimensions: [test], data: testLabels), to: directory + "/test-labels\(suffix)", gzip: gzip)
        return [
            ("images", .word(directory + "/train-images\(suffix)")),
            ("labels", .word(directory + "/train-labels\(suffix)")),
            ("test-images", .word(directory + "/test-images\(suffix)")),
            ("test-labels", .word(directory + "/test-labels\(suffix)")),
            ("positive", .number(2)), ("negative", .number(0)),
        ]
    }

    @Test(arguments: [false, true])
    func readsTwoClassesScaledAndSubsampled(gzip: Bool) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = try IDXData.make(try Self.files(in: directory, gzip: gzip))
        let train = try data.drawTraining(size: 8, seed: 3)
        #expect(train.count == 8 && train.dimension == 6)
        // Every row is one of the kept images (labels 2 → +1, 0 → −1), pixels / 255.
        for i in 0..<train.count {
            let first = Int((train.features[i, 0] * 255).rounded())
            let index = first / 8  // pixels are 8·i + j with i < 30
            #expect(index % 3 == 2 || index % 3 == 0)
            #expect(train.targets[i] == (index % 3 == 2 ? 1 : -1))
            for j in 0..<6 { #expect(abs(train.features[i, j] - Double((8 * index + j) % 256) / 255) < 1e-15) }
        }
        // Seeded: the same seed gives the same sample, samples nest across n, another seed differs.
        #expect(try data.drawTraining(size: 8, seed: 3).features == train.features)
        #expect(try data.drawTraining(size: 4, seed: 3).features == train.features.rows(at: Array(0..<4)))
        #expect(try data.drawTraining(size: 8, seed: 4).features != train.features)
        let test = try data.drawTest(size: 5, seed: 3)
        #expect(test.data.count == 5 && test.signal == nil)
        #expect(data.sourceFiles.count == 4)
    }

    @Test func flipsTrainingLabelsOnlyNestedAcrossRates() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try Self.files(in: directory, gzip: false, train: 600, test: 60)
        let clean = try IDXData.make(files)
        let n = 300
        let truth = try clean.drawTraining(size: n, seed: 1).targets
        var previous = Set<Int>()
        for flip in [0.1, 0.3, 0.5] {
            let noisy = try IDXData.make(files + [("flip", .number(flip))])
            let labels = try noisy.drawTraining(size: n, seed: 1).targets
            let flipped = Set((0..<n).filter { labels[$0] != truth[$0] })
            #expect(previous.isSubset(of: flipped), "the rows flipped at a smaller η are flipped at a larger one")
            // Binomial(300, η): within 5 standard deviations.
            #expect(abs(Double(flipped.count) - flip * Double(n)) < 5 * (Double(n) * flip * (1 - flip)).squareRoot())
            previous = flipped
            #expect(
                try noisy.drawTest(size: 20, seed: 1).data.targets == clean.drawTest(size: 20, seed: 1).data.targets,
                "test labels stay clean")
        }
    }

    @Test func holdsOutATestFractionAndStandardizesByTheTrainingSample() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try Self.files(in: directory, gzip: true, train: 90).filter { !$0.key.hasPrefix("test") }
        let data = try IDXData.make(
            files + [
                ("test-images", .word("none")), ("test-labels", .word("none")), ("test", .number(0.25)),
                ("scale", .word("standardize")),
            ])
        #expect(data.testDependsOnTrainingSize)
        // 60 images of classes 0 and 2: 15 held out, 45 in the pool.
        #expect(throws: ZooError.self) { try data.checkTrainingSize(46) }
        try data.checkTrainingSize(45)
        let train = try data.drawTraining(size: 20, seed: 2)
        for j in 0..<6 {
            let column = train.features.column(j)
            let mean = column.reduce(0, +) / 20
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
        }
        // The test sample in the same units: raw pixels minus the training mean over the training sd.
        let raw = try IDXData.make(
            files + [
                ("test-images", .word("none")), ("test-labels", .word("none")), ("test", .number(0.25)),
                ("scale", .word("raw")),
            ])
        let rawTrain = try raw.drawTraining(size: 20, seed: 2)
        let rawTest = try raw.drawTest(size: 15, seed: 2).data
        let test = try data.drawTest(size: 15, seed: 2, trainingSize: 20).data
        #expect(throws: ZooError.self) { try data.drawTest(size: 16, seed: 2) }
        for j in 0..<6 {
            let column = rawTrain.features.column(j)
            let mean = column.reduce(0, +) / 20
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20).squareRoot()
            for i in 0..<15 { #expect(abs(test.features[i, j] - (rawTest.features[i, j] - mean) / sd) < 1e-12) }
        }
    }

    /// Each malformed input: one error naming the file and the fix.
    @Test func refusesMalformedFilesNamingThemAndTheFix() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = try Self.files(in: directory, gzip: false)
        let trainImages = directory + "/train-images"
        let trainLabels = directory + "/train-labels"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: trainImages)))
        func message(_ arguments: [(key: String, value: ParameterValue)]) -> String {
            do {
                _ = try IDXData.make(arguments).drawTraining(size: 2, seed: 0)
                return "no error"
            } catch { return error.description }
        }
        func replacing(_ key: String, with path: String) -> [(key: String, value: ParameterValue)] {
            good.map { $0.key == key ? (key, .word(path)) : $0 }
        }
        // Bad magic (a PNG's signature).
        try Self.write([0x89, 0x50, 0x4E, 0x47] + bytes.dropFirst(4), to: directory + "/png", gzip: false)
        let magic = message(replacing("images", with: directory + "/png"))
        #expect(
            magic.contains(directory + "/png") && magic.contains("not an IDX file") && magic.contains("89 50 4e 47"),
            "\(magic)")
        // Truncated, plain and gzip.
        try Self.write(Array(bytes.dropLast(7)), to: directory + "/short", gzip: false)
        let short = message(replacing("images", with: directory + "/short"))
        #expect(
            short.contains(directory + "/short") && short.contains("truncated")
                && short.contains("download the file again"), "\(short)")
        try Self.write(bytes, to: directory + "/whole.gz", gzip: true)
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/whole.gz")))
        try Self.write(Array(compressed.prefix(compressed.count / 2)), to: directory + "/cut.gz", gzip: false)
        let cut = message(replacing("images", with: directory + "/cut.gz"))
        #expect(cut.contains(directory + "/cut.gz") && cut.contains("ends early"), "\(cut)")
        // Images and labels swapped (wrong number of dimensions).
        let swapped = message(replacing("images", with: trainLabels))
        #expect(swapped.contains(trainLabels) && swapped.contains("swap"), "\(swapped)")
        // Label and image counts differ.
        try Self.write(
            IDXFile.encode(dimensions: [29], data: Array(Self.images(count: 29).labels)), to: directory + "/few-labels",
            gzip: false)
        let counts = message(replacing("labels", with: directory + "/few-labels"))
        #expect(
            counts.contains("29 labels") && counts.contains("30 images") && counts.contains("pair each"), "\(counts)")
        // Test images of other dimensions.
        try Self.write(
            IDXFile.encode(dimensions: [12, 3, 2], data: Self.images(count: 12).images), to: directory + "/tall",
            gzip: false)
        let dims = message(replacing("test-images", with: directory + "/tall"))
        #expect(
            dims.contains(directory + "/tall") && dims.contains("3×2") && dims.contains("2×3")
                && dims.contains("same data set"), "\(dims)")
        // A class the files do not hold.
        let absent = message(good.map { $0.key == "positive" ? ("positive", .number(7)) : $0 })
        #expect(absent.contains(trainLabels) && absent.contains("class 7") && absent.contains("0, 1, 2"), "\(absent)")
        // A missing Fashion-MNIST file says how to install it.
        let missing = message(replacing("images", with: directory + "/fashion-mnist/train-images-idx3-ubyte.gz"))
        #expect(
            missing.contains("no such file") && missing.contains("apt-get install dataset-fashion-mnist"), "\(missing)")
        // Dimensions whose product overflows.
        try Self.write(
            [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12) + [1, 2, 3], to: directory + "/huge", gzip: false)
        #expect(message(replacing("images", with: directory + "/huge")).contains("more data than any file holds"))
        // Trailing bytes, corrupt gzip.
        try Self.write(bytes + [1, 2], to: directory + "/long", gzip: false)
        #expect(message(replacing("images", with: directory + "/long")).contains("2 bytes after"))
        var corrupt = compressed
        for i in 12..<min(40, corrupt.count) { corrupt[i] ^= 0x5A }
        try Self.write(corrupt, to: directory + "/corrupt.gz", gzip: false)
        let garbled = message(replacing("images", with: directory + "/corrupt.gz"))
        #expect(
            garbled.contains(directory + "/corrupt.gz")
                && (garbled.contains("corrupt") || garbled.contains("ends early")), "\(garbled)")
        // Parameters.
        #expect(throws: ZooError.self) {
            try IDXData.make(good.map { $0.key == "negative" ? ("negative", .number(2)) : $0 })
        }
        #expect(throws: ZooError.self) {
            try IDXData.make(good.map { $0.key == "test-images" ? ("test-images", .word("none")) : $0 })
        }
    }
}
