// The rest of this module is generated: see the doc comment below.

/// `Catalog` is generated, not written by hand.
///
/// At build time the RegistryPlugin build-tool plugin runs ZooRegistryGenerator on registry.json (at the
/// package root) and compiles the resulting `Catalog.generated.swift`, from the plugin's work directory
/// under `.build/plugins/outputs/`, into this module. It declares:
/// - `Catalog.modules`: registry.json's component modules, in file order;
/// - `Catalog.entries`: one `CatalogEntry` (module, kind, name, one-line summary) per component;
/// - `Catalog.registerModules(into:)`: runs every module's `Registration`;
/// - `Catalog.makeRegistry()` (from `ComponentCatalog`): registers and checks the result against
///   `entries`, so code and catalogue cannot drift apart.
///
/// `Catalog` conforms to `ComponentCatalog`: a plugin package applies the same RegistryPlugin to its own
/// registry.json and passes its catalogue beside this one (`ZooCommandLine.main(catalogs:)`,
/// `Registry(catalogs:)`); see docs/plugins.md.
///
/// To add a component, register it in its module's `Registration` and add a line to registry.json; to
/// add a module, also add its target to Package.swift and to ZooCatalog's dependencies. The build
/// stops with an `error:` line saying what to change if the two disagree.
extension Catalog {}
