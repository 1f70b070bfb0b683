import Foundation
import Testing

/// docs/plugins.md walks from an empty directory to `my-zoo compare` by showing every file of the
/// template Examples/plugin-package, which CI builds against a tag (scripts/test-plugin-template.sh):
/// the two must not drift apart.
@Suite struct PluginTemplateDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let templateFiles = [
        "Package.swift", "registry.json", "Sources/MyZoo/MomentEstimator.swift", "Sources/MyZoo/RandomL2Attack.swift",
        "Sources/MyZooCatalog/MyZooCatalog.swift", "Sources/my-zoo/main.swift",
        "Tests/MyZooTests/MyZooTests.swift",
    ]

    @Test(arguments: templateFiles) func theDocsShowTheTemplateFileVerbatim(path: String) throws {
        let docs = try String(contentsOf: Self.root.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let file = try String(
            contentsOf: Self.root.appendingPathComponent("Examples/plugin-package/\(path)"), encoding: .utf8)
        #expect(docs.contains("Create `\(path)`"), "docs/plugins.md does not tell the reader to create \(path)")
        #expect(
            docs.contains("```\n" + file + "```") || docs.contains(file),
            "docs/plugins.md's \(path) differs from Examples/plugin-package/\(path)")
    }

    @Test func theTemplateHasNoOtherSourceFiles() throws {
        let template = Self.root.appendingPathComponent("Examples/plugin-package")
        let enumerator = FileManager.default.enumerator(atPath: template.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix(".build") || path.hasPrefix(".swiftpm") {
                enumerator?.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: template.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue,
                path != "Package.resolved"
            {
                found.append(path)
            }
        }
        #expect(
            Set(found) == Set(Self.templateFiles),
            "files of Examples/plugin-package not shown in docs/plugins.md: \(Set(found).subtracting(Self.templateFiles).sorted())"
        )
    }
}
