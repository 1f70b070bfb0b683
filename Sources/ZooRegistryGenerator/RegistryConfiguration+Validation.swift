// MARK: - Validation

extension RegistryConfiguration {
    /// Every problem with the decoded values, in file order (empty when the catalogue is valid).
    ///
    /// Checks: at least one module; module names are UpperCamelCase identifiers, unique, not the core
    /// module, each with at least one component; component names are kebab-case and unique across
    /// all modules; kinds are known; every summary is one non-empty line.
    func validationErrors() -> [RegistryError] {
        var errors: [RegistryError] = []
        if modules.isEmpty { errors.append(.noModules) }
        var seenModules: Set<String> = []
        var moduleOfComponent: [String: String] = [:]
        for module in modules {
            if !RegistryNames.isModuleName(module.name) {
                errors.append(.invalidModuleName(module.name))
            } else if module.name == RegistryFileNames.coreModule {
                errors.append(.coreModuleListed)
            }
            if !seenModules.insert(module.name).inserted { errors.append(.duplicateModule(module.name)) }
            if let problem = RegistryNames.summaryProblem(module.summary) {
                errors.append(.invalidSummary(owner: "module \(module.name)", problem: problem))
            }
            if module.components.isEmpty { errors.append(.emptyModule(module.name)) }
            for component in module.components {
                if !RegistryNames.isComponentName(component.name) {
                    errors.append(.invalidComponentName(module: module.name, name: component.name))
                }
                if CatalogKind(rawValue: component.kind) == nil {
                    errors.append(.unknownKind(module: module.name, component: component.name, kind: component.kind))
                }
                if let firstModule = moduleOfComponent[component.name] {
                    errors.append(
                        .duplicateComponent(name: component.name, firstModule: firstModule, secondModule: module.name))
                } else {
                    moduleOfComponent[component.name] = module.name
                }
                if let problem = RegistryNames.summaryProblem(component.summary) {
                    errors.append(
                        .invalidSummary(
                            owner: "component '\(component.name)' in module \(module.name)", problem: problem))
                }
            }
        }
        return errors
    }
}

// MARK: - Name rules

/// The spelling rules for names and summaries, as predicates on Unicode scalars (no regular
/// expressions, so the rules read as written).
enum RegistryNames {
    /// UpperCamelCase Swift identifier: an ASCII capital letter, then ASCII letters, digits or `_`.
    static func isModuleName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isUppercase(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLowercase($0) || isUppercase($0) || isDigit($0) || $0 == "_" }
    }

    /// kebab-case: words of lowercase ASCII letters and digits joined by single hyphens, starting with
    /// a letter (`min-norm`, `exact-l2`, `power-law`).
    static func isComponentName(_ name: String) -> Bool {
        let words = name.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = name.unicodeScalars.first, isLowercase(first) else { return false }
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { isLowercase($0) || isDigit($0) }
        }
    }

    /// Why `summary` is not one line of plain text, or nil if it is.
    static func summaryProblem(_ summary: String) -> String? {
        if summary.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return "is empty" }
        if summary.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}"
        }) {
            return "contains a line break or control character"
        }
        if summary != summary.trimmingSurroundingWhitespace { return "has leading or trailing spaces" }
        return nil
    }

    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
    private static func isLowercase(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}

extension String {
    /// The string without leading and trailing white space.
    fileprivate var trimmingSurroundingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[start...end])
    }
}
