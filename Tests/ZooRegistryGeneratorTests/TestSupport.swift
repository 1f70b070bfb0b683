import Foundation

@testable import ZooRegistryGenerator

// MARK: - Fixtures

/// The directory of golden files next to this source file (excluded from the target in Package.swift).
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Golden")

/// The package's own registry.json, two levels above this test target.
let packageRegistryURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: RegistryFileNames.configuration)

/// Decodes registry.json text, returning the configuration or the single decoding error.
func decode(_ json: String) -> Result<RegistryConfiguration, RegistryError> {
    do throws(RegistryError) {
        return .success(try RegistryConfiguration.decode(Data(json.utf8)))
    } catch {
        return .failure(error)
    }
}

/// The decoding error for `json`, or nil if it decodes.
func decodingError(_ json: String) -> RegistryError? {
    if case .failure(let error) = decode(json) { return error }
    return nil
}

/// A valid configuration built in code: one module per (name, components) pair, kinds by component.
func configuration(_ modules: [(name: String, components: [(kind: String, name: String)])]) -> RegistryConfiguration {
    RegistryConfiguration(
        modules: modules.map { module in
            ModuleEntry(
                name: module.name, summary: "summary of \(module.name)",
                components: module.components.map {
                    ComponentEntry(kind: $0.kind, name: $0.name, summary: "summary of \($0.name)")
                })
        })
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "ZooRegistryGeneratorTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
