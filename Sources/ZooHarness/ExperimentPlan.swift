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
    public init(_ experiment: Experiment, registry: Registry,
                availableMemory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws(ZooError) {
        guard !experiment.sampleSizes.isEmpty else { throw .usage("no training sizes given (--n)") }
        if let bad = experiment.sampleSizes.first(where: { $0 <= 0 }) {
            throw .usage("training size n must be positive, got \(bad)")
        }
        guard experiment.testSize > 0 else { throw .usage("test size must be positive, got \(experiment.testSize)") }
        guard experiment.seedCount > 0 else { throw .usage("--seeds must be at least 1, got \(experiment.seedCount)") }
        guard UInt64(experiment.seedCount - 1) <= UInt64.max - experiment.firstSeed else {
            throw .usage("seeds \(experiment.firstSeed) … \(experiment.firstSeed) + \(experiment.seedCount - 1) pass 2^64 − 1, the largest seed: lower --seed or --seeds")
        }
        guard !experiment.estimators.isEmpty else { throw .usage("no estimators given (--estimators)") }
        guard !experiment.attacks.isEmpty else { throw .usage("no attacks given (--attacks)") }

        let data = try registry.makeDataModel(experiment.data)
        let estimators = try experiment.estimators.map { spec throws(ZooError) in try registry.makeEstimator(spec) }
        let attacks = try experiment.attacks.map { spec throws(ZooError) in try registry.makeAttack(spec) }
        try Self.checkCompatibility(estimators: estimators, attacks: attacks, registry: registry)
        for attack in attacks where !type(of: attack).supportedTasks.contains(data.task) {
            throw .usage("\(attack.spec) does not apply to \(data.task.rawValue) data (\(data.spec)): it is a \(type(of: attack).supportedTasks.map(\.rawValue).sorted().joined(separator: "/"))-only attack")
        }
        if !data.hasGroundTruth && experiment.target != .label && data.task == .regression {
            throw .usage("\(data.spec) has no ground truth f*, so target '\(experiment.target.rawValue)' is undefined: use --target label")
        }
        if experiment.target == .consistent && data.task == .regression && !data.linearTruthAvailable {
            throw .usage("\(data.spec): the consistent target t = f*(x + δ) needs a linear ground truth f*(x) = θ*ᵀx, which \(type(of: data).name) does not have: use --target clean or label")
        }
        if let d = data.dimension {
            try Self.checkMemory(data: data, estimators: estimators, sizes: experiment.sampleSizes,
                                 testSize: experiment.testSize, dimension: d, available: availableMemory)
        }
        self.experiment = experiment
        self.data = data
        self.estimators = estimators
        self.attacks = attacks
    }

    /// Refuses an attack whose required capabilities an estimator's models lack, naming what is missing
    /// and which registered attacks would work.
    public static func checkCompatibility(estimators: [any Estimator], attacks: [any Attack], registry: Registry) throws(ZooError) {
        for estimator in estimators {
            let provided = type(of: estimator).capabilities.union(Capability.suppliedByHarness)
            for attack in attacks {
                let missing = type(of: attack).requirements.subtracting(provided)
                guard missing.isEmpty else {
                    let workable = registry.components(ofKind: .attack)
                        .filter { ($0.type as! any Attack.Type).requirements.isSubset(of: provided) }
                        .map(\.name)
                    let suggestion = workable.isEmpty ? "no registered attack applies" : "attacks that work: " + workable.joined(separator: ", ")
                    throw .usage("\(attack.spec) cannot attack \(estimator.spec): it needs \(missing.sorted().map(\.rawValue).joined(separator: ", ")), which \(type(of: estimator).name) models do not provide (\(suggestion))")
                }
            }
        }
    }

    /// Estimates the peak bytes of the largest cell and refuses before allocating if it exceeds
    /// three quarters of the machine's memory.
    static func checkMemory(data: any DataModel, estimators: [any Estimator], sizes: [Int], testSize: Int,
                            dimension: Int, available: Double) throws(ZooError) {
        let n = sizes.max()!
        let dataBytes = data.estimatedBytes(trainingSize: n, testSize: testSize)
        let fitBytes = estimators.map { $0.estimatedFitBytes(samples: n, dimension: dimension) }.max() ?? 0
        let attackBytes = 3 * Double(testSize) * Double(dimension) * 8
        let total = dataBytes + fitBytes + attackBytes
        guard total <= 0.75 * available else {
            throw .resources(String(format: "n=%d, d=%d with %d test points needs about %.1f GiB, more than the %.1f GiB this machine can spare: reduce n, d or --test",
                                    n, dimension, testSize, total / 1_073_741_824, 0.75 * available / 1_073_741_824))
        }
    }
}
