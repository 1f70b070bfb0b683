// The rest of this module is generated: see the doc comment below.

/// `Catalog` is generated, not written by hand.
///
/// At build time the RegistryPlugin build-tool plugin runs ZooRegistryGenerator on registry.json (at the
/// package root) and compiles the resulting `Catalog.generated.swift`, from the plugin's work directory
/// under `.build/plugins/outputs/`, into this module. It declares `Catalog.entries`: one `CatalogEntry`
/// (module, kind, name, the implementing type, one-line summary) per line of registry.json, in file
/// order. `Catalog.makeRegistry()` (from `ComponentCatalog`) registers them, checking each type's `name`
/// and protocol against the entry's name and kind.
///
/// `Catalog` conforms to `ComponentCatalog`: a plugin package applies the same RegistryPlugin to its own
/// registry.json and passes its catalogue beside this one (`ZooCommandLine.main(adding:)`,
/// `Registry(catalogs:)`); see docs/plugins.md.
///
/// To add a component to a module, write its file and add its line to registry.json; to add a module,
/// also add its target to Package.swift and to ZooCatalog's dependencies (docs/adding-components.md).
/// The build stops with an `error:` line saying what to change if registry.json, Package.swift and the
/// code disagree.
extension Catalog {}
