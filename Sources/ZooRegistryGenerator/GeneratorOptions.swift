// MARK: - Command line

/// The generator's arguments, as the build-tool plugin passes them:
///
///     ZooRegistryGenerator --registry PATH --output-directory DIR
///         [--catalog-target NAME (--target NAME)… (--catalog-dependency NAME)…]
///
/// The output file is `DIR/Catalog.generated.swift` (`RegistryFileNames.generatedSource`). With
/// `--catalog-target`, registry.json is also checked against the package's targets and the catalogue
/// target's dependencies; without it (a manual run) only the file itself is checked.
struct GeneratorOptions: Equatable {
    /// Path of registry.json.
    var registryPath: String
    /// Directory the generated file is written to.
    var outputDirectory: String
    /// The package as the plugin sees it, or nil to skip the agreement checks.
    var package: PackageLayout?

    /// The generated file's path.
    var outputPath: String { outputDirectory + "/" + RegistryFileNames.generatedSource }

    /// Parses `arguments` (without the program name).
    init(arguments: [String]) throws(RegistryError) {
        var registryPath: String?
        var outputDirectory: String?
        var catalogTarget: String?
        var targets: Set<String> = []
        var dependencies: Set<String> = []
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw .usage("\(flag) needs a value") }
            switch flag {
            case "--registry": registryPath = value
            case "--output-directory": outputDirectory = value
            case "--catalog-target": catalogTarget = value
            case "--target": targets.insert(value)
            case "--catalog-dependency": dependencies.insert(value)
            default: throw .usage("unknown option '\(flag)'")
            }
        }
        guard let registryPath, let outputDirectory else {
            throw .usage(
                "usage: \(RegistryFileNames.generator) --registry PATH --output-directory DIR [--catalog-target NAME (--target NAME)… (--catalog-dependency NAME)…]"
            )
        }
        self.registryPath = registryPath
        self.outputDirectory = outputDirectory
        package = catalogTarget.map {
            PackageLayout(catalogTarget: $0, targets: targets, catalogDependencies: dependencies)
        }
    }
}
