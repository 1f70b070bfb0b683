import Foundation
import PackagePlugin

// MARK: - Build-tool plugin

/// Generates `Catalog.generated.swift` for the target it is applied to (ZooCatalog, or a plugin
/// package's catalogue target) from registry.json at the package root, by running ZooRegistryGenerator.
///
/// registry.json is the command's input and the generated file its output, so the build reruns the
/// generator exactly when registry.json changes. The package's target names and the catalogue target's
/// dependencies (sorted, so the command is a function of the package) let the generator say when
/// registry.json and Package.swift disagree.
@main
struct RegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let registry = context.package.directoryURL.appending(path: "registry.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "Catalog.generated.swift")
        let dependencies = target.dependencies.map { dependency -> String in
            switch dependency {
            case .target(let target): return target.name
            case .product(let product): return product.name
            @unknown default: return ""
            }
        }
        let arguments = [
            registry.path(percentEncoded: false), output.path(percentEncoded: false), target.name,
            context.package.targets.map(\.name).sorted().joined(separator: ","),
            dependencies.sorted().joined(separator: ","),
        ]
        return [
            .buildCommand(
                displayName: "Generating Catalog.generated.swift from registry.json",
                executable: try context.tool(named: "ZooRegistryGenerator").url, arguments: arguments,
                inputFiles: [registry], outputFiles: [output])
        ]
    }
}
