import Testing
import ZooCore

@testable import ZooCLI

/// A `zoo compare`-like declaration used throughout.
private let compare = CommandDeclaration(
    name: "zoo compare",
    summary: "Head-to-head comparison of estimators under attacks on shared samples.",
    discussion: "For every n and seed one training and test sample is drawn and shared by all estimators.",
    options: [
        Option("--data", valueName: "SPEC", help: "the data model", required: true),
        Option(
            "--estimators", valueName: "SPECS", help: "estimators, comma-separated outside parentheses",
            repeatable: true),
        Option("--n", valueName: "N,N,…", help: "training-set sizes", repeatable: true),
        Option("--seeds", valueName: "K", help: "number of seeds", defaultValue: "1"),
        Option("--seed", valueName: "S", help: "first seed", defaultValue: "0"),
        Option("--radius", valueName: "R", help: "a radius"),
        Option("--target", help: "the risk target", defaultValue: "clean", choices: ["clean", "label", "consistent"]),
        Option("--format", help: "output format", defaultValue: "table", choices: ["table", "csv", "jsonl"]),
        Option("--out", short: "-o", valueName: "FILE", help: "write results to FILE"),
    ],
    flags: [Flag("--json", help: "print JSON"), Flag("--resume", help: "skip finished cells")],
    examples: ["zoo compare --data spiked --estimators 'ridge(lambda=0.01),min-norm' --attacks exact-l2 --n 100,200"]
)

private let run = CommandDeclaration(
    name: "zoo run", summary: "Run an experiment file.",
    options: [Option("--out", valueName: "FILE.jsonl", help: "results")],
    positionals: [Positional("SPEC.json", help: "the experiment file")]
)

private func parse(_ command: CommandDeclaration, _ arguments: [String]) throws(ZooError) -> ParsedArguments {
    guard case .arguments(let parsed) = try command.parse(arguments) else { throw ZooError.usage("help requested") }
    return parsed
}

/// The message of the usage error thrown by `body`, or nil.
private func usageMessage(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as ZooError { if case .usage(let text) = error { return text } } catch {}
    return nil
}

@Suite("Argument parser")
struct ArgumentParserTests {
    @Test("--key value and --key=value")
    func bothForms() throws {
        let parsed = try parse(compare, ["--data", "spiked(d=100)", "--seeds=5", "-o", "out.csv", "--target=label"])
        #expect(parsed.string("--data") == "spiked(d=100)")
        #expect(try parsed.int("--seeds") == 5)
        #expect(parsed.string("--out") == "out.csv")
        #expect(parsed.string("--target") == "label")
        #expect(parsed.isGiven("--seeds") && !parsed.isGiven("--seed"))
    }

    @Test("defaults apply when an option is absent")
    func defaults() throws {
        let parsed = try parse(compare, ["--data", "isotropic"])
        #expect(try parsed.int("--seeds") == 1)
        #expect(try parsed.uint64("--seed") == 0)
        #expect(parsed.string("--format") == "table")
        #expect(parsed.string("--out") == nil)
        #expect(try parsed.double("--radius") == nil)
        #expect(!parsed.flag("--json"))
    }

    @Test("repeated options accumulate; int lists split on commas")
    func repeated() throws {
        let parsed = try parse(
            compare,
            [
                "--data", "x", "--n", "100,200", "--n=400", "--estimators", "ridge(lambda=0.1,x=2)",
                "--estimators", "min-norm", "--json",
            ])
        #expect(try parsed.intList("--n") == [100, 200, 400])
        #expect(parsed.strings("--estimators") == ["ridge(lambda=0.1,x=2)", "min-norm"])
        #expect(parsed.flag("--json"))
        #expect(try parsed.intList("--seeds") == [1])  // the default, as a list
    }

    @Test("negative numbers are values, not options")
    func negativeValues() throws {
        let parsed = try parse(compare, ["--data", "x", "--radius", "-0.5"])
        #expect(try parsed.double("--radius") == -0.5)
        #expect(try parse(compare, ["--data", "x", "--radius", "1e-3"]).double("--radius") == 0.001)
    }

    @Test("unknown options suggest the closest name")
    func unknownOption() {
        let message = usageMessage { _ = try parse(compare, ["--data", "x", "--estimator", "ridge"]) }
        #expect(message?.hasPrefix("unknown option '--estimator' for 'zoo compare'") == true)
        #expect(message?.contains("did you mean '--estimators'") == true)
        #expect(
            usageMessage { _ = try parse(compare, ["--data", "x", "--sedes", "3"]) }?.contains("'--seeds'") == true)
    }

    @Test("missing values, repeated single options, flags with values")
    func valueErrors() {
        #expect(usageMessage { _ = try parse(compare, ["--data"]) } == "--data needs a value (SPEC)")
        #expect(
            usageMessage { _ = try parse(compare, ["--data", "x", "--out", "--json"]) } == "--out needs a value (FILE)")
        #expect(
            usageMessage { _ = try parse(compare, ["--data", "x", "--seeds", "2", "--seeds", "3"]) }?
                .contains("more than once") == true)
        #expect(
            usageMessage { _ = try parse(compare, ["--data", "x", "--json=yes"]) }?.hasPrefix("--json takes no value")
                == true)
        #expect(usageMessage { _ = try parse(compare, ["--seeds", "2"]) } == "zoo compare needs --data SPEC")
    }

    @Test("typed accessors reject malformed values")
    func typedErrors() throws {
        let parsed = try parse(
            compare, ["--data", "x", "--seeds", "two", "--n", "100,,200", "--seed", "-1", "--radius", "nan"])
        #expect(usageMessage { _ = try parsed.int("--seeds") } == "--seeds expects a whole number, got 'two'")
        #expect(usageMessage { _ = try parsed.intList("--n") }?.contains("an empty item") == true)
        #expect(usageMessage { _ = try parsed.uint64("--seed") } != nil)
        #expect(usageMessage { _ = try parsed.double("--radius") } != nil)
    }

    @Test("choices are validated with a hint")
    func choices() throws {
        let message = usageMessage { _ = try parse(compare, ["--data", "x", "--target", "clen"]) }
        #expect(message?.hasPrefix("--target must be one of clean, label, consistent, not 'clen'") == true)
        #expect(message?.contains("did you mean 'clean'") == true)
        enum Format: String, CaseIterable { case table, csv, jsonl }
        #expect(try parse(compare, ["--data", "x", "--format", "csv"]).choice("--format", as: Format.self) == .csv)
    }

    @Test("positionals, -- and unexpected arguments")
    func positionals() throws {
        let parsed = try parse(run, ["sweep.json", "--out", "r.jsonl"])
        #expect(parsed.positional("SPEC.json") == "sweep.json")
        #expect(try parse(run, ["--", "--weird.json"]).positional("SPEC.json") == "--weird.json")
        #expect(usageMessage { _ = try parse(run, []) } == "zoo run needs SPEC.json")
        #expect(
            usageMessage { _ = try parse(run, ["a.json", "b.json"]) } == "unexpected argument 'b.json' for 'zoo run'")
    }

    @Test("--help and -h give the help text")
    func help() throws {
        for flag in ["--help", "-h"] {
            guard case .help(let text) = try compare.parse(["--data", "x", flag]) else {
                Issue.record("no help")
                continue
            }
            #expect(text.hasPrefix("Usage: zoo compare --data SPEC [options]\n"))
        }
        // Even with otherwise invalid arguments.
        guard case .help = try compare.parse(["--bogus", "--help"]) else {
            Issue.record("no help")
            return
        }
    }

    @Test("help text lists options aligned, with value names, defaults and examples")
    func helpText() {
        let text = compare.helpText()
        #expect(text.contains("Head-to-head comparison"))
        #expect(text.contains("  --seeds K ") && text.contains("(default: 1)"))
        #expect(text.contains("--n N,N,…") && text.contains("(repeatable)"))
        #expect(text.contains("--target clean|label|consistent"))
        #expect(text.contains("-o, --out FILE"))
        #expect(text.contains("(required)"))
        #expect(text.contains("  -h, --help"))
        #expect(text.contains("Examples:\n  zoo compare --data spiked"))
        for line in text.split(separator: "\n") { #expect(line.count <= CommandDeclaration.helpWidth) }
        // Option help texts start in one column.
        let lines = text.split(separator: "\n")
        let seeds = lines.first { $0.hasPrefix("  --seeds") }!
        let json = lines.first { $0.hasPrefix("  --json") }!
        #expect(
            seeds.range(of: "number of seeds")!.lowerBound.utf16Offset(in: seeds)
                == json.range(of: "print JSON")!.lowerBound.utf16Offset(in: json))
        #expect(run.usageLine == "Usage: zoo run [options] SPEC.json")
    }
}
