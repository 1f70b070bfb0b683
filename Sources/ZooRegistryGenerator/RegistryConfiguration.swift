// MARK: - registry.json

/// The contents of registry.json: every component module and the components it registers.
///
/// ```json
/// { "modules": [ { "name": "ZooRidge", "summary": "…",
///                  "components": [ { "kind": "estimator", "name": "ridge", "summary": "…" } ] } ] }
/// ```
/// Order matters: modules register in file order, and `zoo list` shows components in file order.
/// Decoding only checks the shape; `RegistryConfiguration.validationErrors()` checks the values.
struct RegistryConfiguration: Codable, Equatable {
    /// The component modules, in the order their registrations run.
    var modules: [ModuleEntry]
}

/// One component module of registry.json.
struct ModuleEntry: Codable, Equatable {
    /// The module's target name in Package.swift (`ZooRidge`), an UpperCamelCase Swift identifier. The
    /// module declares `public enum Registration: ComponentModule`, and ZooCatalog depends on it.
    var name: String
    /// One line saying what the module holds; the generated code shows it beside the registration.
    var summary: String
    /// The components the module registers, in the order `zoo list` shows them.
    var components: [ComponentEntry]
}

/// One registered component of registry.json.
struct ComponentEntry: Codable, Equatable {
    /// `data`, `estimator` or `attack`: the protocol the component's type conforms to (see `CatalogKind`).
    var kind: String
    /// The registry name, kebab-case (`min-norm`, `exact-l2`), unique across all modules, equal to the
    /// component type's `static let name`.
    var name: String
    /// The one-line summary `zoo list` prints; plain text on a single line.
    var summary: String
}

// MARK: - Kinds

/// The component kinds registry.json may name: the raw values of ZooCore's `ComponentKind`, which the
/// generated `CatalogEntry(kind: .data, …)` literals must match.
enum CatalogKind: String, CaseIterable {
    case data, estimator, attack

    /// "data, estimator, attack", for messages.
    static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
