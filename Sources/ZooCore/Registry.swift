// MARK: - Registry

/// One module's entry point: registers the module's components. Every component module declares
/// `public enum Registration: ComponentModule`; the code generated from registry.json calls it.
public protocol ComponentModule {
    static func register(into registry: inout Registry) throws(ZooError)
}

/// One line of the catalogue in registry.json: which module registers which component.
public struct CatalogEntry: Sendable, Equatable {
    public let module: String
    public let kind: ComponentKind
    public let name: String
    public let summary: String

    public init(module: String, kind: ComponentKind, name: String, summary: String) {
        self.module = module
        self.kind = kind
        self.name = name
        self.summary = summary
    }
}

/// A catalogue of component modules: what the RegistryPlugin generates from a package's
/// registry.json (`enum Catalog` in the catalogue target). EstimatorZoo's built-in catalogue is one;
/// a plugin package that applies the RegistryPlugin to its own registry.json gets another, and
/// `Registry(catalogs:)` combines them.
public protocol ComponentCatalog {
    /// registry.json's modules, in file order.
    static var modules: [String] { get }
    /// registry.json's components, in file order.
    static var entries: [CatalogEntry] { get }
    /// Runs every module's `Registration` (without checking against `entries`).
    static func registerModules(into registry: inout Registry) throws(ZooError)
}

extension ComponentCatalog {
    /// This catalogue's components alone, checked against `entries`.
    public static func makeRegistry() throws(ZooError) -> Registry {
        try Registry(catalogs: [Self.self])
    }
}

/// A registered component: its type, kind, module and one-line summary (from registry.json).
public struct RegisteredComponent: Sendable {
    public let kind: ComponentKind
    public let module: String
    public let type: any Component.Type
    public internal(set) var summary: String

    public var name: String { type.name }
}

/// The string registry: every component by kind and name.
///
/// Filled by `Registry(catalogs:)` (or a generated `Catalog.makeRegistry()`) from registry.json; `verify(against:)` fails with
/// a message naming the entry when registry.json and the code disagree.
public struct Registry: Sendable {
    public private(set) var components: [RegisteredComponent] = []
    private var currentModule = ""

    public init() {}

    /// Every module of every catalogue, in order, checked against the catalogues' entries taken
    /// together: a component name registered by two catalogues is refused, naming both modules.
    public init(catalogs: [any ComponentCatalog.Type]) throws(ZooError) {
        for catalog in catalogs { try catalog.registerModules(into: &self) }
        try verify(against: catalogs.flatMap { $0.entries })
    }

    // MARK: Registration

    /// Runs one module's registration, recording the module name on every component it adds.
    public mutating func registerModule(named module: String, using registration: any ComponentModule.Type)
        throws(ZooError)
    {
        currentModule = module
        defer { currentModule = "" }
        try registration.register(into: &self)
    }

    /// Adds a component type; the kind follows from the protocol it conforms to.
    public mutating func register(_ type: any Component.Type) throws(ZooError) {
        let kind: ComponentKind
        switch type {
        case is any DataModel.Type: kind = .data
        case is any Estimator.Type: kind = .estimator
        case is any Attack.Type: kind = .attack
        default: throw .usage("\(type.name) is not a data model, estimator or attack")
        }
        if let existing = components.first(where: { $0.name == type.name }) {
            throw .usage(
                "component name '\(type.name)' is registered twice (modules \(existing.module) and \(currentModule))")
        }
        components.append(RegisteredComponent(kind: kind, module: currentModule, type: type, summary: ""))
    }

    /// Checks the registered components against registry.json's catalogue, in both directions, and
    /// copies the catalogue's summaries onto the components.
    public mutating func verify(against catalog: [CatalogEntry]) throws(ZooError) {
        for entry in catalog {
            guard let index = components.firstIndex(where: { $0.name == entry.name }) else {
                // A misspelling in registry.json: suggest the registered names the catalogue lacks.
                let unlisted = components.filter { component in !catalog.contains { $0.name == component.name } }.map(
                    \.name)
                let hint =
                    Suggestions.closest(to: entry.name, among: unlisted).first
                    .map { " (did you mean '\($0)'? the code registers '\($0)', which registry.json does not list)" }
                    ?? ""
                throw .usage(
                    "registry.json lists \(entry.kind.rawValue) '\(entry.name)' in module \(entry.module), but no module registers it\(hint): register it in \(entry.module)'s Registration, or fix or remove the entry"
                )
            }
            let found = components[index]
            guard found.module == entry.module, found.kind == entry.kind else {
                throw .usage(
                    "registry.json lists '\(entry.name)' as \(entry.kind.rawValue) of module \(entry.module), but the code registers it as \(found.kind.rawValue) of module \(found.module): make them agree"
                )
            }
            components[index].summary = entry.summary
        }
        for component in components where !catalog.contains(where: { $0.name == component.name }) {
            throw .usage(
                "module \(component.module) registers \(component.kind.rawValue) '\(component.name)', which registry.json does not list: add {\"kind\": \"\(component.kind.rawValue)\", \"name\": \"\(component.name)\", \"summary\": \"…\"} under module \(component.module)"
            )
        }
    }

    // MARK: Lookup

    /// The components of one kind (all kinds if nil), in registration order.
    public func components(ofKind kind: ComponentKind?) -> [RegisteredComponent] {
        components.filter { kind == nil || $0.kind == kind }
    }

    /// The component called `name`; unknown names get a "did you mean" hint, and a name of another
    /// kind says what it is.
    public func component(named name: String, kind: ComponentKind? = nil) throws(ZooError) -> RegisteredComponent {
        if let found = components.first(where: { $0.name == name }) {
            if let kind, found.kind != kind {
                throw .usage(
                    "'\(name)' is \(found.kind.article) \(found.kind.rawValue), not \(kind.article) \(kind.rawValue)")
            }
            return found
        }
        let candidates = components(ofKind: kind).map(\.name)
        let what = kind.map { "\($0.rawValue) " } ?? "component "
        throw .usage("unknown \(what)'\(name)'" + Suggestions.hint(for: name, among: candidates))
    }

    /// Builds a data model from its spec.
    public func makeDataModel(_ spec: ComponentSpec) throws(ZooError) -> any DataModel {
        try make(spec, kind: .data) as! any DataModel
    }

    /// Builds an estimator from its spec.
    public func makeEstimator(_ spec: ComponentSpec) throws(ZooError) -> any Estimator {
        try make(spec, kind: .estimator) as! any Estimator
    }

    /// Builds an attack from its spec.
    public func makeAttack(_ spec: ComponentSpec) throws(ZooError) -> any Attack {
        try make(spec, kind: .attack) as! any Attack
    }

    private func make(_ spec: ComponentSpec, kind: ComponentKind) throws(ZooError) -> any Component {
        let type = try component(named: spec.name, kind: kind).type
        return try type.make(spec.arguments)
    }
}

extension ComponentKind {
    /// "a" or "an", for messages.
    public var article: String { self == .estimator || self == .attack ? "an" : "a" }
    /// The plural used in listings: "data models", "estimators", "attacks".
    public var plural: String {
        switch self {
        case .data: return "data models"
        case .estimator: return "estimators"
        case .attack: return "attacks"
        }
    }
}
