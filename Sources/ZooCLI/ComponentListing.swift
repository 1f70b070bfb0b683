import Foundation
import ZooCore
import ZooReport

// MARK: - zoo list / zoo describe text

/// Renders registry entries for `zoo list`, `zoo list --json` and `zoo describe`.
enum ComponentListing {
    /// "d=1000, signal=1, noise=0.5" (required parameters show as `path=<text>`).
    /// `name=default, …`; a default longer than `longestValue` characters (a file path) is shortened to its
    /// last path component after `…/`, so every item fits a line (`zoo describe` shows it in full).
    static func parameterSummary(_ type: any Component.Type, longestValue: Int = .max) -> String {
        type.parameters.map { parameter in
            var value = parameter.defaultValue?.description ?? "<\(parameter.kind.summary)>"
            if value.count > longestValue, let slash = value.lastIndex(of: "/") {
                value = "…" + value[slash...]
            }
            return "\(parameter.name)=\(value)"
        }.joined(separator: ", ")
    }

    /// Capabilities an estimator's models provide or an attack requires, as text.
    static func capabilityText(_ type: any Component.Type) -> String? {
        if let estimator = type as? any Estimator.Type {
            let provided = estimator.capabilities.sorted().map(\.rawValue)
            return "provides: " + (provided.isEmpty ? "predictions only" : provided.joined(separator: ", "))
        }
        if let attack = type as? any Attack.Type {
            let required = attack.requirements.sorted().map(\.rawValue)
            return "requires: " + (required.isEmpty ? "predictions only" : required.joined(separator: ", "))
        }
        return nil
    }

    /// The terminal listing, grouped by kind, every line at most `width` characters (a long summary,
    /// parameter list or capability list continues on indented lines; parameters break after commas).
    static func text(_ components: [RegisteredComponent], width: Int = TableFormatter.defaultWidth) -> String {
        var lines = [String]()
        let nameWidth = max(12, (components.map(\.name.count).max() ?? 0) + 2)
        for kind in ComponentKind.allCases {
            let group = components.filter { $0.kind == kind }
            guard !group.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(kind.plural.uppercased())
            for component in group {
                let indent = String(repeating: " ", count: nameWidth + 2)
                let lineWidth = max(width, nameWidth + 30)
                // The summary wraps in its own column, so the padding after the name stays.
                let summary = TextWrap.lines(
                    component.summary + " [\(component.module)]", width: lineWidth - indent.count, indent: "")
                for (index, line) in summary.enumerated() {
                    lines.append(
                        (index == 0
                            ? "  " + component.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) : indent)
                            + line)
                }
                let parameters = parameterSummary(component.type, longestValue: max(20, lineWidth - indent.count - 24))
                if !parameters.isEmpty {
                    lines += TextWrap.lines(
                        indent + "parameters: " + parameters, width: lineWidth, indent: indent + "  ",
                        breakingAfterCommas: true)
                }
                if let capabilities = capabilityText(component.type) {
                    lines += TextWrap.lines(
                        indent + capabilities, width: lineWidth, indent: indent + "  ", breakingAfterCommas: true)
                }
            }
        }
        lines.append("")
        lines.append("`zoo describe NAME` shows a component in full.")
        return lines.joined(separator: "\n")
    }

    /// One JSON object per component, in an array (keys sorted for stable output).
    static func json(_ components: [RegisteredComponent]) throws(ZooError) -> String {
        let objects: [[String: Any]] = components.map { component in
            var object: [String: Any] = [
                "kind": component.kind.rawValue, "name": component.name, "module": component.module,
                "summary": component.summary,
                "parameters": component.type.parameters.map { parameter -> [String: Any] in
                    var entry: [String: Any] = [
                        "name": parameter.name, "type": parameter.kind.summary, "doc": parameter.summary,
                    ]
                    entry["default"] = parameter.defaultValue.map(jsonValue) ?? NSNull()
                    return entry
                },
            ]
            if let estimator = component.type as? any Estimator.Type {
                object["capabilities"] = estimator.capabilities.sorted().map(\.rawValue)
                object["interpolates"] = estimator.interpolates.rawValue
            }
            if let attack = component.type as? any Attack.Type {
                object["requires"] = attack.requirements.sorted().map(\.rawValue)
            }
            return object
        }
        do {
            let data = try JSONSerialization.data(
                withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            // Only a non-finite parameter bound or default could make the listing unencodable.
            throw .numerical("cannot encode the component listing as JSON: \(error.localizedDescription)")
        }
    }

    private static func jsonValue(_ value: ParameterValue) -> Any {
        switch value {
        case .number(let number): return number.isFinite ? number as Any : "\(number)" as Any
        case .boolean(let flag): return flag
        case .word(let text): return text
        }
    }

    /// `zoo describe`: everything about one component.
    static func describe(_ component: RegisteredComponent) -> String {
        let type = component.type
        let documentation = type.documentation
        var lines = [
            "\(component.name) — \(component.summary)", "",
            "kind:       \(component.kind.rawValue)", "module:     \(component.module)",
        ]
        if let estimator = type as? any Estimator.Type {
            lines.append("fits:       \(estimator.interpolates.rawValue)")
        }
        if let capabilities = capabilityText(type) {
            lines.append(
                capabilities.hasPrefix("provides")
                    ? "provides:   " + capabilities.dropFirst(10) : "requires:   " + capabilities.dropFirst(10))
        }
        lines += ["", "DEFINITION", wrap(documentation.definition, indent: "  ")]
        if !type.parameters.isEmpty {
            lines += ["", "PARAMETERS"]
            let width = (type.parameters.map(\.name.count).max() ?? 0) + 2
            for parameter in type.parameters {
                let defaultText = parameter.defaultValue.map { "default \($0)" } ?? "required"
                lines.append(
                    "  " + parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
                        + "\(parameter.summary) (\(parameter.kind.summary); \(defaultText))")
            }
        }
        if !documentation.notes.isEmpty { lines += ["", "NOTES", wrap(documentation.notes, indent: "  ")] }
        lines += [
            "", "REFERENCE", wrap(documentation.reference, indent: "  "), "", "EXAMPLE", "  " + exampleSpec(type),
        ]
        return lines.joined(separator: "\n")
    }

    /// The full spec with defaults, or with a placeholder for required parameters.
    static func exampleSpec(_ type: any Component.Type) -> String {
        guard !type.parameters.isEmpty else { return type.name }
        return type.name + "("
            + type.parameters.map { "\($0.name)=\($0.defaultValue?.description ?? "…")" }.joined(separator: ",") + ")"
    }

    /// `TextWrap.lines` at 96 columns, every line indented.
    static func wrap(_ text: String, indent: String, width: Int = 96) -> String {
        TextWrap.lines(indent + text, width: width, indent: indent).joined(separator: "\n")
    }
}
