// MARK: - Rendering

/// Writes the Swift source of `enum Catalog` from a validated registry.json.
///
/// The output is a pure function of the configuration: modules and components appear in file order,
/// nothing depends on dates, paths or dictionary order, so the same registry.json always gives the
/// same bytes (which the golden-file tests check).
enum CatalogRenderer {
    /// The whole generated file, ending in a newline. `configuration` must already be valid
    /// (`validationErrors()` empty): names are emitted as identifiers and string literals unchecked.
    static func render(_ configuration: RegistryConfiguration) -> String {
        var lines: [String] = []
        lines.append(
            "// Generated from \(RegistryFileNames.configuration) by \(RegistryFileNames.generator). Do not edit: change \(RegistryFileNames.configuration)."
        )
        lines.append("import \(RegistryFileNames.coreModule)")
        lines += configuration.modules.map { "import \($0.name)" }
        lines.append("")
        lines.append("/// The component catalogue, generated from \(RegistryFileNames.configuration).")
        lines.append("public enum Catalog: ComponentCatalog {")

        lines.append("    /// \(RegistryFileNames.configuration)'s modules, in file order.")
        lines.append("    public static let modules: [String] = [")
        lines += configuration.modules.map { "        \(swiftStringLiteral($0.name))," }
        lines.append("    ]")
        lines.append("")

        lines.append("    /// \(RegistryFileNames.configuration)'s components, in file order.")
        lines.append("    public static let entries: [CatalogEntry] = [")
        for module in configuration.modules {
            for component in module.components {
                lines.append(
                    "        CatalogEntry(module: \(swiftStringLiteral(module.name)), kind: .\(component.kind), "
                        + "name: \(swiftStringLiteral(component.name)), summary: \(swiftStringLiteral(component.summary))),"
                )
            }
        }
        lines.append("    ]")
        lines.append("")

        lines.append(
            "    /// Registers every module's components (`makeRegistry()` also checks them against `entries`).")
        lines.append("    public static func registerModules(into registry: inout Registry) throws(ZooError) {")
        for module in configuration.modules {
            lines.append("        // \(module.name): \(module.summary)")
            lines.append(
                "        try registry.registerModule(named: \(swiftStringLiteral(module.name)), using: \(module.name).Registration.self)"
            )
        }
        lines.append("    }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a Swift string literal: quotes and backslashes escaped, control characters as
    /// `\u{…}`; other Unicode (θ, ‖, ∈) is kept as written.
    static func swiftStringLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case _ where scalar.properties.generalCategory == .control:
                literal += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}
