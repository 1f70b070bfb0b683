import Foundation
import Testing
import ZooCatalog
import ZooCore

/// Theory, harness, report, the studies library and the command line ask components for capabilities and declarations and never
/// name one: no registered component name or parameter name appears as a quoted string literal in
/// their sources, outside the presets and the short list of reviewed exceptions below.
@Suite struct ComponentNameLiteralTests {
    /// The source directories checked.
    static let modules = ["ZooTheory", "ZooHarness", "ZooReport", "ZooStudies", "ZooCLI"]

    /// Files that may name any component or parameter, with the reason.
    static let allowedFiles: [String: String] = [
        "ZooStudies/Presets.swift": "presets are experiments: they name the components they run",
        "ZooStudies/Presets+LabelNoise.swift": "presets are experiments: they name the components they run",
        "ZooStudies/PaperPresets.swift": "presets are experiments: they name the components they run",
        "ZooCLI/CommandDeclarations.swift": "help examples name real components (and the word csv is a format)",
    ]

    /// Single literals allowed in one file, with the reason: the same word with another meaning.
    static let allowedLiterals: [String: [String: String]] = [
        "ZooHarness/ResultRow.swift": ["d": "the row's own column d (the input dimension), not a parameter"],
        "ZooHarness/RunFingerprint.swift": ["test": "the run header's test-size key, not csv's parameter"],
        "ZooCLI/ExperimentFile.swift": [
            "test": "the experiment file's test-size key", "grid": "the experiment file's grid key",
        ],
    ]

    /// Every registered component name and parameter name.
    static func registeredNames() throws -> Set<String> {
        let registry = try Catalog.makeRegistry()
        var names = Set<String>()
        for component in registry.components {
            names.insert(component.name)
            for parameter in component.type.parameters { names.insert(parameter.name) }
        }
        return names
    }

    /// The string literals of a Swift source line (comment lines have none).
    static func literals(in line: Substring) -> [String] {
        if line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { return [] }
        var result: [String] = []
        var current: String? = nil
        var escaped = false
        for character in line {
            if var text = current {
                if escaped {
                    escaped = false
                    text.append(character)
                } else if character == "\\" {
                    escaped = true
                    text.append(character)
                } else if character == "\"" {
                    result.append(text)
                    current = nil
                    continue
                } else {
                    text.append(character)
                }
                current = text
            } else if character == "\"" {
                current = ""
            }
        }
        return result
    }

    @Test func noComponentOrParameterNameInTheoryHarnessReportOrCommandLine() throws {
        let names = try Self.registeredNames()
        #expect(names.contains("ridge") && names.contains("lambda"), "the registry's names were not found")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var checkedFiles = 0
        var used: Set<String> = []
        for module in Self.modules {
            let directory = root.appendingPathComponent(module)
            let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
            for file in files.sorted() where file.hasSuffix(".swift") {
                let path = module + "/" + file
                if Self.allowedFiles[path] != nil {
                    used.insert(path)
                    continue
                }
                checkedFiles += 1
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    for literal in Self.literals(in: line) where names.contains(literal) {
                        if Self.allowedLiterals[path]?[literal] != nil {
                            used.insert(path + ":" + literal)
                            continue
                        }
                        Issue.record(
                            "Sources/\(path):\(number + 1) names \"\(literal)\", a registered component or parameter: ask the component's declarations or capabilities instead"
                        )
                    }
                }
            }
        }
        #expect(checkedFiles > 50, "too few source files found under \(root.path)")
        // The exceptions stay as short as the code lets them: each is still needed.
        let allowed = Set(Self.allowedFiles.keys).union(
            Self.allowedLiterals.flatMap { path, literals in literals.keys.map { path + ":" + $0 } })
        #expect(allowed.subtracting(used).isEmpty, "allow-list entries no longer needed: \(allowed.subtracting(used))")
    }
}
