import ZooCatalog
import ZooCore
import ZooHarness
import ZooReport
import ZooStudies

// MARK: - The commands' arguments

/// The declarations of every `zoo` subcommand (docs/conventions.md §7): options, help and examples.
enum Commands {
    static let list = CommandDeclaration(
        name: "zoo list", summary: "List every registered component with its parameters",
        discussion:
            "Data models, estimators and attacks as registry.json catalogues them, each with its module, a one-line summary, its parameters with defaults and, for estimators and attacks, the capabilities they provide or need.",
        options: [Option("--kind", help: "only this kind of component", choices: ["data", "estimator", "attack"])],
        flags: [Flag("--json", help: "print a JSON array instead of text")],
        examples: ["zoo list", "zoo list --kind estimator", "zoo list --json"])

    static let describe = CommandDeclaration(
        name: "zoo describe", summary: "Show one component in full: definition, parameters, capabilities, reference",
        positionals: [Positional("NAME", help: "a registered name, e.g. ridge or exact-l2")],
        examples: ["zoo describe ridge", "zoo describe spiked"])

    static let sharedOutputOptions =
        [
            Option(
                "--format", help: "output format of the results", defaultValue: "table",
                choices: ResultFormat.allCases.map(\.rawValue)),
            Option(
                "--out", short: "-o", valueName: "FILE",
                help: "write the results to FILE instead of standard output (an existing non-empty FILE needs --force)"),
            Option("--report", valueName: "FILE.html", help: "also write a self-contained HTML report with plots"),
        ] + viewOptions

    /// How tables and reports look (docs/reading-results.md).
    static let viewOptions = [
        Option(
            "--columns", valueName: "NAME,…",
            help:
                "the table's value columns, by their CSV names (e.g. standard_risk,adversarial_risk); default: every column some row has"
        ),
        Option(
            "--palette", help: "the report's colours", defaultValue: ReportPalette.okabeIto.rawValue,
            choices: ReportPalette.allCases.map(\.rawValue)),
    ]

    /// The one overwrite rule (docs/reliability.md): an existing non-empty output is refused without it.
    static let forceFlag = Flag("--force", help: "replace existing non-empty output files (otherwise refused)")

    static let quietFlag = Flag("--quiet", short: "-q", help: "no progress line on standard error")

    /// `--certify` and its budget (docs/certification.md), on compare and run.
    static let certifyFlag = Flag(
        "--certify",
        help: "also compute certified upper bounds (adversarial_risk_upper, robust_error_upper; docs/certification.md)")
    static let certifyBudget = Option(
        "--certify-budget", valueName: "NODES",
        help: "branch-and-bound nodes per point and side for --certify", defaultValue: "64")

    static let compare = CommandDeclaration(
        name: "zoo compare", summary: "Compare estimators under attacks, head to head",
        discussion: """
            For every n and seed one training and one test sample are drawn and shared by all estimators (a paired comparison); every estimator × attack pair is evaluated. Rows report test-sample standard and adversarial risks and, for linear estimators on Gaussian data, the exact population values.

            Specs are `name` or `name(key=value,…)`; list several separated by commas or by repeating the option. With no options at all, runs the built-in head-to-head: min-norm against ridge on spiked data (d = 10000), n from 100 to 1600, 5 seeds, under exact-l2(radius=0.3).

            Output rows are bit-identical for the same command on every run and thread count, except the two timing columns (use --no-timings for byte-identical files).

            --head-to-head (or --baseline SPEC) prints, after the results, the paired differences A − B of every risk over the seeds both estimators share: mean with a Student t interval, seeds won by each and ties, exact sign-test and Wilcoxon signed-rank p-values, adjusted across the pairs at each n and risk (--adjust). The HTML report shows them as a matrix whenever there are two or more estimators (docs/head-to-head.md).
            """,
        options: [
            Option("--data", valueName: "SPEC", help: "the data model, e.g. spiked(d=2000) or csv(path=FILE)"),
            Option(
                "--estimators", valueName: "SPECS", help: "estimators, e.g. min-norm,ridge(lambda=0.01)",
                repeatable: true),
            Option("--attacks", valueName: "SPECS", help: "attacks, e.g. exact-l2(radius=0.1)", repeatable: true),
            Option("--n", valueName: "N,N,…", help: "training-set sizes", repeatable: true),
            Option(
                "--test", valueName: "M", help: "test points per seed (csv data holds out its own)",
                defaultValue: "1000"),
            Option("--seeds", valueName: "K", help: "number of seeds", defaultValue: "1"),
            Option("--seed", valueName: "S", help: "first seed; seeds S, S+1, …, S+K−1 run", defaultValue: "0"),
            Option(
                "--target", help: "what the loss is measured against (docs/conventions.md §5)", defaultValue: "clean",
                choices: TargetConvention.allCases.map(\.rawValue)),
            Option(
                "--design",
                help:
                    "store X in memory or regenerate it block by block (Gaussian data only; auto streams the cells too large to hold)",
                defaultValue: "auto", choices: DesignStorage.allCases.map(\.rawValue)),
            certifyBudget,
        ] + sharedOutputOptions + HeadToHeadOptions.options,
        flags: [
            Flag("--no-timings", help: "leave fit_seconds and attack_seconds null (byte-identical output)"), quietFlag,
            HeadToHeadOptions.flag, certifyFlag, forceFlag,
        ],
        examples: [
            "zoo compare",
            "zoo compare --data 'spiked(d=2000)' --estimators 'min-norm,ridge(lambda=0.01),ridge(lambda=0.1)' --attacks exact-l2 --n 100,400 --seeds 10 --baseline 'ridge(lambda=0.1)'",
            "zoo compare --data 'spiked(d=2000)' --estimators 'min-norm,ridge(lambda=0.01)' --attacks 'exact-l2(radius=0.1)' --n 100,200,400 --seeds 5",
            "zoo compare --data 'csv(path=builtin:diabetes)' --target label --estimators min-norm,ridge --attacks exact-l2 --n 300 --seeds 10 --format csv",
        ])

    static let run = CommandDeclaration(
        name: "zoo run",
        summary: "Run an experiment file (with parameter grids), appending results as each cell finishes",
        discussion: """
            SPEC.json holds the same choices as zoo compare plus a grid: {"data": "spiked(d=2000)", "estimators": ["min-norm", "ridge"], "attacks": ["exact-l2"], "n": [100, 200], "test": 1000, "seeds": 5, "seed": 0, "target": "clean", "timings": true, "grid": {"estimators[1].lambda": "logspace(-4,1,20)", "attack.radius": [0.05, 0.1]}}. Only data, estimators, attacks and n are required. Grid axes: n, data.PARAM, estimators[i].PARAM (estimator.PARAM with one estimator), attacks[i].PARAM (attack.PARAM with one attack); values a list, "logspace(a,b,k)" (10^a … 10^b) or "linspace(a,b,k)". The run is every grid point × n × seed with every estimator × attack.

            With --out FILE.jsonl every finished cell is appended at once, so an interrupted run (even by SIGKILL) loses nothing; --resume skips the cells already in FILE, recomputes a truncated last line, and refuses a file written by a different experiment. --shard i/N runs a deterministic 1/N of the (grid point, seed, n) samples, balanced by estimated cost; zoo merge combines the shard files into the rows of the unsharded run.
            """,
        options: [
            Option(
                "--out", short: "-o", valueName: "FILE.jsonl",
                help: "append result rows to FILE (the run header goes to FILE.run.json)"),
            Option(
                "--format", help: "format of the rows (--resume needs jsonl)", defaultValue: "jsonl",
                choices: ResultFormat.allCases.map(\.rawValue)),
            Option("--report", valueName: "FILE.html", help: "also write a self-contained HTML report with plots"),
            Option("--shard", valueName: "i/N", help: "run only the i-th of N shards (1 ≤ i ≤ N); needs --out"),
            Option(
                "--design",
                help:
                    "store X in memory or regenerate it block by block (Gaussian data only; auto streams the cells too large to hold)",
                defaultValue: "auto", choices: DesignStorage.allCases.map(\.rawValue)),
            certifyBudget,
        ] + viewOptions,
        flags: [
            Flag(
                "--resume",
                help: "skip cells already present in --out (every kept row is checked to belong to this run)"),
            Flag("--force", help: "start over: empty an existing --out file instead of refusing it"),
            Flag("--no-timings", help: "leave fit_seconds and attack_seconds null (byte-identical output)"), quietFlag,
            certifyFlag,
        ],
        positionals: [Positional("SPEC.json", help: "the experiment file")],
        examples: [
            "zoo run Examples/benign-overfitting.json --out results.jsonl",
            "zoo run Examples/benign-overfitting.json --out results.jsonl --resume --report report.html",
            "zoo run Examples/ridge-grid.json --shard 2/3 --out shard-2.jsonl",
            "zoo merge results.jsonl shard-1.jsonl shard-2.jsonl shard-3.jsonl",
        ])

    static let merge = CommandDeclaration(
        name: "zoo merge", summary: "Combine the shard files of one zoo run into the rows of the unsharded run",
        discussion:
            "Every SHARD must come from the same experiment (the run headers agree except for the shard; a difference is named). The rows are written to OUT.jsonl in the order of the unsharded run, under the whole run's header, so the file equals the one a single zoo run would have written (byte for byte with --no-timings). Missing or duplicated cells are listed and the merge fails with status 1, unless --allow-partial writes the rows present.",
        flags: [
            Flag(
                "--allow-partial",
                help: "write the rows present even when cells are missing (duplicates are still refused)"), forceFlag,
        ],
        positionals: [
            Positional("OUT.jsonl", help: "the merged file (an existing non-empty file needs --force)"),
            Positional("SHARD", help: "shard files from zoo run --shard i/N", repeating: true),
        ],
        examples: ["zoo merge results.jsonl shard-1.jsonl shard-2.jsonl shard-3.jsonl"])

    static let fit = CommandDeclaration(
        name: "zoo fit", summary: "Fit an estimator on a CSV file; write predictions or linear weights",
        discussion:
            "CSV files are numeric with an optional header line and the target in the last column; a --test file may also leave the target out. Output files hold one value per line under a header line.",
        options: [
            Option("--estimator", valueName: "SPEC", help: "the estimator, e.g. ridge(lambda=0.01)", required: true),
            Option("--train", valueName: "FILE.csv", help: "training data", required: true),
            Option("--test", valueName: "FILE.csv", help: "points to predict (and score, if they have targets)"),
            Option("--predictions", valueName: "OUT.csv", help: "write the predictions on --test"),
            Option("--weights", valueName: "OUT.csv", help: "write the linear weights θ̂"),
        ],
        flags: [forceFlag],
        examples: ["zoo fit --estimator 'ridge(lambda=0.01)' --train Examples/data/diabetes.csv --weights weights.csv"])

    static let attack = CommandDeclaration(
        name: "zoo attack", summary: "Attack a fitted model on your test points (target: the test labels)",
        discussion:
            "Writes one row per test point with prediction, adversarial_prediction, loss, adversarial_loss and perturbation_norm, and prints the mean standard and adversarial risks.",
        options: [
            Option("--estimator", valueName: "SPEC", help: "the estimator", required: true),
            Option("--attack", valueName: "SPEC", help: "the attack, e.g. exact-l2(radius=0.5)", required: true),
            Option("--train", valueName: "FILE.csv", help: "training data", required: true),
            Option("--test", valueName: "FILE.csv", help: "test points with their labels", required: true),
            Option("--out", short: "-o", valueName: "OUT.csv", help: "write the per-point rows to OUT.csv"),
        ],
        flags: [forceFlag],
        examples: [
            "zoo attack --estimator min-norm --attack 'exact-l2(radius=1)' --train train.csv --test test.csv --out attacked.csv"
        ])

    /// The built-in catalogue, which the presets' setup lines ask what each data model declares.
    private static let presetRegistry = (try? Catalog.makeRegistry()) ?? Registry()

    static let reproduce = CommandDeclaration(
        name: "zoo reproduce", summary: "Run a named experiment from the papers",
        discussion:
            "Each experiment states its paper's claim in one sentence, runs, checks the claim against its own numbers with a stated criterion and prints `claim held` or `claim did not hold` with the figures (a claim that does not hold is a finding, not a failure: the exit status is 0).\n\n"
            + Presets.all.map { preset in
                "\(preset.name) — \(preset.summary)" + (preset.quickSummary.map { " --quick: " + $0 } ?? "")
                    + preset.claims.map { " Claim: \($0.statement)" }.joined()
                    + "\nRuns: \(Presets.setup(of: preset.experiments(quick: false)[0], registry: presetRegistry)).\nWith --quick: \(Presets.setup(of: preset.experiments(quick: true)[0], registry: presetRegistry))."
            }.joined(separator: "\n\n"),
        options: [
            Option("--report", valueName: "FILE.html", help: "also write a self-contained HTML report with plots"),
            Option(
                "--format", help: "output format of the results", defaultValue: "table",
                choices: ResultFormat.allCases.map(\.rawValue)),
            Option(
                "--out", short: "-o", valueName: "FILE",
                help: "write the results to FILE (an existing non-empty FILE needs --force)"),
            Option("--seeds", valueName: "K", help: "number of seeds (default: the experiment's)"),
            Option(
                "--seed", valueName: "S", help: "first seed; seeds S, S+1, …, S+K−1 run (default: the experiment's, 0)"),
        ] + viewOptions,
        flags: [Flag("--quick", help: "a smaller version that runs in seconds"), quietFlag, forceFlag],
        positionals: [Positional("NAME", help: "one of: " + Presets.all.map(\.name).joined(separator: ", "))],
        examples: ["zoo reproduce benign-overfitting --quick", "zoo reproduce ridge-tradeoff --report tradeoff.html"])

    static let report = CommandDeclaration(
        name: "zoo report",
        summary: "Show saved result rows (JSON Lines): an HTML report, a table, CSV or head to head",
        discussion:
            "Reads rows written by zoo run --out or --format jsonl, with LF or CRLF line ends (the run header comes from RESULTS.jsonl.run.json when present; a header line, or any other JSON object that is not a row, is skipped; any other line is refused with its line number; risks must be finite and non-negative). --format html (the default) writes one self-contained HTML file: the summary table, the head-to-head matrix and table (two or more estimators) and the figures (risk against n, trade-off curves and risk against every swept parameter). --format table prints the terminal table of the rows, csv and jsonl the rows themselves (standard output, or --out). With --head-to-head, table (then the default), csv and jsonl print the paired comparisons instead.",
        options: [
            Option(
                "--out", short: "-o", valueName: "FILE",
                help:
                    "the output file (html default: RESULTS with .html in place of its extension, never RESULTS itself; table, csv and jsonl: standard output)"
            ),
            Option(
                "--format", help: "what to write (default: html; table with --head-to-head)", defaultValue: nil,
                choices: ["html", "table", "csv", "jsonl"]),
        ]
            + viewOptions + HeadToHeadOptions.options,
        flags: [HeadToHeadOptions.flag, forceFlag],
        positionals: [Positional("RESULTS.jsonl", help: "the result rows")],
        examples: [
            "zoo report results.jsonl --out report.html",
            "zoo report results.jsonl --format table --columns adversarial_risk,adversarial_risk_exact",
            "zoo report results.jsonl --head-to-head --baseline 'ridge(lambda=0.1)'",
            "zoo report results.jsonl --head-to-head --format csv > head-to-head.csv",
        ])

    static let all = [list, describe, compare, run, merge, fit, attack, reproduce, theory, report]
}
