// MARK: - Agreement with Package.swift

/// What the build-tool plugin reports about the package: its targets and the catalogue target's
/// direct dependencies. The generated code imports every listed module, so each must be a target the
/// catalogue depends on; conversely every dependency besides the core module must be listed, or its
/// components would never be registered.
struct PackageLayout: Equatable {
    /// The target the plugin runs for (`ZooCatalog`).
    var catalogTarget: String
    /// Every target name in Package.swift.
    var targets: Set<String>
    /// The catalogue target's direct dependencies (targets and products), by name.
    var catalogDependencies: Set<String>

    /// Every disagreement between registry.json and the package, in a fixed order: listed modules in
    /// file order, then unlisted dependencies sorted by name.
    func agreementErrors(with configuration: RegistryConfiguration) -> [RegistryError] {
        var errors: [RegistryError] = []
        if !catalogDependencies.contains(RegistryFileNames.coreModule) {
            errors.append(.missingCoreDependency(catalogTarget: catalogTarget))
        }
        for module in configuration.modules.map(\.name) where module != RegistryFileNames.coreModule {
            if !targets.contains(module) {
                errors.append(.moduleNotATarget(module: module, catalogTarget: catalogTarget))
            } else if !catalogDependencies.contains(module) {
                errors.append(.moduleNotADependency(module: module, catalogTarget: catalogTarget))
            }
        }
        let listed = Set(configuration.modules.map(\.name))
        for dependency in catalogDependencies.sorted()
        where dependency != RegistryFileNames.coreModule && !listed.contains(dependency) {
            errors.append(.unlistedDependency(module: dependency, catalogTarget: catalogTarget))
        }
        return errors
    }
}
