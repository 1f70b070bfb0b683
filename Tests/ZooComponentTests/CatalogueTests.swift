import Foundation
import Testing
import ZooCatalog
import ZooCore

// MARK: - Fixtures

/// The repository root, three levels above this file.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

// MARK: - registry.json is the registration

/// registry.json is the only list of registered components: every component type of a listed module has
/// its line there (a forgotten line fails here), and the catalogue registers what it lists.
@Suite struct RegistryCompletenessTests {
    /// `static let name = "…"` declarations in a module's sources: one per component type.
    static func declaredNames(inModule module: String) throws -> [String] {
        let directory = repositoryRoot.appending(path: "Sources/\(module)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".swift")
        }
        return try files.sorted().flatMap { file in
            let text = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            return text.matches(of: /static let name = "([a-z0-9-]+)"/).map { String($0.output.1) }
        }
    }

    @Test func everyComponentTypeOfAListedModuleIsInRegistryJSON() throws {
        let listed = Set(Catalog.entries.map(\.name))
        for module in Set(Catalog.entries.map(\.module)).sorted() {
            let declared = try Self.declaredNames(inModule: module)
            #expect(!declared.isEmpty, "no component types found in Sources/\(module)")
            for name in declared {
                #expect(
                    listed.contains(name),
                    "Sources/\(module) declares component '\(name)', which registry.json does not list: add its line under module \(module)"
                )
            }
        }
    }

    @Test func theCatalogueRegistersExactlyRegistryJSONInFileOrder() throws {
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: repositoryRoot.appending(path: "registry.json")))
        let modules = try #require((json as? [String: Any])?["modules"] as? [[String: Any]])
        let lines = modules.flatMap { module in
            (module["components"] as? [[String: String]] ?? []).map {
                [module["name"] as? String ?? "", $0["kind"] ?? "", $0["name"] ?? "", $0["summary"] ?? ""]
            }
        }
        let registry = try Catalog.makeRegistry()
        #expect(registry.components.map { [$0.module, $0.kind.rawValue, $0.name, $0.summary] } == lines)
    }
}

// MARK: - docs/components.md

/// The component table of docs/components.md is generated from the catalogue (kind, name, module) and each
/// type's `documentation.definition`, the definition `zoo describe` prints, so it cannot drift from the code.
/// `scripts/generate-component-docs.sh` rewrites it (this test with UPDATE_GOLDEN_FILES=1).
@Suite struct ComponentTableTests {
    static let begin =
        "<!-- The table is generated from the catalogue by scripts/generate-component-docs.sh: do not edit it. -->"
    static let end = "<!-- End of the generated table. -->"

    /// The table: one row per registered component, in registry.json's order.
    static func table() throws -> String {
        var lines = ["| kind | name | module | definition (`zoo describe NAME` adds parameters, notes and the paper) |"]
        lines.append("|---|---|---|---|")
        for component in try Catalog.makeRegistry().components {
            let definition = component.type.documentation.definition
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(
                    separator: " "
                )
                .replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(component.kind.rawValue) | `\(component.name)` | \(component.module) | \(definition) |")
        }
        return lines.joined(separator: "\n")
    }

    @Test func docsComponentsTableMatchesTheCatalogue() throws {
        let url = repositoryRoot.appending(path: "docs/components.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin + "\n"), "docs/components.md lacks the line \(Self.begin)")
        let stop = try #require(text.range(of: "\n" + Self.end), "docs/components.md lacks the line \(Self.end)")
        let table = try Self.table()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN_FILES"] == "1" {
            try (text[..<start.upperBound] + table + text[stop.lowerBound...]).write(
                to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(text[start.upperBound..<stop.lowerBound]) == table,
            "docs/components.md's table is stale: run scripts/generate-component-docs.sh")
    }
}
