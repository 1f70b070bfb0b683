import Foundation
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooReport
import ZooStudies

// MARK: - Entry point

/// The `zoo` command line: dispatches to a subcommand and turns every failure into one `error:` line
/// on standard error with exit status 2 (usage) or 1 (anything else), per docs/conventions.md §7.
public enum ZooCommandLine {
    public static let version = "0.1.0"

    /// Runs `zoo` with `arguments` (without the program name) and returns the exit status. The
    /// components are the built-in catalogue's followed by those of `catalogs` (a plugin package's
    /// generated `Catalog`, see `main(adding:)`).
    public static func run(
        _ arguments: [String], adding catalogs: [any ComponentCatalog.Type] = [],
        console: Console = .standard()
    ) -> Int32 {
        do {
            try dispatch(arguments, catalogs: catalogs, console: console)
            try console.checkOutput()
            return 0
        } catch {
            console.printError("error: \(error.description)")
            return error.isUsageError ? 2 : 1
        }
    }

    static func dispatch(_ arguments: [String], catalogs: [any ComponentCatalog.Type] = [], console: Console)
        throws(ZooError)
    {
        guard let word = arguments.first else {
            console.print(overview)
            return
        }
        let rest = Array(arguments.dropFirst())
        switch word {
        case "--help", "-h", "help":
            if let topic = rest.first, let command = Commands.all.first(where: { $0.commandWord == topic }) {
                console.write(command.helpText())
            } else {
                console.print(overview)
            }
            return
        case "--version":
            try checkEnvironment(ProcessInfo.processInfo.environment)
            console.print("zoo \(version) (EstimatorZoo; kernels: \(InstructionSet.current))")
            return
        default:
            break
        }
        guard let command = Commands.all.first(where: { $0.commandWord == word }) else {
            throw .usage(
                "unknown command '\(word)'" + Suggestions.hint(for: word, among: Commands.all.map(\.commandWord))
                    + "; see zoo --help")
        }
        let parsed: ParsedArguments
        switch try command.parse(rest) {
        case .help(let text):
            console.write(text)
            return
        case .arguments(let arguments):
            parsed = arguments
        }
        try checkEnvironment(ProcessInfo.processInfo.environment)
        let registry = try Registry(catalogs: [Catalog.self] + catalogs)
        switch word {
        case "list": try listCommand(parsed, registry: registry, console: console)
        case "describe":
            console.print(ComponentListing.describe(try registry.component(named: parsed.positional("NAME")!)))
        case "compare": try compareCommand(parsed, arguments: rest, registry: registry, console: console)
        case "run": try runCommand(parsed, registry: registry, console: console)
        case "fit":
            try CSVWorkflow.fit(
                estimatorSpec: parsed.string("--estimator")!, trainPath: parsed.string("--train")!,
                testPath: parsed.string("--test"), predictionsPath: parsed.string("--predictions"),
                weightsPath: parsed.string("--weights"), force: parsed.flag("--force"), registry: registry,
                console: console)
        case "attack":
            try CSVWorkflow.attack(
                estimatorSpec: parsed.string("--estimator")!, attackSpec: parsed.string("--attack")!,
                trainPath: parsed.string("--train")!, testPath: parsed.string("--test")!,
                outPath: parsed.string("--out"), force: parsed.flag("--force"), registry: registry, console: console)
        case "reproduce": try reproduceCommand(parsed, registry: registry, console: console)
        case "report": try ReportCommand.run(parsed, arguments: rest, registry: registry, console: console)
        case "theory": try theoryCommand(parsed, arguments: rest, registry: registry, console: console)
        case "merge":
            try MergeCommand.run(
                outPath: parsed.positional("OUT.jsonl")!, shardPaths: parsed.positionals("SHARD"),
                allowPartial: parsed.flag("--allow-partial"), force: parsed.flag("--force"), console: console)
        default: preconditionFailure("command \(word) has no handler")
        }
    }

    /// The largest `ZOO_THREADS` accepted (more threads than this only adds overhead and memory).
    public static let maximumThreads = 1024

    /// Refuses a malformed setting of an environment variable zoo reads, instead of silently ignoring it:
    /// `ZOO_THREADS` must be a whole number from 1 to `maximumThreads`, and `ZOO_ISA` an instruction set
    /// this machine runs (`avx512`, `avx2` or `auto`).
    public static func checkEnvironment(_ environment: [String: String]) throws(ZooError) {
        if case .failure(let problem) = InstructionSet.resolve(
            environment["ZOO_ISA"], supported: InstructionSet.supported)
        {
            throw .usage(problem.description)
        }
        if let text = environment["ZOO_THREADS"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...maximumThreads).contains(value)
            else {
                throw .usage("ZOO_THREADS must be a whole number from 1 to \(maximumThreads), got '\(text)'")
            }
        }
    }

    /// `zoo` and `zoo --help`.
    static var overview: String {
        let width = (Commands.all.map(\.commandWord.count).max() ?? 0) + 2
        let commands = Commands.all.map {
            "  " + $0.commandWord.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary
        }
        return """
            zoo — does fitting noise make a model fragile? Estimators head to head under adversarial attacks.

            USAGE: zoo COMMAND [OPTIONS]

            COMMANDS
            \(commands.joined(separator: "\n"))

            GETTING STARTED
              zoo compare                      the built-in head-to-head: min-norm vs ridge on spiked data
              zoo list                         what is registered
              zoo describe ridge               one component in full
              zoo reproduce benign-overfitting --quick --report report.html

            Run `zoo COMMAND --help` for a command's options. Errors print one `error:` line and exit
            with status 2 (usage) or 1 (other failures). Numerics use ZOO_THREADS threads (default: all cores).
            """
    }

    // MARK: Commands

    static func listCommand(_ parsed: ParsedArguments, registry: Registry, console: Console) throws(ZooError) {
        let kind = parsed.string("--kind").flatMap(ComponentKind.init(rawValue:))
        let components = registry.components(ofKind: kind)
        console.print(
            parsed.flag("--json")
                ? try ComponentListing.json(components) : ComponentListing.text(components, width: console.tableWidth))
    }

    static func compareCommand(_ parsed: ParsedArguments, arguments: [String], registry: Registry, console: Console)
        throws(ZooError)
    {
        let experimentOptions = [
            "--data", "--estimators", "--attacks", "--n", "--test", "--seeds", "--seed", "--target",
        ]
        var experiment: Experiment
        if !experimentOptions.contains(where: parsed.isGiven) {
            experiment = Presets.defaultComparison
            console.printError("running the built-in comparison (see `zoo compare --help` to choose your own)")
        } else {
            for required in ["--data", "--estimators", "--attacks", "--n"] where !parsed.isGiven(required) {
                throw .usage(
                    "zoo compare needs \(required) when other experiment options are given; see zoo compare --help")
            }
            experiment = Experiment(
                data: try ComponentSpec(parsing: parsed.string("--data")!),
                estimators: try ComponentSpec.parseLists(parsed.strings("--estimators")),
                attacks: try ComponentSpec.parseLists(parsed.strings("--attacks")),
                sampleSizes: try parsed.intList("--n"), testSize: try parsed.int("--test") ?? 1000,
                seedCount: try parsed.int("--seeds") ?? 1, firstSeed: try parsed.uint64("--seed") ?? 0,
                target: try parsed.choice("--target", as: TargetConvention.self) ?? .clean)
        }
        experiment.recordTimings = !parsed.flag("--no-timings")
        experiment.designStorage = try parsed.choice("--design", as: DesignStorage.self) ?? .auto
        experiment.certification = try certification(parsed)
        var job = ComparisonJob(
            experiment: experiment, format: try ResultFormat(parsing: parsed.string("--format") ?? "table"),
            outPath: parsed.string("--out"), outMode: .replaceOnFinish, reportPath: parsed.string("--report"),
            reportTitle: "zoo compare",
            command: (["zoo", "compare"] + arguments).map(shellQuoted).joined(separator: " "),
            quiet: parsed.flag("--quiet"), force: parsed.flag("--force"))
        let headToHead = try HeadToHeadOptions.parse(parsed, registry: registry)
        try HeadToHeadOptions.check(headToHead.headToHead, estimators: experiment.estimators, registry: registry)
        job.reportHeadToHead = headToHead.headToHead
        if headToHead.requested { job.headToHead = headToHead.headToHead }
        try job.run(registry: registry, console: console, view: parsed)
    }

    static func runCommand(_ parsed: ParsedArguments, registry: Registry, console: Console) throws(ZooError) {
        let path = parsed.positional("SPEC.json")!
        let shard = try parsed.string("--shard").map { text throws(ZooError) in try Shard(parsing: text) }
        var grid = try ExperimentFile.load(path, registry: registry)
        if parsed.flag("--no-timings") { grid.base.recordTimings = false }
        grid.base.designStorage = try parsed.choice("--design", as: DesignStorage.self) ?? .auto
        if let certification = try certification(parsed) { grid.base.certification = certification }
        let groups = grid.groups
        let job = ComparisonJob(
            experiment: groups[0], format: try ResultFormat(parsing: parsed.string("--format") ?? "jsonl"),
            outPath: parsed.string("--out"),
            outMode: .append, reportPath: parsed.string("--report"), reportTitle: "zoo run \(path)",
            resume: parsed.flag("--resume"), command: "zoo run \(path)" + (shard.map { " --shard \($0)" } ?? ""),
            specification: try? String(contentsOfFile: path, encoding: .utf8),
            groups: groups, shard: shard, quiet: parsed.flag("--quiet"), inputs: [.init("the experiment file", path)],
            force: parsed.flag("--force"))
        if shard != nil && parsed.string("--out") == nil {
            throw .usage("--shard needs --out FILE.jsonl: each shard writes its own file for zoo merge")
        }
        try job.run(registry: registry, console: console, view: parsed)
    }

    /// The certification `--certify` (with `--certify-budget`) asks for; nil without `--certify`.
    static func certification(_ parsed: ParsedArguments) throws(ZooError) -> Certification? {
        guard parsed.flag("--certify") else {
            if parsed.isGiven("--certify-budget") { throw .usage("--certify-budget needs --certify") }
            return nil
        }
        let budget = try parsed.int("--certify-budget") ?? Certification.defaultBudget
        guard (0...Certification.maximumBudget).contains(budget) else {
            throw .usage(
                "--certify-budget must be a whole number of nodes from 0 to \(Certification.maximumBudget), got \(budget)"
            )
        }
        return Certification(budget: budget)
    }

    /// Quotes an argument for display when it has shell-special characters.
    static func shellQuoted(_ text: String) -> String {
        text.contains(where: { " ()'\"$*?;&|<>".contains($0) })
            ? "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" : text
    }
}
