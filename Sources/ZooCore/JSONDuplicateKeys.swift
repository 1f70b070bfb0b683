import Foundation

// MARK: - Keys given twice in a JSON document

/// Finds a key given twice in one JSON object. Foundation's parsers silently keep one of the two values,
/// so every reader of a JSON file the user writes (experiment files) runs this first and refuses a
/// duplicate, naming its JSON path and line (docs/reliability.md).
public enum JSONDuplicateKeys {
    /// The first duplicated key: its JSON path (`grid.n`, `$.data`) and 1-based line; nil when none.
    /// Malformed JSON returns nil (the JSON parser reports it).
    public static func first(in data: Data) -> (path: String, line: Int)? {
        let bytes = [UInt8](data)
        enum Container {
            case object(keys: Set<String>, path: String, pendingKey: String?)
            case array(path: String, index: Int)
        }
        var stack = [Container]()
        var line = 1
        var i = 0
        func currentPath() -> String {
            guard let top = stack.last else { return "$" }
            switch top {
            case .object(_, let path, let key): return path.isEmpty ? (key ?? "") : path + "." + (key ?? "")
            case .array(let path, let index): return path + "[\(index)]"
            }
        }
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: "{"):
                let path = stack.isEmpty ? "" : currentPath()
                stack.append(.object(keys: [], path: path, pendingKey: nil))
            case UInt8(ascii: "["):
                let path = stack.isEmpty ? "$" : currentPath()
                stack.append(.array(path: path, index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                if case .array(let path, let index)? = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: index + 1)
                }
                if case .object(let keys, let path, _)? = stack.last {
                    stack[stack.count - 1] = .object(keys: keys, path: path, pendingKey: nil)
                }
            case UInt8(ascii: "\""):
                var j = i + 1
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\") { j += 1 }
                    j += 1
                }
                guard j < bytes.count else { return nil }
                let raw = Data(bytes[(i + 1)..<j])
                var k = j + 1
                while k < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[k]) {
                    if bytes[k] == UInt8(ascii: "\n") { line += 1 }
                    k += 1
                }
                if k < bytes.count, bytes[k] == UInt8(ascii: ":"), case .object(var keys, let path, _)? = stack.last {
                    // Decode escapes so "a" and "\u0061" are the same key.
                    let quoted = Data([UInt8(ascii: "\"")]) + raw + Data([UInt8(ascii: "\"")])
                    let key =
                        (try? JSONSerialization.jsonObject(with: quoted, options: [.fragmentsAllowed]) as? String)
                        ?? String(decoding: raw, as: UTF8.self)
                    if keys.contains(key) { return (path.isEmpty ? key : path + "." + key, line) }
                    keys.insert(key)
                    stack[stack.count - 1] = .object(keys: keys, path: path, pendingKey: key)
                    i = k
                } else {
                    i = j
                }
            default: break
            }
            i += 1
        }
        return nil
    }
}
