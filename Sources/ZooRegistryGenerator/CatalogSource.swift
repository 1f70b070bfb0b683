// MARK: - The generated Swift

/// The Swift source of `enum Catalog` for a valid registry.json: a pure function of the file (modules
/// and components in file order, nothing from dates, paths or dictionary order), checked byte for byte
/// by the golden-file test.
func catalogSource(_ file: RegistryFile) -> String {
    var lines = ["// Generated from registry.json by ZooRegistryGenerator. Do not edit: change registry.json."]
    lines += ["import ZooCore"] + file.modules.map { "import \($0.name)" }
    lines += [
        "",
        "/// The component catalogue, generated from registry.json: every component, registered in file order.",
        "public enum Catalog: ComponentCatalog {",
        "    public static let entries: [CatalogEntry] = [",
    ]
    for module in file.modules {
        lines.append("        // \(module.name): \(module.summary)")
        for component in module.components {
            lines.append(
                "        CatalogEntry(module: \(literal(module.name)), kind: .\(component.kind), "
                    + "name: \(literal(component.name)), type: \(module.name).\(component.type).self, "
                    + "summary: \(literal(component.summary))),")
        }
    }
    lines += ["    ]", "}"]
    return lines.joined(separator: "\n") + "\n"
}

/// `text` as a Swift string literal: quotes and backslashes escaped, control characters as `\u{…}`,
/// other Unicode (θ, ‖, ∈) kept as written.
func literal(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"", "\\": literal += "\\\(scalar)"
        case _ where scalar.properties.generalCategory == .control:
            literal += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default: literal.unicodeScalars.append(scalar)
        }
    }
    return literal + "\""
}
