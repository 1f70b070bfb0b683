import Foundation

// MARK: - registry.json

/// The contents of registry.json: every component module and the components it registers.
///
/// ```json
/// { "modules": [ { "name": "ZooLinear", "summary": "…",
///                  "components": [ { "kind": "estimator", "name": "ridge", "type": "RidgeRegression",
///                                    "summary": "…" } ] } ] }
/// ```
/// Order matters: components register, and `zoo list` shows them, in file order. A module `name` is its
/// target in Package.swift; a component's `kind` is `data`, `estimator` or `attack`, its `name` the registry
/// name (the type's `static let name`), its `type` the struct that implements it, its `summary` the line
/// `zoo list` prints. Loading checks the shape (every field, of its JSON type, no other); `problems()` the values.
struct RegistryFile: Equatable {
    struct Module: Equatable { var name, summary: String, components: [Component] }
    struct Component: Equatable { var kind, name, type, summary: String }
    var modules: [Module]
}

// MARK: - Loading

extension RegistryFile {
    /// Reads registry.json at `path`; the message says what is wrong and where.
    static func load(from path: String) throws(RegistryError) -> RegistryFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RegistryError(
                "not found at \(path): create it at the package root (see the \"modules\" format in docs/adding-components.md)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw RegistryError("cannot read \(path)") }
        return try decode(data)
    }

    /// Decodes registry.json's bytes: syntax errors with line and column, shape errors with the JSON path.
    static func decode(_ data: Data) throws(RegistryError) -> RegistryFile {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            throw RegistryError("not valid JSON: \(syntaxError(error, in: data))")
        }
        let top = try object(json, at: "the top level", fields: ["modules"])
        let modules: [Any] = try field(top, "modules", at: "", "an array")
        return RegistryFile(
            modules: try modules.enumerated().map { (index, value) throws(RegistryError) in
                let path = "modules[\(index)]"
                let module = try object(value, at: path, fields: ["name", "summary", "components"])
                let components: [Any] = try field(module, "components", at: path, "an array")
                return Module(
                    name: try field(module, "name", at: path), summary: try field(module, "summary", at: path),
                    components: try components.enumerated().map { (index, value) throws(RegistryError) in
                        let path = "\(path).components[\(index)]"
                        let component = try object(value, at: path, fields: ["kind", "name", "type", "summary"])
                        return Component(
                            kind: try field(component, "kind", at: path), name: try field(component, "name", at: path),
                            type: try field(component, "type", at: path),
                            summary: try field(component, "summary", at: path))
                    })
            })
    }

    // MARK: Shape

    /// `value` as an object with exactly `fields` (an unknown field is reported before a missing one).
    private static func object(_ value: Any, at path: String, fields: [String]) throws(RegistryError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw RegistryError("\(path) must be an object") }
        let list = fields.map { "\"\($0)\"" }.joined(separator: ", ")
        if let unknown = object.keys.filter({ !fields.contains($0) }).sorted().first {
            throw RegistryError(
                "\(path) has unknown field \"\(unknown)\": remove it or correct the spelling (fields: \(list))")
        }
        if let missing = fields.first(where: { object[$0] == nil }) {
            throw RegistryError("\(path) has no field \"\(missing)\": add it (required fields: \(list))")
        }
        return object
    }

    /// The field `key` of an object at `path`, which must be `expected` (a string unless said otherwise).
    private static func field<T>(
        _ object: [String: Any], _ key: String, at path: String, _ expected: String = "a string"
    )
        throws(RegistryError) -> T
    {
        guard let value = object[key] as? T else {
            throw RegistryError("\(path.isEmpty ? key : path + "." + key) must be \(expected)")
        }
        return value
    }

    /// The parser's message with its byte offset ("around character 41") turned into a line and column.
    private static func syntaxError(_ error: any Error, in data: Data) -> String {
        let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        let lastWord = message.split(separator: " ").last.map { $0.filter(\.isNumber) } ?? ""
        guard let offset = Int(lastWord), offset <= data.count else { return message }
        let before = data.prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "\(message.trimmingCharacters(in: CharacterSet(charactersIn: "."))) (line \(line), column \(column))"
    }
}

// MARK: - Errors

/// One problem with registry.json (or its agreement with Package.swift): the message says what to change.
/// The generator prints each as `error: <description>`.
struct RegistryError: Error, Equatable, CustomStringConvertible {
    let description: String
    /// `registry.json: <message>`.
    init(_ message: String) { description = "registry.json: " + message }
    /// A message that names registry.json itself (`registry.json names module …`).
    init(sentence: String) { description = sentence }
}
