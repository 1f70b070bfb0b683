// MARK: - Values

/// The component kinds registry.json may name: the raw values of ZooCore's `ComponentKind`.
let componentKinds = ["data", "estimator", "attack"]

extension RegistryFile {
    /// Every problem with the values, in file order (empty when the file is valid): at least one module;
    /// module and type names are UpperCamelCase identifiers; module names unique, not ZooCore, each with
    /// a component; component names kebab-case and unique across modules; kinds known; summaries one line.
    func problems() -> [RegistryError] {
        var errors: [RegistryError] = []
        func fail(_ message: String) { errors.append(RegistryError(message)) }
        if modules.isEmpty { fail("\"modules\" is empty: list at least one component module") }
        var seenModules: Set<String> = []
        var moduleOfComponent: [String: String] = [:]
        for module in modules {
            let name = module.name
            if !isTypeName(name) {
                fail(
                    "module name '\(name)' is not a target name: use an UpperCamelCase Swift identifier such as ZooLinear"
                )
            } else if name == "ZooCore" {
                fail(
                    "module 'ZooCore' is the core module, not a component module: remove it from \"modules\" (the generated code always imports it)"
                )
            }
            if !seenModules.insert(name).inserted {
                fail("module '\(name)' is listed twice: merge the two entries into one")
            }
            errors += summaryProblem(module.summary, of: "module \(name)")
            if module.components.isEmpty {
                fail("module '\(name)' lists no components: add its components or remove the module")
            }
            for component in module.components {
                let what = "component '\(component.name)' in module \(name)"
                if !isComponentName(component.name) {
                    fail(
                        "component name '\(component.name)' in module \(name) is not kebab-case: use lowercase letters and digits in words joined by single hyphens, starting with a letter (e.g. 'exact-l2')"
                    )
                }
                if !componentKinds.contains(component.kind) {
                    fail(
                        "\(what) has unknown kind '\(component.kind)': use one of \(componentKinds.joined(separator: ", "))"
                    )
                }
                if !isTypeName(component.type) {
                    fail(
                        "\(what) has type '\(component.type)', not a Swift type name: give the name of the struct that implements it, such as RidgeRegression"
                    )
                }
                if let first = moduleOfComponent.updateValue(name, forKey: component.name) {
                    let place = first == name ? "twice in module \(first)" : "in modules \(first) and \(name)"
                    fail(
                        "component name '\(component.name)' appears \(place): component names must be unique across all modules; rename or remove one"
                    )
                }
                errors += summaryProblem(component.summary, of: what)
            }
        }
        return errors
    }
}

// MARK: - Agreement with Package.swift

/// Every disagreement between registry.json and the package (as the build-tool plugin reports it): the
/// catalogue target must depend on ZooCore and on every listed module, and on nothing else.
func packageProblems(
    _ file: RegistryFile, catalogTarget target: String, targets: Set<String>, dependencies: Set<String>
) -> [RegistryError] {
    var errors: [RegistryError] = []
    func fail(_ sentence: String) { errors.append(RegistryError(sentence: sentence)) }
    if !dependencies.contains("ZooCore") {
        fail(
            "registry.json: the generated catalogue imports ZooCore, but \(target) does not depend on it: add \"ZooCore\" to \(target)'s dependencies in Package.swift"
        )
    }
    for module in file.modules.map(\.name) where module != "ZooCore" {
        if !targets.contains(module) {
            fail(
                "registry.json names module '\(module)', but Package.swift has no target '\(module)': add .target(name: \"\(module)\", …) and list it in \(target)'s dependencies"
            )
        } else if !dependencies.contains(module) {
            fail(
                "registry.json names module '\(module)', but \(target) does not depend on it: add \"\(module)\" to \(target)'s dependencies in Package.swift"
            )
        }
    }
    let listed = Set(file.modules.map(\.name))
    for module in dependencies.sorted() where module != "ZooCore" && !listed.contains(module) {
        fail(
            "registry.json does not list module '\(module)', but \(target) depends on it: add {\"name\": \"\(module)\", \"summary\": …, \"components\": […]} to registry.json's modules, or remove \"\(module)\" from \(target)'s dependencies in Package.swift (\(target) depends only on ZooCore and the component modules)"
        )
    }
    return errors
}

// MARK: - Spelling rules

/// UpperCamelCase Swift identifier: an ASCII capital letter, then ASCII letters, digits or `_`.
func isTypeName(_ name: String) -> Bool { name.wholeMatch(of: /[A-Z][A-Za-z0-9_]*/) != nil }

/// kebab-case: words of lowercase ASCII letters and digits joined by single hyphens, starting with a letter.
func isComponentName(_ name: String) -> Bool { name.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil }

/// Why `summary` is not one line of plain text (none if it is).
func summaryProblem(_ summary: String, of owner: String) -> [RegistryError] {
    let scalars = summary.unicodeScalars
    let problem: String
    if scalars.allSatisfy(\.properties.isWhitespace) {
        problem = "is empty"
    } else if scalars.contains(where: {
        $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}"
    }) {
        problem = "contains a line break or control character"
    } else if scalars.first!.properties.isWhitespace || scalars.last!.properties.isWhitespace {
        problem = "has leading or trailing spaces"
    } else {
        return []
    }
    return [RegistryError("the summary of \(owner) \(problem): write one line of plain text")]
}
