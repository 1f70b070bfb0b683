import Foundation

@testable import ZooRegistryGenerator

// MARK: - Fixtures

/// The directory of golden files next to this source file (excluded from the target in Package.swift).
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Golden")

/// The package's own registry.json, two levels above this test target.
let packageRegistryURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "registry.json")

/// The error for registry.json text, or nil if it decodes.
func decodingError(_ json: String) -> String? {
    do throws(RegistryError) {
        _ = try RegistryFile.decode(Data(json.utf8))
        return nil
    } catch {
        return error.description
    }
}

/// A file built in code: one module per (name, components) pair, types and summaries derived from names.
func registry(_ modules: [(name: String, components: [(kind: String, name: String)])]) -> RegistryFile {
    RegistryFile(
        modules: modules.map { module in
            RegistryFile.Module(
                name: module.name, summary: "summary of \(module.name)",
                components: module.components.map {
                    RegistryFile.Component(kind: $0.kind, name: $0.name, type: "Type", summary: "summary of \($0.name)")
                })
        })
}

/// The messages of `file`'s value problems.
func problems(_ file: RegistryFile) -> [String] { file.problems().map(\.description) }

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "ZooRegistryGeneratorTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
