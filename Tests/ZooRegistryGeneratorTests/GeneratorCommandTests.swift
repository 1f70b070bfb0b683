import Foundation
import Testing

@testable import ZooRegistryGenerator

/// The command line the plugin uses, and the end-to-end behaviour on failure.
@Suite struct GeneratorCommandTests {
    @Test func parsesThePluginsArguments() throws {
        let options = try GeneratorOptions(arguments: [
            "--registry", "/p/registry.json", "--output-directory", "/out", "--catalog-target", "ZooCatalog",
            "--target", "ZooCore", "--target", "ZooData", "--catalog-dependency", "ZooCore",
        ])
        #expect(options.registryPath == "/p/registry.json")
        #expect(options.outputPath == "/out/Catalog.generated.swift")
        #expect(
            options.package
                == PackageLayout(
                    catalogTarget: "ZooCatalog", targets: ["ZooCore", "ZooData"], catalogDependencies: ["ZooCore"]))
    }

    @Test func withoutACatalogTargetThePackageIsNotChecked() throws {
        let options = try GeneratorOptions(arguments: ["--registry", "r.json", "--output-directory", "out"])
        #expect(options.package == nil)
    }

    @Test func badArgumentsAreUsageErrors() {
        #expect(throws: RegistryError.usage("unknown option '--registy'")) {
            try GeneratorOptions(arguments: ["--registy", "r.json"])
        }
        #expect(throws: RegistryError.usage("--output-directory needs a value")) {
            try GeneratorOptions(arguments: ["--registry", "r.json", "--output-directory"])
        }
        #expect(throws: RegistryError.self) { try GeneratorOptions(arguments: ["--registry", "r.json"]) }
    }

    @Test func anInvalidRegistryWritesNothingAndReportsEveryError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = directory.appending(path: "registry.json")
        try Data(
            #"{ "modules": [ { "name": "ZooRidge", "summary": "", "components": [ { "kind": "estimator", "name": "Ridge", "summary": "s" } ] } ] }"#
                .utf8
        )
        .write(to: registry)
        let output = directory.appending(path: "out")
        let errors = RegistryGeneratorCommand.run(arguments: [
            "--registry", registry.path, "--output-directory", output.path,
        ])
        #expect(
            errors == [
                .invalidSummary(owner: "module ZooRidge", problem: "is empty"),
                .invalidComponentName(module: "ZooRidge", name: "Ridge"),
            ])
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func packageErrorsAreCheckedOnlyForAValidFile() {
        let invalid = configuration([("zoo-foo", [("data", "x")])])
        let layout = PackageLayout(catalogTarget: "ZooCatalog", targets: [], catalogDependencies: [])
        #expect(RegistryGeneratorCommand.problems(in: invalid, package: layout) == [.invalidModuleName("zoo-foo")])
        let valid = configuration([("ZooFoo", [("data", "x")])])
        #expect(
            RegistryGeneratorCommand.problems(in: valid, package: layout) == [
                .missingCoreDependency(catalogTarget: "ZooCatalog"),
                .moduleNotATarget(module: "ZooFoo", catalogTarget: "ZooCatalog"),
            ])
    }

    @Test func stringLiteralsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(CatalogRenderer.swiftStringLiteral("plain θ‖") == #""plain θ‖""#)
        #expect(CatalogRenderer.swiftStringLiteral(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(CatalogRenderer.swiftStringLiteral("x\u{7}y") == #""x\u{7}y""#)
    }
}
