import Foundation
import ZooCore
import ZooLinalg

// MARK: - Stored or streamed designs

extension ExperimentPlan {
    /// Whether the cells of training size n stream X.
    public func streams(_ n: Int) -> Bool { streamedSizes.contains(n) }

    /// Decides which sizes stream (`Experiment.designStorage`), checks that the components support it,
    /// and checks the memory of both kinds of cell. Returns the streamed sizes.
    static func chooseStorage(
        _ experiment: Experiment, data: any DataModel, estimators: [any Estimator],
        attacks: [any Attack], registry: Registry, available: Double
    ) throws(ZooError) -> Set<Int> {
        let sizes = experiment.sampleSizes
        let m = experiment.testSize
        guard let d = data.dimension else {
            if experiment.designStorage == .streamed { throw notStreamable(data) }
            return []
        }
        let budget = 0.75 * available
        var streamed = Set<Int>()
        var hint = ""
        switch experiment.designStorage {
        case .stored: break
        case .streamed:
            guard data is any StreamingDataModel else { throw notStreamable(data) }
            streamed = Set(sizes)
        case .auto:
            // Stream what cannot be stored, where streaming can work (n ≤ d, components that stream);
            // otherwise the memory check below refuses the size, saying why it cannot stream.
            guard data is any StreamingDataModel else { break }
            let tooLarge = sizes.filter {
                storedBytes(n: $0, data: data, estimators: estimators, testSize: m, dimension: d) > budget
            }
            if let blocker = streamingBlocker(estimators: estimators, attacks: attacks) {
                hint = "; streaming X would avoid storing it, but \(blocker)"
            } else {
                streamed = Set(tooLarge.filter { $0 <= d })
                if tooLarge.contains(where: { $0 > d }) { hint = "; streaming X needs n ≤ d" }
            }
        }
        try checkMemory(
            data: data, estimators: estimators, sizes: sizes.filter { !streamed.contains($0) },
            testSize: m, dimension: d, available: available, hint: hint)
        guard let largest = streamed.max() else { return [] }
        let reason =
            experiment.designStorage == .streamed
            ? "--design streamed regenerates X block by block instead of storing it"
            : String(
                format:
                    "at n=%ld, d=%ld the stored X would need about %.1f GiB, more than the %.1f GiB this machine can spare, so X is regenerated block by block instead (streamed)",
                largest, d,
                storedBytes(n: largest, data: data, estimators: estimators, testSize: m, dimension: d) / 1_073_741_824,
                budget / 1_073_741_824)
        try checkStreamingComponents(estimators: estimators, attacks: attacks, registry: registry, reason: reason)
        if let wide = streamed.filter({ $0 > d }).min() {
            throw .usage(
                "\(reason); a streamed design needs n ≤ d (the Gram matrix XXᵀ is n×n), but n=\(wide) > d=\(d): lower n"
            )
        }
        let bytes = streamedBytes(n: largest, testSize: m, dimension: d, estimators: estimators.count)
        guard bytes <= budget else {
            // Name the size that drives the estimate: n (the n×n matrices), d (the d-vectors) or the test size.
            let gram = 8 * 3 * Double(largest) * Double(largest)
            let vectors = 8 * Double(2 * estimators.count + 6) * Double(d)
            let test =
                StreamedGaussianDesign(rows: m, columns: d, seed: 0, stream: 0).passBytes + 8
                * Double(estimators.count + 4) * Double(m)
            let driver =
                gram >= vectors && gram >= test
                ? "the n×n Gram matrix and its eigenvectors are the largest part: reduce n"
                : vectors >= test
                    ? "the d-vectors of the fits (d=\(d)) are the largest part: reduce d"
                    : "the test sample's passes (--test \(m)) are the largest part: reduce --test"
            throw .resources(
                String(
                    format:
                        "even streamed, n=%ld, d=%ld with %ld test points needs about %.1f GiB, more than the %.1f GiB this machine can spare: ",
                    largest, d, m, bytes / 1_073_741_824, budget / 1_073_741_824) + driver)
        }
        return streamed
    }

    /// Estimated peak bytes of a streamed cell: the fit's n×n matrices and d-vectors, the larger of the
    /// training and test passes' column blocks, and the test predictions and perturbation directions.
    static func streamedBytes(n: Int, testSize m: Int, dimension d: Int, estimators: Int) -> Double {
        let training = StreamedGaussianDesign(rows: n, columns: d, seed: 0, stream: 0).passBytes
        let test = StreamedGaussianDesign(rows: m, columns: d, seed: 0, stream: 0).passBytes
        let fit = 8 * (3 * Double(n) * Double(n) + Double(2 * estimators + 6) * Double(d))
        return fit + max(training, test) + 8 * Double(estimators + 4) * (Double(m) + Double(n))
    }

    /// Refuses estimators or attacks that need the stored X, naming them and those that stream.
    static func checkStreamingComponents(
        estimators: [any Estimator], attacks: [any Attack], registry: Registry,
        reason: String
    ) throws(ZooError) {
        guard let blocker = streamingBlocker(estimators: estimators, attacks: attacks) else { return }
        let streamingEstimators = registry.components(ofKind: .estimator).filter {
            $0.type is any StreamingEstimator.Type
        }.map(\.name)
        let streamingAttacks = registry.components(ofKind: .attack).filter { $0.type is any PredictionOnlyAttack.Type }
            .map(\.name)
        throw .usage(
            "\(reason); \(blocker). Streamed cells support the estimators \(streamingEstimators.joined(separator: ", ")) and the attacks \(streamingAttacks.joined(separator: ", ")): use those, or reduce n or d"
        )
    }

    /// "ntk, pgd-l2 need the stored X" for the components that cannot stream, nil when all can.
    static func streamingBlocker(estimators: [any Estimator], attacks: [any Attack]) -> String? {
        let culprits =
            estimators.filter { !($0 is any StreamingEstimator) }.map(\.spec)
            + attacks.filter { !($0 is any PredictionOnlyAttack) }.map(\.spec)
        guard !culprits.isEmpty else { return nil }
        return "\(culprits.joined(separator: ", ")) \(culprits.count == 1 ? "needs" : "need") the stored X"
    }

    private static func notStreamable(_ data: any DataModel) -> ZooError {
        .usage(
            "--design streamed: \(data.spec) cannot regenerate X block by block; only the Gaussian data models (isotropic, spiked, power-law) stream"
        )
    }
}
