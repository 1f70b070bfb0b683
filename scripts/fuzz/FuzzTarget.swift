// A libFuzzer target for every parser zoo runs on user input (scripts/fuzz.sh builds and runs it).
// The first byte of the input chooses the parser, the rest is its text; ZOO_FUZZ_TARGET=spec|csv|
// experiment|rows pins one parser (the byte is then part of the text). Every parser must either return
// or throw a ZooError: a crash, a trap, a hang or an address-sanitizer report is a finding.
import Foundation
import ZooCatalog
import ZooCore
import ZooData
import ZooHarness
import ZooReport
@testable import ZooCLI

let registry = try! Catalog.makeRegistry()
let pinned = ProcessInfo.processInfo.environment["ZOO_FUZZ_TARGET"]

func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    var data = Data(bytes)
    var which = pinned
    if which == nil, let first = data.first {
        which = ["spec", "csv", "experiment", "rows"][Int(first) % 4]
        data = data.dropFirst()
    }
    let text = String(decoding: data, as: UTF8.self)
    switch which {
    case "spec":
        if let spec = try? ComponentSpec(parsing: text) {
            _ = try? registry.makeDataModel(spec)
            _ = try? registry.makeEstimator(spec)
            _ = try? registry.makeAttack(spec)
        }
        _ = try? ComponentSpec.parseList(text)
    case "csv":
        if let table = try? CSVTable(parsing: text, source: "fuzz.csv") { _ = try? table.featuresAndTarget(source: "fuzz.csv") }
    case "experiment":
        if let grid = try? ExperimentFile.parse(Data(data), source: "fuzz.json", registry: registry) { _ = grid.pointCount }
        _ = JSONDuplicateKeys.first(in: Data(data))
    default:
        if let contents = try? readResultFile(jsonLines: text) { _ = try? RowContract.check(contents, source: "fuzz.jsonl") }
        _ = try? ReportCommand.separateRows(text, source: "fuzz.jsonl")
        for line in TextLines.split(text) { _ = try? RunFingerprint.parseHeader(line) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}
