import Foundation
import Testing

@testable import ZooRegistryGenerator

/// The generator end to end: arguments, the golden catalogue, and nothing written on failure.
/// After an intended change to the output, regenerate the golden file with
/// `UPDATE_GOLDEN_FILES=1 swift test --filter ZooRegistryGeneratorTests` and review the diff.
@Suite struct GeneratorTests {
    let golden = goldenDirectory.appending(path: "Catalog.generated.swift.golden")
    let goldenRegistry = goldenDirectory.appending(path: "registry.json").path

    @Test func theCommandWritesTheGoldenCatalogue() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appending(path: "Catalog.generated.swift")
        let errors = generate(arguments: [
            goldenRegistry, output.path, "ZooCatalog", "ZooAttacks,ZooCatalog,ZooCore,ZooData,ZooRidge",
            "ZooAttacks,ZooCore,ZooData,ZooRidge",
        ])
        #expect(errors.isEmpty, "\(errors)")
        let written = try String(contentsOf: output, encoding: .utf8)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN_FILES"] == "1" {
            try Data(written.utf8).write(to: golden)
        }
        #expect(written == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func anInvalidRegistryWritesNothingAndReportsEveryProblem() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = directory.appending(path: "registry.json")
        try Data(
            #"{ "modules": [ { "name": "ZooRidge", "summary": "", "components": [ { "kind": "estimator", "name": "Ridge", "type": "R", "summary": "s" } ] } ] }"#
                .utf8
        ).write(to: registry)
        let output = directory.appending(path: "Catalog.generated.swift")
        let errors = generate(arguments: [registry.path, output.path])
        #expect(errors.count == 2)
        #expect(errors.first?.description.contains("the summary of module ZooRidge is empty") == true)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func packageProblemsAreReportedForAValidFile() throws {
        let errors = generate(arguments: [goldenRegistry, "/nonexistent/x.swift", "ZooCatalog", "", ""])
        #expect(errors.first?.description.contains("ZooCatalog does not depend on it: add \"ZooCore\"") == true)
        #expect(errors.count == 4)  // ZooCore, then each of the three modules is not a target
    }

    @Test func badArgumentsAreUsageErrors() {
        #expect(generate(arguments: ["r.json"]).first?.description.hasPrefix("usage: ZooRegistryGenerator") == true)
        #expect(generate(arguments: ["a", "b", "c"]).first?.description.hasPrefix("usage:") == true)
    }

    @Test func stringLiteralsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(literal("plain θ‖") == #""plain θ‖""#)
        #expect(literal(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(literal("x\u{7}y") == #""x\u{7}y""#)
    }

    /// The package's registry.json is valid, and its catalogue registers every component by its type.
    @Test func thePackageRegistryIsValid() throws {
        let file = try RegistryFile.load(from: packageRegistryURL.path)
        #expect(problems(file) == [])
        let source = catalogSource(file)
        for module in file.modules {
            #expect(source.contains("import \(module.name)\n"))
            for component in module.components {
                #expect(source.contains("name: \"\(component.name)\", type: \(module.name).\(component.type).self"))
            }
        }
    }
}
