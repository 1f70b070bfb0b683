// This file is shared by the generator and the build-tool plugin: Plugins/RegistryPlugin holds a
// symbolic link to it (plugins cannot depend on library targets), so the two cannot disagree about
// where the catalogue comes from or what the generated file is called.

// MARK: - File names

/// The fixed names of the registry's input and output files.
enum RegistryFileNames {
    /// The catalogue, at the package root.
    static let configuration = "registry.json"
    /// The Swift file generated into the plugin work directory and compiled into the catalogue target.
    static let generatedSource = "Catalog.generated.swift"
    /// The executable target that turns the catalogue into Swift.
    static let generator = "ZooRegistryGenerator"
    /// The module every generated catalogue imports for `Registry`, `CatalogEntry` and `ZooError`.
    static let coreModule = "ZooCore"
}
