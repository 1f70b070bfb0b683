import ZooCore
import ZooHarness

// MARK: - Component parameters as columns

/// Every parameter of a row's data model, estimator and attack as a column of its own, so that a
/// result file loads into a data frame with the parameters as data (docs/reading-results.md):
///
///     data.name  data.d  data.k  …  estimator.name  estimator.lambda  attack.name  attack.radius
///     spiked     2000    10         ridge           0.01              exact-l2     0.1
///
/// - Names are `ROLE.PARAMETER` for ROLE `data`, `estimator`, `attack`, plus `ROLE.name` for the
///   component's registered name. The values come from the row's canonical spec (which lists every
///   parameter), so they are the values that ran.
/// - Numbers are written as numbers (JSON numbers, CSV numbers in full precision), booleans as
///   `true` / `false`, words as text; a parameter the row's component does not have is absent in JSON
///   Lines and an empty field in CSV.
/// - They follow the contract's columns (`ResultRow.columns(for:)`), so readers that rely on the
///   contract's positions keep them. Readers of rows (`zoo report`, `merge`, `--resume`) ignore them:
///   the specs remain the source of truth.
public struct ParameterColumns: Sendable, Equatable {
    /// The column names, by role (data, estimator, attack), each role's `name` first, then the
    /// parameters in order of first appearance.
    public var names: [String]

    public init(names: [String]) { self.names = names }

    /// The roles, in column order.
    static let roles = ["data", "estimator", "attack"]

    /// The columns of a set of specs (all the experiment will write, so a CSV header is known up front).
    public init(data: [String], estimators: [String], attacks: [String]) {
        var names: [String] = []
        for (role, specs) in zip(Self.roles, [data, estimators, attacks]) {
            names.append(role + ".name")
            for spec in specs {
                guard let parsed = try? ComponentSpec(parsing: spec) else { continue }
                for argument in parsed.arguments where !names.contains(role + "." + argument.key) {
                    names.append(role + "." + argument.key)
                }
            }
        }
        self.names = names
    }

    /// The columns of the rows' specs.
    public init(rows: [ResultRow]) {
        func distinct(_ values: [String]) -> [String] {
            var seen = Set<String>()
            return values.filter { seen.insert($0).inserted }
        }
        self.init(
            data: distinct(rows.map(\.data)), estimators: distinct(rows.map(\.estimator)),
            attacks: distinct(rows.map(\.attack)))
    }

    /// The parameter values of one row, in column order; parameters its components do not have are left out.
    public static func fields(of row: ResultRow) -> [(name: String, value: ParameterField)] {
        var fields: [(String, ParameterField)] = []
        for (role, spec) in zip(roles, [row.dataSpec, row.estimatorSpec, row.attackSpec]) {
            guard let parsed = spec else { continue }
            fields.append((role + ".name", .text(parsed.name)))
            for argument in parsed.arguments {
                let value: ParameterField
                switch argument.value {
                case .number(let number): value = .number(number)
                case .boolean(let flag): value = .boolean(flag)
                case .word(let word): value = .text(word)
                }
                fields.append((role + "." + argument.key, value))
            }
        }
        return fields
    }

    /// One row's values for `names` (nil where the row's component lacks the parameter).
    public func values(of row: ResultRow) -> [ParameterField?] {
        let fields = Self.fields(of: row)
        var byName: [String: ParameterField] = [:]
        for field in fields { byName[field.name] = field.value }
        return names.map { byName[$0] }
    }
}

/// One parameter value in a result row.
public enum ParameterField: Sendable, Equatable {
    case number(Double)
    case boolean(Bool)
    case text(String)
}
