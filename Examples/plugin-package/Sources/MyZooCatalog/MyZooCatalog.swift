// `Catalog` (a `ComponentCatalog`) is generated into this module from registry.json by EstimatorZoo's
// RegistryPlugin; the build stops with an `error:` line if registry.json and the code disagree.
