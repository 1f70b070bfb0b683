// MARK: - Errors

/// Everything the generator can reject, each with a description that says what to change.
///
/// The generator prints every error as one line `error: <description>` on stderr and exits with status 1,
/// so the build stops with the message. Descriptions start with `registry.json` because that (or the
/// Package.swift it must agree with) is what the user edits.
enum RegistryError: Error, Equatable, CustomStringConvertible {
    // MARK: Reading and decoding
    /// registry.json does not exist at the package root.
    case fileNotFound(path: String)
    /// registry.json exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON.
    case malformedJSON(reason: String)
    /// An object lacks a required field.
    case missingField(path: String, field: String, required: [String])
    /// A value has the wrong JSON type.
    case wrongType(path: String, expected: String)
    /// An object has a field the format does not define (usually a typo).
    case unknownField(path: String, field: String, allowed: [String])

    // MARK: Values
    /// `modules` is empty.
    case noModules
    /// A module name is not an UpperCamelCase Swift identifier.
    case invalidModuleName(String)
    /// The core module is listed as a component module.
    case coreModuleListed
    /// Two modules share a name.
    case duplicateModule(String)
    /// A module lists no components.
    case emptyModule(String)
    /// A component name is not kebab-case.
    case invalidComponentName(module: String, name: String)
    /// A component's kind is not one of `CatalogKind`.
    case unknownKind(module: String, component: String, kind: String)
    /// Two components share a name (names are global across modules and kinds).
    case duplicateComponent(name: String, firstModule: String, secondModule: String)
    /// A summary is empty or not a single line of text; `owner` names whose summary it is.
    case invalidSummary(owner: String, problem: String)

    // MARK: Agreement with Package.swift
    /// A listed module is not a target of the package.
    case moduleNotATarget(module: String, catalogTarget: String)
    /// A listed module is a target, but the catalogue target does not depend on it.
    case moduleNotADependency(module: String, catalogTarget: String)
    /// The catalogue target depends on a module that registry.json does not list.
    case unlistedDependency(module: String, catalogTarget: String)
    /// The catalogue target does not depend on the core module the generated code imports.
    case missingCoreDependency(catalogTarget: String)

    // MARK: Invocation
    /// The generator was called with bad arguments (only the plugin calls it).
    case usage(String)
    /// Writing the generated file failed.
    case writeFailed(path: String, reason: String)

    var description: String {
        switch self {
        case .fileNotFound(let path):
            return
                "registry.json: not found at \(path): create it at the package root (see the \"modules\" format in Sources/ZooRegistryGenerator/RegistryConfiguration.swift)"
        case .unreadable(let path, let reason):
            return "registry.json: cannot read \(path): \(reason)"
        case .malformedJSON(let reason):
            return "registry.json: not valid JSON: \(reason)"
        case .missingField(let path, let field, let required):
            return
                "registry.json: \(path) has no field \"\(field)\": add it (required fields: \(Self.quotedList(required)))"
        case .wrongType(let path, let expected):
            return "registry.json: \(path) must be \(expected)"
        case .unknownField(let path, let field, let allowed):
            return
                "registry.json: \(path) has unknown field \"\(field)\": remove it or correct the spelling (fields: \(Self.quotedList(allowed)))"
        case .noModules:
            return "registry.json: \"modules\" is empty: list at least one component module"
        case .invalidModuleName(let name):
            return
                "registry.json: module name '\(name)' is not a target name: use an UpperCamelCase Swift identifier such as ZooRidge"
        case .coreModuleListed:
            return
                "registry.json: module '\(RegistryFileNames.coreModule)' is the core module, not a component module: remove it from \"modules\" (the generated code always imports it)"
        case .duplicateModule(let name):
            return "registry.json: module '\(name)' is listed twice: merge the two entries into one"
        case .emptyModule(let name):
            return "registry.json: module '\(name)' lists no components: add its components or remove the module"
        case .invalidComponentName(let module, let name):
            return
                "registry.json: component name '\(name)' in module \(module) is not kebab-case: use lowercase letters and digits in words joined by single hyphens, starting with a letter (e.g. 'exact-l2')"
        case .unknownKind(let module, let component, let kind):
            return
                "registry.json: component '\(component)' in module \(module) has unknown kind '\(kind)': use one of \(CatalogKind.allNames)"
        case .duplicateComponent(let name, let firstModule, let secondModule):
            let modules =
                firstModule == secondModule
                ? "twice in module \(firstModule)" : "in modules \(firstModule) and \(secondModule)"
            return
                "registry.json: component name '\(name)' appears \(modules): component names must be unique across all modules; rename or remove one"
        case .invalidSummary(let owner, let problem):
            return "registry.json: the summary of \(owner) \(problem): write one line of plain text"
        case .moduleNotATarget(let module, let catalogTarget):
            return
                "registry.json names module '\(module)', but Package.swift has no target '\(module)': add .target(name: \"\(module)\", …) and list it in \(catalogTarget)'s dependencies"
        case .moduleNotADependency(let module, let catalogTarget):
            return
                "registry.json names module '\(module)', but \(catalogTarget) does not depend on it: add \"\(module)\" to \(catalogTarget)'s dependencies in Package.swift"
        case .unlistedDependency(let module, let catalogTarget):
            return
                "registry.json does not list module '\(module)', but \(catalogTarget) depends on it: add {\"name\": \"\(module)\", \"summary\": …, \"components\": […]} to registry.json's modules, or remove \"\(module)\" from \(catalogTarget)'s dependencies in Package.swift (\(catalogTarget) depends only on \(RegistryFileNames.coreModule) and the component modules)"
        case .missingCoreDependency(let catalogTarget):
            return
                "registry.json: the generated catalogue imports \(RegistryFileNames.coreModule), but \(catalogTarget) does not depend on it: add \"\(RegistryFileNames.coreModule)\" to \(catalogTarget)'s dependencies in Package.swift"
        case .usage(let text):
            return "\(RegistryFileNames.generator): \(text)"
        case .writeFailed(let path, let reason):
            return "\(RegistryFileNames.generator): cannot write \(path): \(reason)"
        }
    }

    /// `"a", "b", "c"`.
    private static func quotedList(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
