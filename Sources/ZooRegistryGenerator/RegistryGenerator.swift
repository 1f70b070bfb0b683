import Foundation

// MARK: - Entry point

/// `ZooRegistryGenerator REGISTRY OUTPUT [CATALOG-TARGET TARGETS DEPENDENCIES]`, run by the RegistryPlugin
/// before the catalogue target compiles: reads registry.json, checks it (and, given the catalogue target,
/// the package's comma-separated target names and its dependencies, its agreement with Package.swift),
/// and writes the catalogue's Swift source. Every problem is printed as `error: …` and the exit status
/// is 1, which fails the build with those lines; nothing is written then.
@main
enum RegistryGenerator {
    static func main() {
        let errors = generate(arguments: Array(CommandLine.arguments.dropFirst()))
        for error in errors { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
        exit(errors.isEmpty ? 0 : 1)
    }
}

/// Does the whole job; returns every problem found (none when the file has been written).
func generate(arguments: [String]) -> [RegistryError] {
    guard arguments.count == 2 || arguments.count == 5 else {
        return [
            RegistryError(
                sentence: "usage: ZooRegistryGenerator REGISTRY OUTPUT [CATALOG-TARGET TARGET,… DEPENDENCY,…]")
        ]
    }
    do throws(RegistryError) {
        let file = try RegistryFile.load(from: arguments[0])
        var errors = file.problems()
        if errors.isEmpty, arguments.count == 5 {
            let names = { (list: String) in Set(list.split(separator: ",").map(String.init)) }
            errors = packageProblems(
                file, catalogTarget: arguments[2], targets: names(arguments[3]), dependencies: names(arguments[4]))
        }
        guard errors.isEmpty else { return errors }
        do {
            try Data(catalogSource(file).utf8).write(to: URL(fileURLWithPath: arguments[1]), options: .atomic)
        } catch {
            return [RegistryError(sentence: "ZooRegistryGenerator: cannot write \(arguments[1]): \(error)")]
        }
        return []
    } catch {
        return [error]
    }
}
