import Foundation

// MARK: - Loading

extension RegistryConfiguration {
    /// Reads and decodes registry.json at `path`; the error says what is wrong and where.
    static func load(from path: String) throws(RegistryError) -> RegistryConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    /// Decodes registry.json's bytes, turning `DecodingError`s into messages a user can act on.
    static func decode(_ data: Data) throws(RegistryError) -> RegistryConfiguration {
        do {
            return try JSONDecoder().decode(RegistryConfiguration.self, from: data)
        } catch let error as RegistryError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw .malformedJSON(reason: syntaxErrorDescription(data))
        } catch let error as DecodingError {
            throw RegistryError(error)
        } catch {
            throw .malformedJSON(reason: "\(error)")
        }
    }
}

// MARK: - Syntax errors

extension RegistryConfiguration {
    /// Where `data` stops being JSON, as "<parser message> (line L, column C)".
    ///
    /// `JSONDecoder` only says "not valid JSON"; `JSONSerialization` names a byte offset ("around
    /// character 41"), which is turned into a line and column here.
    static func syntaxErrorDescription(_ data: Data) -> String {
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return "the file could not be parsed"
        } catch {
            message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        let lastWord = message.split(separator: " ").last.map { $0.filter(\.isNumber) } ?? ""
        guard let offset = Int(lastWord), offset <= data.count else { return message }
        let before = Array(data.prefix(offset))
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "\(message.trimmingCharacters(in: CharacterSet(charactersIn: "."))) (line \(line), column \(column))"
    }
}

// MARK: - Strict decoding
// Synthesised decoding ignores unknown fields, so a misspelt optional field would vanish silently.
// Each type lists its fields in a `CaseIterable` `CodingKeys` and rejects any other.

extension RegistryConfiguration {
    enum CodingKeys: String, CodingKey, CaseIterable { case modules }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        modules = try container.decode([ModuleEntry].self, forKey: .modules)
    }
}

extension ModuleEntry {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, summary, components }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        summary = try container.decode(String.self, forKey: .summary)
        components = try container.decode([ComponentEntry].self, forKey: .components)
    }
}

extension ComponentEntry {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, name, summary }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        name = try container.decode(String.self, forKey: .name)
        summary = try container.decode(String.self, forKey: .summary)
    }
}

/// Any JSON object key, for listing the keys an object actually has.
private struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }
    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws `RegistryError.unknownField` if the current object has a key outside `Keys`.
    fileprivate func rejectUnknownFields<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let allowed = Keys.allCases.map(\.stringValue)
        let container = try container(keyedBy: AnyCodingKey.self)
        // Sorted, so the first unknown field reported does not depend on dictionary order.
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if let field = unknown.first {
            throw RegistryError.unknownField(path: codingPath.registryPath, field: field, allowed: allowed)
        }
    }
}

// MARK: - Decoding errors as messages

extension RegistryError {
    /// The message for a `DecodingError`: where in the file, and what was expected.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .missingField(
                path: context.codingPath.registryPath, field: key.stringValue,
                required: Self.requiredFields(at: context.codingPath))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            self = .wrongType(path: context.codingPath.registryPath, expected: Self.jsonDescription(of: type))
        case .dataCorrupted(let context):
            self = .wrongType(path: context.codingPath.registryPath, expected: "valid: \(context.debugDescription)")
        @unknown default:
            self = .malformedJSON(reason: "\(error)")
        }
    }

    /// The fields of the object at `path`: the top level, a module, or a component.
    private static func requiredFields(at path: [any CodingKey]) -> [String] {
        switch path.filter({ $0.intValue == nil }).count {
        case 0: return RegistryConfiguration.CodingKeys.allCases.map(\.rawValue)
        case 1: return ModuleEntry.CodingKeys.allCases.map(\.rawValue)
        default: return ComponentEntry.CodingKeys.allCases.map(\.rawValue)
        }
    }

    /// "a string", "an array", "an object" for the Swift types registry.json decodes.
    private static func jsonDescription(of type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type is [Any].Type { return "an array" }
        return "an object"
    }
}

extension Array where Element == any CodingKey {
    /// `modules[1].components[0].kind`; the top level is `the top level`.
    var registryPath: String {
        guard !isEmpty else { return "the top level" }
        var text = ""
        for key in self {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}
