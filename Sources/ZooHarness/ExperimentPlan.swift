import Foundation
import ZooCore

// MARK: - Validated plan

/// An experiment whose components are built and checked: every spec is valid, every estimator ×
/// attack pair is compatible, the target applies to the data, and the sizes fit in memory.
public struct ExperimentPlan: Sendable {
    public let experiment: Experiment
    public let data: any DataModel
    public let estimators: [any Estimator]
    public let attacks: [any Attack]
    /// Cells in the whole run: sizes × seeds × estimators × attacks (checked to be at most `maximumCells`).
    public let cellCount: Int
    /// The training sizes whose cells stream X (`StreamedGaussianDesign`) instead of storing it: those too
    /// large to hold under `--design auto`, every size under `--design streamed`. Their test sample is
    /// streamed too.
    public let streamedSizes: Set<Int>

    /// The target convention the rows record: `label` for classification (labels are the only
    /// target), otherwise the experiment's.
    public var targetName: String { data.task == .classification ? "label" : experiment.target.rawValue }

    /// The threat model handed to every fit (`FitContext.threatModel`): the one all the experiment's
    /// attacks share, nil when they differ (adversarial training then uses its own `radius`).
    public var sharedThreatModel: ThreatModel? {
        let threats = attacks.map(\.threatModel)
        guard let first = threats.first, threats.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// Builds and checks everything before any sample is drawn; every problem is one clear error.
    public init(
        _ experiment: Experiment, registry: Registry,
        availableMemory: Double = Double(ProcessInfo.processInfo.physicalMemory)
    ) throws(ZooError) {
        guard !experiment.sampleSizes.isEmpty else { throw .usage("no training sizes given (--n)") }
        if let bad = experiment.sampleSizes.first(where: { $0 <= 0 }) {
            throw .usage("training size n must be positive, got \(bad)")
        }
        guard experiment.testSize > 0 else { throw .usage("test size must be positive, got \(experiment.testSize)") }
        guard experiment.seedCount > 0 else { throw .usage("--seeds must be at least 1, got \(experiment.seedCount)") }
        guard UInt64(experiment.seedCount - 1) <= UInt64.max - experiment.firstSeed else {
            throw .usage(
                "seeds \(experiment.firstSeed) … \(experiment.firstSeed) + \(experiment.seedCount - 1) pass 2^64 − 1, the largest seed: lower --seed or --seeds"
            )
        }
        guard !experiment.estimators.isEmpty else { throw .usage("no estimators given (--estimators)") }
        guard !experiment.attacks.isEmpty else { throw .usage("no attacks given (--attacks)") }

        let data = try registry.makeDataModel(experiment.data)
        let estimators = try experiment.estimators.map { spec throws(ZooError) in try registry.makeEstimator(spec) }
        let attacks = try experiment.attacks.map { spec throws(ZooError) in try registry.makeAttack(spec) }
        try Self.checkDistinct(experiment.sampleSizes.map(String.init), what: "training size n", option: "--n")
        try Self.checkDistinct(
            estimators.map(\.spec), given: experiment.estimators.map(\.description), what: "estimator",
            option: "--estimators")
        try Self.checkDistinct(
            attacks.map(\.spec), given: experiment.attacks.map(\.description), what: "attack", option: "--attacks")
        try Self.checkCompatibility(estimators: estimators, attacks: attacks, registry: registry, task: data.task)
        try Self.checkTasks(attacks: attacks, task: data.task, data: data.spec)
        if !data.hasGroundTruth && experiment.target != .label && data.task == .regression {
            throw .usage(
                "\(data.spec) has no ground truth f*, so target '\(experiment.target.rawValue)' is undefined: use --target label"
            )
        }
        if experiment.target == .consistent && data.task == .regression && !data.linearTruthAvailable {
            throw .usage(
                "\(data.spec): the consistent target t = f*(x + δ) needs a linear ground truth f*(x) = θ*ᵀx, which \(type(of: data).name) does not have: use --target clean or label"
            )
        }
        // Cells and time first (Double arithmetic only), so no size reaches a component's estimate unchecked.
        cellCount = try ResourceModel.checkRun([(experiment, data.dimension ?? 1, estimators, attacks)])
        // Every cell's feasibility before the first one runs (a CSV pool smaller than some n).
        for n in experiment.sampleSizes { try data.checkTrainingSize(n) }
        streamedSizes = try Self.chooseStorage(
            experiment, data: data, estimators: estimators, attacks: attacks,
            registry: registry, available: availableMemory)
        self.experiment = experiment
        self.data = data
        self.estimators = estimators
        self.attacks = attacks
    }

    /// Refuses an attack whose required capabilities an estimator's models lack, naming what is missing
    /// and which registered attacks would work (on `task` data, when it is known).
    public static func checkCompatibility(
        estimators: [any Estimator], attacks: [any Attack], registry: Registry, task: Task? = nil
    ) throws(ZooError) {
        for estimator in estimators {
            let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
            for attack in attacks {
                let missing = type(of: attack).requirements.subtracting(provided)
                guard missing.isEmpty else {
                    let workable = registry.components(ofKind: .attack)
                        .filter { component in
                            let type = component.type as! any Attack.Type
                            return type.requirements.isSubset(of: provided)
                                && task.map(type.supportedTasks.contains) ?? true
                        }
                        .map(\.name)
                    let suggestion =
                        workable.isEmpty
                        ? "no registered attack applies" : "attacks that work: " + workable.joined(separator: ", ")
                    throw .usage(
                        "\(attack.spec) cannot attack \(estimator.spec): it needs \(missing.sorted().map(\.rawValue).joined(separator: ", ")), which \(type(of: estimator).name) models do not provide (\(suggestion))"
                    )
                }
            }
        }
    }

    /// Refuses an attack that does not apply to `task` data (`data` names the data in the message).
    public static func checkTasks(attacks: [any Attack], task: Task, data: String) throws(ZooError) {
        for attack in attacks where !type(of: attack).supportedTasks.contains(task) {
            throw .usage(
                "\(attack.spec) does not apply to \(task.rawValue) data (\(data)): it is a \(type(of: attack).supportedTasks.map(\.rawValue).sorted().joined(separator: "/"))-only attack"
            )
        }
    }

    /// Refuses a list naming one component (or one n) twice: `ridge,ridge(lambda=0.01)` canonicalise to
    /// the same estimator, and a repeated cell would count as an extra seed in every summary.
    static func checkDistinct(_ canonical: [String], given: [String]? = nil, what: String, option: String)
        throws(ZooError)
    {
        var first = [String: Int]()
        for (index, key) in canonical.enumerated() {
            if let earlier = first[key] {
                let names =
                    given.map { "'\($0[earlier])' and '\($0[index])' are both \(key)" } ?? "\(key) appears twice"
                throw .usage("\(option) lists the same \(what) twice (\(names)): remove the duplicate")
            }
            first[key] = index
        }
    }

    // MARK: Whole-run limits

    /// The most cells one run may have (`ResourceModel.maximumCells`).
    public static let maximumCells = ResourceModel.maximumCells

    /// Estimated peak bytes of a cell of size n with X stored: the draws, the largest fit, and the
    /// attacks' working copies of the test inputs.
    static func storedBytes(n: Int, data: any DataModel, estimators: [any Estimator], testSize: Int, dimension: Int)
        -> Double
    {
        let dataBytes = data.estimatedBytes(trainingSize: n, testSize: testSize)
        let fitBytes = estimators.map { $0.estimatedFitBytes(samples: n, dimension: dimension) }.max() ?? 0
        let attackBytes = 3 * Double(testSize) * Double(dimension) * 8
        return dataBytes + fitBytes + attackBytes
    }

    /// Refuses, before allocating, a stored cell whose estimate exceeds three quarters of the machine's
    /// memory.
    static func checkMemory(
        data: any DataModel, estimators: [any Estimator], sizes: [Int], testSize: Int,
        dimension: Int, available: Double, hint: String = ""
    ) throws(ZooError) {
        guard let n = sizes.max() else { return }
        let total = storedBytes(n: n, data: data, estimators: estimators, testSize: testSize, dimension: dimension)
        guard total <= 0.75 * available else {
            let streaming =
                data is any StreamingDataModel
                ? ""
                : " (\(type(of: data).name) cannot stream X: only the Gaussian data models regenerate it block by block)"
            // Name the size that drives the estimate: the training sample, the test sample and attack copies, or the fit.
            let training = data.estimatedBytes(trainingSize: n, testSize: 0)
            let test =
                data.estimatedBytes(trainingSize: 0, testSize: testSize) + 3 * Double(testSize) * Double(dimension) * 8
            let fit = estimators.map { $0.estimatedFitBytes(samples: n, dimension: dimension) }.max() ?? 0
            let driver =
                test >= training && test >= fit
                ? "the test sample (--test \(testSize)) is the largest part: lower --test or d"
                : fit > training
                    ? "the fit is the largest part: lower n or d"
                    : "the training sample is the largest part: lower n or d"
            throw .resources(
                String(
                    format:
                        "n=%ld, d=%ld with %ld test points needs about %.1f GiB, more than the %.1f GiB this machine can spare: ",
                    n, dimension, testSize, total / 1_073_741_824, 0.75 * available / 1_073_741_824) + driver
                    + streaming + hint)
        }
    }
}
