import ZooCore
import ZooHarness
import ZooReport
import ZooStudies

// MARK: - zoo reproduce

extension ZooCommandLine {
    /// `zoo reproduce NAME [--quick]`: looks the preset up in ZooStudies, prints what it runs, and hands its
    /// experiments (with its claims and figures) to the comparison run. The one place the CLI maps a
    /// preset to a run.
    static func reproduceCommand(_ parsed: ParsedArguments, registry: Registry, console: Console) throws(ZooError) {
        let preset = try Presets.named(parsed.positional("NAME")!)
        let quick = parsed.flag("--quick")
        try preset.checkData(registry: registry, quick: quick)
        let seeds = try parsed.int("--seeds")
        let firstSeed = try parsed.uint64("--seed")
        if let seeds, seeds < 1 { throw .usage("--seeds must be at least 1, got \(seeds)") }
        func seeded(_ experiment: Experiment) -> Experiment {
            var experiment = experiment
            if let seeds { experiment.seedCount = seeds }
            if let firstSeed { experiment.firstSeed = firstSeed }
            return experiment
        }
        let experiments = preset.experiments(quick: quick).map(seeded)
        console.printError(
            "\(preset.title)\n\(preset.description(quick: quick))\nThis run\(quick ? " (--quick)" : ""): \(Presets.setup(of: experiments[0], registry: registry))"
        )
        var command = "zoo reproduce \(preset.name)\(quick ? " --quick" : "")"
        for option in ["--seeds", "--seed"] {
            if let value = parsed.string(option) { command += " \(option) \(value)" }
        }
        let job = ComparisonJob(
            experiment: experiments[0], format: try ResultFormat(parsing: parsed.string("--format") ?? "table"),
            outPath: parsed.string("--out"), outMode: .replaceOnFinish, reportPath: parsed.string("--report"),
            reportTitle: preset.title, command: command,
            extraFigures: preset.figures, claims: preset.claims,
            groups: experiments.count > 1 ? experiments : nil, quiet: parsed.flag("--quiet"),
            force: parsed.flag("--force"))
        try job.run(registry: registry, console: console, view: parsed)
    }
}
