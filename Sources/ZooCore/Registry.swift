// MARK: - Registry

/// One line of registry.json: which module's type implements which component. The catalogue generated
/// from registry.json is a list of these; registering one is all it takes to add a component.
public struct CatalogEntry: Sendable {
    public let module: String
    public let kind: ComponentKind
    public let name: String
    public let type: any Component.Type
    public let summary: String

    public init(module: String, kind: ComponentKind, name: String, type: any Component.Type, summary: String) {
        self.module = module
        self.kind = kind
        self.name = name
        self.type = type
        self.summary = summary
    }
}

/// A catalogue of components: what the RegistryPlugin generates from a package's registry.json
/// (`enum Catalog` in the catalogue target). EstimatorZoo's built-in catalogue is one; a plugin package
/// that applies the RegistryPlugin to its own registry.json gets another, and `Registry(catalogs:)`
/// combines them.
public protocol ComponentCatalog {
    /// registry.json's components, in file order.
    static var entries: [CatalogEntry] { get }
}

extension ComponentCatalog {
    /// This catalogue's components alone.
    public static func makeRegistry() throws(ZooError) -> Registry {
        try Registry(catalogs: [Self.self])
    }
}

/// A registered component: its type, kind, module and one-line summary (from registry.json).
public struct RegisteredComponent: Sendable {
    public let kind: ComponentKind
    public let module: String
    public let type: any Component.Type
    public let summary: String

    public var name: String { type.name }
}

/// The string registry: every component by kind and name, filled from registry.json's catalogues.
public struct Registry: Sendable {
    public private(set) var components: [RegisteredComponent] = []

    public init() {}

    /// Every entry of every catalogue, in order: a component name registered by two catalogues is
    /// refused, naming both modules.
    public init(catalogs: [any ComponentCatalog.Type]) throws(ZooError) {
        for catalog in catalogs {
            for entry in catalog.entries { try register(entry) }
        }
    }

    // MARK: Registration

    /// Adds one entry after checking it against its type: the type's `name` must be the entry's name,
    /// and the protocol it conforms to the entry's kind.
    public mutating func register(_ entry: CatalogEntry) throws(ZooError) {
        let type = entry.type
        let kind: ComponentKind
        switch type {
        case is any DataModel.Type: kind = .data
        case is any Estimator.Type: kind = .estimator
        case is any Attack.Type: kind = .attack
        default: throw .usage("\(type) (registry.json: '\(entry.name)') is not a data model, estimator or attack")
        }
        guard type.name == entry.name else {
            throw .usage(
                "registry.json lists '\(entry.name)' in module \(entry.module) with type \(type), whose name is '\(type.name)': make the two names agree"
            )
        }
        guard kind == entry.kind else {
            throw .usage(
                "registry.json lists '\(entry.name)' as \(entry.kind.article) \(entry.kind.rawValue), but its type \(type) is \(kind.article) \(kind.rawValue): correct its \"kind\" in registry.json"
            )
        }
        if let existing = components.first(where: { $0.name == entry.name }) {
            throw .usage(
                "component name '\(entry.name)' is registered twice (modules \(existing.module) and \(entry.module))")
        }
        components.append(RegisteredComponent(kind: kind, module: entry.module, type: type, summary: entry.summary))
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
