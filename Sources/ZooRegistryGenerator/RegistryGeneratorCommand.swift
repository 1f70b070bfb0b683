import Foundation

// MARK: - Entry point

/// Reads registry.json, checks it (and its agreement with Package.swift), and writes
/// `Catalog.generated.swift`. Run by the RegistryPlugin build-tool plugin before ZooCatalog compiles.
///
/// Every problem is printed on stderr as `error: <what to change>` and the exit status is 1, which
/// fails the build with those lines.
@main
enum RegistryGeneratorCommand {
    static func main() {
        let errors = run(arguments: Array(CommandLine.arguments.dropFirst()))
        for error in errors {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        }
        exit(errors.isEmpty ? 0 : 1)
    }

    /// Does the whole job for `arguments` (without the program name): on success writes the generated
    /// file and returns no errors; otherwise writes nothing and returns every problem found.
    static func run(arguments: [String]) -> [RegistryError] {
        do throws(RegistryError) {
            let options = try GeneratorOptions(arguments: arguments)
            let configuration = try RegistryConfiguration.load(from: options.registryPath)
            let errors = problems(in: configuration, package: options.package)
            guard errors.isEmpty else { return errors }
            try write(CatalogRenderer.render(configuration), to: options.outputPath)
            return []
        } catch {
            return [error]
        }
    }

    /// Every validation error of `configuration`, then, only if it is valid on its own, every
    /// disagreement with `package` (skipped when nil).
    static func problems(in configuration: RegistryConfiguration, package: PackageLayout?) -> [RegistryError] {
        let errors = configuration.validationErrors()
        guard errors.isEmpty else { return errors }
        return package?.agreementErrors(with: configuration) ?? []
    }

    // MARK: Output

    /// Writes `source` atomically, creating the directory if needed.
    private static func write(_ source: String, to path: String) throws(RegistryError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(source.utf8).write(to: url, options: .atomic)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
