import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness

/// docs/conventions.md is the mathematical contract; these checks keep it from drifting away from the
/// code: every registered component has a row in its kind's table and every row a registered component,
/// and every result column a row in §7.1.
@Suite struct DocumentationDriftTests {
    static let conventions: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/conventions.md"), encoding: .utf8)) ?? ""
    }()

    /// The text of the section whose heading starts with `heading`, up to the next heading of its level.
    static func section(_ heading: String) -> String {
        let parts = conventions.components(separatedBy: "\n## ")
        return parts.first { $0.hasPrefix(heading) } ?? ""
    }

    @Test func everyRegisteredComponentHasARowInItsTable() throws {
        #expect(!Self.conventions.isEmpty, "docs/conventions.md not found beside the tests")
        let registry = try Catalog.makeRegistry()
        let sections: [ComponentKind: String] = [
            .data: "2. Data models", .estimator: "3. Estimators", .attack: "4. Attacks",
        ]
        for component in registry.components {
            let table = Self.section(try #require(sections[component.kind]))
            #expect(
                table.contains("| `\(component.name)` |"),
                "docs/conventions.md §\(sections[component.kind]!) has no row for the registered \(component.kind.rawValue) `\(component.name)`"
            )
        }
    }

    @Test func everyRowOfAComponentTableNamesARegisteredComponentOfThatKind() throws {
        let registry = try Catalog.makeRegistry()
        let sections: [ComponentKind: String] = [
            .data: "2. Data models", .estimator: "3. Estimators", .attack: "4. Attacks",
        ]
        for (kind, heading) in sections {
            let rows = Self.section(heading).split(separator: "\n").compactMap { line in
                line.wholeMatch(of: /\| `([a-z0-9-]+)` \|.*/).map { String($0.output.1) }
            }
            for name in rows {
                #expect(
                    registry.components(ofKind: kind).contains { $0.name == name },
                    "docs/conventions.md §\(heading) has a row for `\(name)`, which is not a registered \(kind.rawValue)"
                )
            }
        }
    }

    @Test func everyResultColumnHasARow() {
        let table = Self.section("7. Command line")
        for task in [Task.regression, .classification] {
            let names = ResultMetric.columns(for: task).map(\.name) + ResultMetric.textColumns(for: task).map(\.name)
            for name in names {
                #expect(table.contains("| `\(name)` |"), "docs/conventions.md §7.1 has no row for the column `\(name)`")
            }
        }
    }
}
