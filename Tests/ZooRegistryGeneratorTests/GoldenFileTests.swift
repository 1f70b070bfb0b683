import Foundation
import Testing

@testable import ZooRegistryGenerator

/// The generated Swift for Golden/registry.json must equal Golden/Catalog.generated.swift.golden byte
/// for byte. After an intended change to the output, regenerate the golden file with
/// `UPDATE_GOLDEN_FILES=1 swift test --filter GoldenFileTests` and review the diff.
@Suite struct GoldenFileTests {
    let registryURL = goldenDirectory.appending(path: "registry.json")
    let goldenURL = goldenDirectory.appending(path: RegistryFileNames.generatedSource + ".golden")

    @Test func renderingMatchesTheGoldenFile() throws {
        let configuration = try RegistryConfiguration.load(from: registryURL.path)
        #expect(configuration.validationErrors().isEmpty)
        let rendered = CatalogRenderer.render(configuration)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN_FILES"] == "1" {
            try Data(rendered.utf8).write(to: goldenURL)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(rendered == golden)
    }

    @Test func theCommandWritesTheGoldenFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let errors = RegistryGeneratorCommand.run(arguments: [
            "--registry", registryURL.path, "--output-directory", directory.path,
            "--catalog-target", "ZooCatalog",
            "--target", "ZooAttacks", "--target", "ZooCatalog", "--target", "ZooCore", "--target", "ZooData",
            "--target", "ZooRidge",
            "--catalog-dependency", "ZooAttacks", "--catalog-dependency", "ZooCore",
            "--catalog-dependency", "ZooData", "--catalog-dependency", "ZooRidge",
        ])
        #expect(errors.isEmpty)
        let written = try String(
            contentsOf: directory.appending(path: RegistryFileNames.generatedSource), encoding: .utf8)
        #expect(written == (try String(contentsOf: goldenURL, encoding: .utf8)))
    }

    @Test func renderingIsAPureFunctionOfTheConfiguration() throws {
        let configuration = try RegistryConfiguration.load(from: registryURL.path)
        let reordered = RegistryConfiguration(modules: configuration.modules.reversed())
        #expect(CatalogRenderer.render(configuration) == CatalogRenderer.render(configuration))
        // File order is kept, not sorted away: reordering modules reorders the output.
        #expect(CatalogRenderer.render(reordered) != CatalogRenderer.render(configuration))
        let imports = CatalogRenderer.render(reordered).split(separator: "\n").filter { $0.hasPrefix("import ") }
        #expect(imports == ["import ZooCore", "import ZooAttacks", "import ZooRidge", "import ZooData"])
    }

    /// The package's registry.json is valid, and its catalogue lists every module and component.
    @Test func thePackageRegistryIsValid() throws {
        let configuration = try RegistryConfiguration.load(from: packageRegistryURL.path)
        #expect(configuration.validationErrors() == [])
        let rendered = CatalogRenderer.render(configuration)
        for module in configuration.modules {
            #expect(rendered.contains("import \(module.name)\n"))
            #expect(rendered.contains("using: \(module.name).Registration.self)"))
            for component in module.components {
                #expect(rendered.contains("kind: .\(component.kind), name: \"\(component.name)\""))
            }
        }
    }
}
