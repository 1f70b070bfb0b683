import Foundation
import ZooCore
import ZooData
import ZooHarness
import ZooLinalg
import ZooReport

// MARK: - zoo fit / zoo attack on CSV files

/// Fitting and attacking on the user's own CSV files (docs/conventions.md §7). Files are numeric with an
/// optional header and the target in the last column; a test file may also omit the target column.
enum CSVWorkflow {
    /// A training file as a dataset.
    static func training(_ path: String) throws(ZooError) -> (data: Dataset, header: [String]?) {
        let table = try CSVTable(contentsOf: path)
        return (try table.featuresAndTarget(source: path), table.hasHeader ? table.header : nil)
    }

    /// A test file: features and, when it has one more column than the training features, targets.
    /// When both files have a header line, the test columns must be the training columns by name, in
    /// order (the target may be left out): a missing or extra feature is named instead of shifting the
    /// target into the features.
    static func test(
        _ path: String, dimension: Int, trainingHeader: [String]? = nil, trainingPath: String = "",
        requireTargets: Bool
    ) throws(ZooError) -> (features: Matrix, targets: [Double]?) {
        let table = try CSVTable(contentsOf: path)
        if let trainingHeader, table.hasHeader {
            let features = Array(trainingHeader.dropLast())
            let matches = table.header == trainingHeader || (!requireTargets && table.header == features)
            guard matches else {
                let missing = features.filter { !table.header.contains($0) }
                let extra = table.header.filter { !trainingHeader.contains($0) }
                var details = [String]()
                if !missing.isEmpty { details.append("missing \(missing.joined(separator: ", "))") }
                if !extra.isEmpty { details.append("not in the training file: \(extra.joined(separator: ", "))") }
                if details.isEmpty { details.append("the same names in another order") }
                throw .invalidData(
                    "\(path): its header (\(table.header.joined(separator: ", "))) does not match the columns of \(trainingPath) (\(trainingHeader.joined(separator: ", "))): \(details.joined(separator: "; ")); give the test file the training file's columns (the target may be left out)"
                )
            }
        }
        if table.values.columns == dimension + 1 {
            let data = try table.featuresAndTarget(source: path)
            return (data.features, data.targets)
        }
        guard table.values.columns == dimension, !requireTargets else {
            let expected =
                requireTargets
                ? "\(dimension + 1) (features and target)"
                : "\(dimension + 1) (features and target) or \(dimension) (features only)"
            throw .invalidData(
                "\(path) has \(table.values.columns) columns but the training data has \(dimension) features: expected \(expected)"
            )
        }
        return (table.values, nil)
    }

    /// Writes one value per line under a header line (atomically, through the output layer).
    static func writeColumn(_ values: [Double], header: String, to target: OutputTarget) throws(ZooError) {
        try target.replace(with: ([header] + values.map(\.description)).joined(separator: "\n") + "\n")
    }

    /// The output layer's rule for `--force`.
    static func existingRule(force: Bool) -> OutputTarget.Existing {
        force ? .replace : .refuse(hint: OutputTarget.forceHint)
    }

    // MARK: zoo fit

    static func fit(
        estimatorSpec: String, trainPath: String, testPath: String?, predictionsPath: String?,
        weightsPath: String?, force: Bool = false, registry: Registry, console: Console
    ) throws(ZooError) {
        let estimator = try registry.makeEstimator(ComponentSpec(parsing: estimatorSpec))
        if predictionsPath != nil && testPath == nil {
            throw .usage("--predictions needs --test FILE.csv: the points to predict")
        }
        var outputs = [NamedFile]()
        if let weightsPath { outputs.append(.init("--weights", weightsPath)) }
        if let predictionsPath { outputs.append(.init("--predictions", predictionsPath)) }
        let targets = try OutputTarget.open(
            outputs, inputs: [.init("--train", trainPath)] + (testPath.map { [.init("--test", $0)] } ?? []),
            existing: existingRule(force: force))
        defer { for target in targets { target.release() } }
        let weightsTarget = weightsPath == nil ? nil : targets[0]
        let predictionsTarget = predictionsPath == nil ? nil : targets[targets.count - 1]
        let (training, trainingHeader) = try training(trainPath)
        // Both files are read and checked against each other before the fit.
        let testData = try testPath.map { path throws(ZooError) in
            try test(
                path, dimension: training.dimension, trainingHeader: trainingHeader, trainingPath: trainPath,
                requireTargets: false)
        }
        let model = try estimator.fit(training, context: FitContext(seed: 0))
        let trainMSE = Risks.meanSquaredError(model.predict(training.features), training.targets)
        guard trainMSE.isFinite else {
            throw .numerical(
                "\(estimator.spec) on \(trainPath): the training error is \(trainMSE) (the values overflow double precision or the fit failed); rescale the data"
            )
        }
        console.print("estimator: \(estimator.spec)")
        console.print(
            "training:  \(trainPath) (n=\(training.count), d=\(training.dimension)), mean squared error \(trainMSE)")
        for (key, value) in model.diagnostics.sorted(by: { $0.key < $1.key }) { console.print("  \(key): \(value)") }
        let linear = model as? any LinearModel
        if let linear { console.print("weight norm ‖θ̂‖₂: \(PerturbationNorm.l2.dualNorm(linear.weights))") }
        if let weightsPath {
            guard let linear else {
                throw .usage("--weights needs a linear estimator; \(type(of: estimator).name) has no linear weights")
            }
            try writeColumn(linear.weights, header: "weight", to: weightsTarget!)
            console.print("weights written to \(weightsPath)")
        }
        guard let testPath, let test = testData else { return }
        let predictions = model.predict(test.features)
        guard predictions.allSatisfy(\.isFinite) else {
            throw .numerical("\(estimator.spec) produced non-finite predictions on \(testPath); rescale the data")
        }
        if let targets = test.targets {
            console.print(
                "test:      \(testPath) (\(targets.count) points), mean squared error \(Risks.meanSquaredError(predictions, targets))"
            )
        }
        if let predictionsPath {
            try writeColumn(predictions, header: "prediction", to: predictionsTarget!)
            console.print("predictions written to \(predictionsPath)")
        }
    }

    // MARK: zoo attack

    static func attack(
        estimatorSpec: String, attackSpec: String, trainPath: String, testPath: String, outPath: String?,
        force: Bool = false, registry: Registry, console: Console
    ) throws(ZooError) {
        let estimator = try registry.makeEstimator(ComponentSpec(parsing: estimatorSpec))
        let attack = try registry.makeAttack(ComponentSpec(parsing: attackSpec))
        let outTarget = try outPath.map { path throws(ZooError) in
            try OutputTarget.open(
                "--out", path, inputs: [.init("--train", trainPath), .init("--test", testPath)],
                existing: existingRule(force: force))
        }
        defer { outTarget?.release() }
        try TestPointEvaluation.checkPair(
            estimator: estimator, attack: attack, task: .regression, data: trainPath, registry: registry)
        let (training, trainingHeader) = try training(trainPath)
        let test = try test(
            testPath, dimension: training.dimension, trainingHeader: trainingHeader, trainingPath: trainPath,
            requireTargets: true)
        let targets = test.targets!
        // The attack's ball is the experiment's threat model (adversarial training may use it).
        let model = try estimator.fit(
            training, context: FitContext(seed: 0, task: .regression, threatModel: attack.threatModel))
        // The harness's evaluation of a cell, at the user's test points.
        let points = try TestPointEvaluation(
            model: model, trainedOn: training, attack: attack, inputs: test.features, target: .fixed(targets),
            task: .regression, seed: 0)
        let losses = points.losses
        let adversarialLosses = points.adversarialLosses
        var lines = ["prediction,adversarial_prediction,loss,adversarial_loss,perturbation_norm"]
        // The means are the rows' standard_risk and adversarial_risk (Risks: sum, then divide by m).
        let cleanRisk = points.standardRisk
        let adversarialRisk = points.adversarialRisk
        for i in 0..<targets.count {
            lines.append(
                "\(points.clean[i]),\(points.adversarial[i]),\(losses[i]),\(adversarialLosses[i]),\(points.perturbationNorms[i])"
            )
        }
        guard cleanRisk.isFinite, adversarialRisk.isFinite else {
            throw .numerical(
                "\(estimator.spec) under \(attack.spec) on \(testPath): the risks are \(cleanRisk) and \(adversarialRisk) (the values overflow double precision); rescale the data"
            )
        }
        let summary =
            "\(estimator.spec) under \(attack.spec) on \(targets.count) test points: mean standard risk \(cleanRisk), mean adversarial risk \(adversarialRisk)"
        if let outPath {
            try outTarget!.replace(with: lines.joined(separator: "\n") + "\n")
            console.print(summary)
            console.print("per-point results written to \(outPath)")
        } else {
            console.print(lines.joined(separator: "\n"))
            console.printError(summary)
        }
    }
}
