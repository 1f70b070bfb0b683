// MARK: - Resolved parameters

/// A component's complete, validated parameter values (defaults filled in), in declaration order.
///
/// Construct with `Parameters.resolve(_:against:component:)`; a component decodes each value once, in
/// `init(parameters:)`, with `parameters[key]` for each of its `ParameterKey`s. A key the declarations
/// lack is a programming error.
public struct Parameters: Sendable, Equatable {
    /// Name–value pairs in the order the component declares its parameters.
    public let values: [(name: String, value: ParameterValue)]

    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.values.map(\.name) == rhs.values.map(\.name) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    /// Validates the given arguments against the declarations: unknown keys (with "did you mean"),
    /// repeated keys, missing required values and out-of-range values are usage errors.
    public static func resolve(
        _ arguments: [(key: String, value: ParameterValue)], against declarations: [ParameterSpec],
        component: String
    ) throws(ZooError) -> Parameters {
        var given = [String: ParameterValue]()
        for (key, value) in arguments {
            guard declarations.contains(where: { $0.name == key }) else {
                let names = declarations.map(\.name)
                let hint = names.isEmpty ? "; it takes no parameters" : Suggestions.hint(for: key, among: names)
                throw .usage("\(component) has no parameter '\(key)'\(hint)")
            }
            guard given[key] == nil else { throw .usage("\(component): parameter '\(key)' is given twice") }
            given[key] = value
        }
        var resolved = [(name: String, value: ParameterValue)]()
        for declaration in declarations {
            guard let value = given[declaration.name] ?? declaration.defaultValue else {
                throw .usage(
                    "\(component) needs parameter '\(declaration.name)' (\(declaration.summary)), e.g. \(component)(\(declaration.name)=…)"
                )
            }
            resolved.append((declaration.name, try declaration.validate(value, component: component)))
        }
        return Parameters(values: resolved)
    }

    /// The value of `name`; components read typed values through their `ParameterKey`s instead.
    subscript(name: String) -> ParameterValue {
        guard let entry = values.first(where: { $0.name == name }) else {
            preconditionFailure("parameter '\(name)' is not declared")
        }
        return entry.value
    }

    /// The full canonical spec, `name(key=value,…)` with every parameter, or `name` if it has none.
    public func canonicalSpec(name: String) -> String {
        values.isEmpty ? name : name + "(" + values.map { "\($0.name)=\($0.value)" }.joined(separator: ",") + ")"
    }
}
