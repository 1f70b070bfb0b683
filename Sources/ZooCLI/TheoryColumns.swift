import Foundation
import ZooCore
import ZooHarness
import ZooLinalg
import ZooReport
import ZooStudies
import ZooTheory

// MARK: - zoo theory

/// `zoo theory`: the theoretical curves alone, no sampling: one row per estimator × attack × n with
/// only the theory columns (the formats and table of `zoo compare`). Every point is computed on its own
/// (the history-independent search, cached), so its value never depends on which other points are
/// listed; the points run in parallel and are put back in order.
enum TheoryCurves {
    static func rows(
        data: any DataModel, estimators: [any Estimator], attacks: [any Attack], sizes: [Int],
        target: TargetConvention, seed: UInt64
    ) -> [ResultRow] {
        var cells: [(estimator: any Estimator, attack: any Attack, n: Int)] = []
        for estimator in estimators {
            for attack in attacks {
                for n in sizes { cells.append((estimator, attack, n)) }
            }
        }
        let predictions = TheoryPoints(count: cells.count)
        Parallelism.forEach(chunks: cells.count) { index in
            let cell = cells[index]
            // An attack that is not a worst case (no exact-risk threat model) gets no theory columns.
            guard cell.attack.exactRiskThreatModel != nil else { return }
            predictions.set(
                index,
                TheoryProvider.predict(
                    data: data, estimator: cell.estimator, threat: cell.attack.exactRiskThreatModel,
                    target: target.rawValue, samples: cell.n, seed: seed))
        }
        return cells.indices.map { index in
            let cell = cells[index]
            var row = ResultRow(
                data: data.spec, estimator: cell.estimator.spec, attack: cell.attack.spec, target: target.rawValue,
                n: cell.n, d: data.dimension ?? 0, seed: seed, task: data.task)
            if let prediction = predictions.value(index) { TheoryAnnotator.fill(&row, with: prediction) }
            return row
        }
    }
}

/// Predictions filled in from several threads, one slot per point.
private final class TheoryPoints: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [TheoryPrediction?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: TheoryPrediction?) { lock.withLock { values[index] = value } }
    func value(_ index: Int) -> TheoryPrediction? { lock.withLock { values[index] } }
}

extension Commands {
    static let theory = CommandDeclaration(
        name: "zoo theory", summary: "Print theoretical risk curves alone, without sampling",
        discussion: """
            One row per estimator × attack × n with the theory columns of zoo compare: deterministic equivalents for ridge, min-norm and ridge-gcv on Gaussian data (isotropic, spiked, power-law), Hassani & Javanmard's limit for adversarial-rf(mode=surrogate) on isotropic data, Sanyal et al.'s lower bound for interpolating classifiers on balls; the `theory` column names the formula, and rows without a theory are null. Nothing is drawn or fitted, so d = 10⁶ is as fast as d = 100 (ridge-gcv uses the grid λ with the least predicted label risk).
            """,
        options: [
            Option("--data", valueName: "SPEC", help: "the data model, e.g. spiked(d=1000000)", required: true),
            Option(
                "--estimators", valueName: "SPECS", help: "estimators, e.g. min-norm,ridge(lambda=0.01)",
                repeatable: true, required: true),
            Option(
                "--attacks", valueName: "SPECS",
                help: "attacks whose ball the adversarial risk is for, e.g. exact-l2(radius=0.3)", repeatable: true,
                required: true),
            Option("--n", valueName: "N,N,…", help: "training-set sizes", repeatable: true, required: true),
            Option(
                "--seed", valueName: "S", help: "the seed whose population to use (θ* is random for isotropic)",
                defaultValue: "0"),
            Option(
                "--target", help: "what the loss is measured against (docs/conventions.md §5)", defaultValue: "clean",
                choices: TargetConvention.allCases.map(\.rawValue)),
        ] + sharedOutputOptions,
        flags: [forceFlag],
        examples: [
            "zoo theory --data 'spiked(d=1000000)' --estimators 'ridge(lambda=0.01),min-norm' --attacks exact-l2 --n 100,200,400",
            "zoo theory --data 'power-law(d=1000000)' --estimators 'ridge(lambda=1e-4),ridge(lambda=1e-2),ridge-gcv' --attacks 'exact-linf(radius=0.001)' --n 400,1600",
            "zoo theory --data 'balls(centers=50,flip=0.2)' --estimators 'nearest-neighbor' --attacks 'nearest-flip(radius=2)' --n 50,200,800",
        ])
}

extension ZooCommandLine {
    static func theoryCommand(_ parsed: ParsedArguments, arguments: [String], registry: Registry, console: Console)
        throws(ZooError)
    {
        let data = try registry.makeDataModel(try ComponentSpec(parsing: parsed.string("--data")!))
        let estimators = try ComponentSpec.parseLists(parsed.strings("--estimators")).map { spec throws(ZooError) in
            try registry.makeEstimator(spec)
        }
        let attacks = try ComponentSpec.parseLists(parsed.strings("--attacks")).map { spec throws(ZooError) in
            try registry.makeAttack(spec)
        }
        let sizes = try parsed.intList("--n")
        guard let smallest = sizes.min(), smallest > 0 else { throw .usage("zoo theory: every --n must be positive") }
        let format = try ResultFormat(parsing: parsed.string("--format") ?? "table")
        let force = parsed.flag("--force")
        var outputs = [NamedFile]()
        if let out = parsed.string("--out") { outputs.append(.init("--out", out)) }
        if let report = parsed.string("--report") { outputs.append(.init("--report", report)) }
        let inputs = data.sourceFiles.map { NamedFile("the data file", $0) }
        try ResourceModel.checkTheory(
            data: data, estimators: estimators.count, attacks: attacks.count, sizes: sizes.count)
        let targets = try OutputTarget.open(
            outputs, inputs: inputs, existing: force ? .replace : .refuse(hint: OutputTarget.forceHint))
        let outTarget = parsed.string("--out") == nil ? nil : targets[0]
        let reportTarget = parsed.string("--report") == nil ? nil : targets[targets.count - 1]
        defer { for target in targets { target.release() } }
        let rows = TheoryCurves.rows(
            data: data, estimators: estimators, attacks: attacks, sizes: sizes,
            target: try parsed.choice("--target", as: TargetConvention.self) ?? .clean,
            seed: try parsed.uint64("--seed") ?? 0)
        let table = TableFormatter(
            width: console.tableWidth,
            columns: try parsed.string("--columns").map { text throws(ZooError) in try TableFormatter.parseColumns(text)
            })
        let palette = try ReportPalette(parsing: parsed.string("--palette") ?? ReportPalette.okabeIto.rawValue)
        // The output layer: the rows in --format to --out or standard output.
        let parameterColumns = ParameterColumns(rows: rows)
        let sink =
            try outTarget.map { target throws(ZooError) in
                try ResultSink(
                    target: target, format: format, mode: .replaceOnFinish, parameterColumns: parameterColumns,
                    table: table)
            } ?? console.resultSink(format: format, parameterColumns: parameterColumns, table: table)
        do throws(ZooError) {
            try sink.write(rows)
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        if let outTarget { console.printError("wrote \(rows.count) rows to \(outTarget.path)") }
        if let reportTarget {
            var report = HTMLReport(
                title: "zoo theory", command: (["zoo", "theory"] + arguments).map(shellQuoted).joined(separator: " "),
                rows: rows, notations: ParameterNotations(registry: registry))
            report.palette = palette
            report.includesRiskVersusN = Set(sizes).count > 1
            try reportTarget.replace(with: report.render())
            console.printError("report written to \(reportTarget.path)")
        }
    }
}
