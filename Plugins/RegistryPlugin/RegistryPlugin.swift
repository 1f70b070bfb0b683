import Foundation
import PackagePlugin

// MARK: - Build-tool plugin

/// Generates `Catalog.generated.swift` for the target it is applied to (ZooCatalog) from registry.json
/// at the package root, by running the ZooRegistryGenerator executable.
///
/// The plugin parses nothing itself: it names registry.json as the command's input and the generated
/// file as its output (so the build reruns the generator exactly when registry.json changes), and passes
/// the package's target names and the catalogue target's direct dependencies so the generator can say
/// when registry.json and Package.swift disagree. File names come from `RegistryFileNames`, a file
/// shared with the generator through a symbolic link.
@main
struct RegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let registry = context.package.directoryURL.appending(path: RegistryFileNames.configuration)
        guard FileManager.default.fileExists(atPath: registry.path(percentEncoded: false)) else {
            throw RegistryPluginError.missingRegistry(registry.path(percentEncoded: false))
        }
        let outputDirectory = context.pluginWorkDirectoryURL
        let output = outputDirectory.appending(path: RegistryFileNames.generatedSource)

        var arguments = [
            "--registry", registry.path(percentEncoded: false),
            "--output-directory", outputDirectory.path(percentEncoded: false),
            "--catalog-target", target.name,
        ]
        // Sorted, so the command line (and with it the build's signature) is a function of the package.
        for name in context.package.targets.map(\.name).sorted() {
            arguments += ["--target", name]
        }
        for name in target.dependencies.map(\.name).sorted() {
            arguments += ["--catalog-dependency", name]
        }

        return [
            .buildCommand(
                displayName: "Generating \(RegistryFileNames.generatedSource) from \(RegistryFileNames.configuration)",
                executable: try context.tool(named: RegistryFileNames.generator).url,
                arguments: arguments,
                inputFiles: [registry],
                outputFiles: [output]
            )
        ]
    }
}

// MARK: - Support

extension TargetDependency {
    /// The name of the target or product depended on.
    fileprivate var name: String {
        switch self {
        case .target(let target): return target.name
        case .product(let product): return product.name
        @unknown default: return ""
        }
    }
}

/// Failures the plugin reports before the generator runs.
enum RegistryPluginError: Error, CustomStringConvertible {
    /// registry.json is missing from the package root.
    case missingRegistry(String)

    var description: String {
        switch self {
        case .missingRegistry(let path):
            return
                "registry.json: not found at \(path): create it at the package root; it lists every component module and its components"
        }
    }
}
