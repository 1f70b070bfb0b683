import Foundation
import ZooCore

// MARK: - What determines a run's rows

/// Everything that determines the rows of a run, recorded as the first line of its JSON Lines file
/// (`{"zoo_run":{…}}`, docs/conventions.md §7) so that `zoo run --resume` (and any later append or merge)
/// refuses a file written by a different experiment instead of silently mixing rows.
///
/// Specs are the full canonical ones (every parameter), so `ridge` and `ridge(lambda=0.01)` agree.
/// Timings do not change any value but whether the timing columns are null, so they are recorded too.
public struct RunFingerprint: Sendable, Equatable, Codable {
    /// The version of the row format (`ResultRow`'s columns and their meaning); bumped when they change.
    public static let currentRowFormat = 1

    public var rowFormat: Int
    public var data: String
    public var estimators: [String]
    public var attacks: [String]
    public var target: String
    public var sampleSizes: [Int]
    public var testSize: Int
    public var firstSeed: UInt64
    public var seedCount: Int
    public var timings: Bool
    /// A grid run with several data specs: every group's canonical data, estimators and attacks in
    /// run order (nil for one group, whose specs are the fields above).
    public var groups: [Group]?
    /// `stored` or `streamed` when the run forced it (`--design`), nil for `auto`.
    public var design: String?
    /// `i/N` for a shard of a run (`zoo run --shard`), nil for a whole run.
    public var shard: String?
    /// The certification budget (`--certify`), nil when the run does not certify.
    public var certify: Int?
    /// The digest of every input file the data models read (`DataModel.sourceFiles`), by path as given; nil
    /// when they read none. A changed CSV file changes its digest, so `--resume` refuses the old rows.
    public var inputs: [String: String]?

    /// One group of a grid run: a data spec with every estimator and attack run on its samples.
    public struct Group: Sendable, Equatable, Codable, CustomStringConvertible {
        public var data: String
        public var estimators: [String]
        public var attacks: [String]

        public init(data: String, estimators: [String], attacks: [String]) {
            self.data = data
            self.estimators = estimators
            self.attacks = attacks
        }

        public var description: String { "\(data) × \(estimators) × \(attacks)" }
    }

    enum CodingKeys: String, CodingKey {
        case rowFormat = "row_format"
        case data, estimators, attacks, target
        case sampleSizes = "n"
        case testSize = "test"
        case firstSeed = "seed"
        case seedCount = "seeds"
        case timings, groups, shard, design, certify, inputs
    }

    /// Every key a header may hold; `parseHeader` refuses any other (a header from another program or a
    /// newer zoo is not silently half-read).
    public static let knownKeys: Set<String> = [
        "row_format", "data", "estimators", "attacks", "target", "n", "test", "seed",
        "seeds", "timings", "groups", "shard", "design", "inputs",
    ]

    public init(
        rowFormat: Int = RunFingerprint.currentRowFormat, data: String, estimators: [String], attacks: [String],
        target: String, sampleSizes: [Int], testSize: Int, firstSeed: UInt64, seedCount: Int, timings: Bool
    ) {
        self.rowFormat = rowFormat
        self.data = data
        self.estimators = estimators
        self.attacks = attacks
        self.target = target
        self.sampleSizes = sampleSizes
        self.testSize = testSize
        self.firstSeed = firstSeed
        self.seedCount = seedCount
        self.timings = timings
    }

    /// The fingerprint of a validated plan (canonical specs).
    public init(plan: ExperimentPlan) {
        let e = plan.experiment
        self.init(
            data: plan.data.spec, estimators: plan.estimators.map(\.spec), attacks: plan.attacks.map(\.spec),
            target: plan.targetName, sampleSizes: e.sampleSizes, testSize: e.testSize, firstSeed: e.firstSeed,
            seedCount: e.seedCount, timings: e.recordTimings)
        design = e.designStorage == .auto ? nil : e.designStorage.rawValue
        certify = e.certification?.budget
    }

    /// The fingerprint of a grid run's groups (in run order), optionally of one shard of it. The
    /// top-level specs are the first group's; `groups` lists all of them when there is more than one.
    public init(plans: [ExperimentPlan], shard: String? = nil) {
        self.init(plan: plans[0])
        if plans.count > 1 {
            groups = plans.map {
                Group(data: $0.data.spec, estimators: $0.estimators.map(\.spec), attacks: $0.attacks.map(\.spec))
            }
        }
        self.shard = shard
        var digests = [String: String]()
        for plan in plans {
            for path in plan.data.sourceFiles { digests[path] = InputFileDigest.of(path: path) ?? "unreadable" }
        }
        inputs = digests.isEmpty ? nil : digests
    }

    /// Every group of the run: `groups`, or the single group of the top-level specs.
    public var allGroups: [Group] { groups ?? [Group(data: data, estimators: estimators, attacks: attacks)] }

    /// The design storage, `auto` when not forced.
    public var designText: String { design ?? DesignStorage.auto.rawValue }

    /// The certification budget, or "off".
    public var certifyText: String { certify.map { "budget \($0)" } ?? "off" }

    /// `i/N`, or "whole run".
    public var shardText: String { shard ?? "whole run" }

    /// The same run as a whole (no shard).
    public var wholeRun: RunFingerprint {
        var copy = self
        copy.shard = nil
        return copy
    }

    /// The fields that differ, each as `name: other → self` (empty when equal), for an error message.
    public func differences(from other: RunFingerprint) -> [String] {
        func field<T: Equatable>(_ name: String, _ path: KeyPath<RunFingerprint, T>) -> String? {
            other[keyPath: path] == self[keyPath: path]
                ? nil : "\(name): \(other[keyPath: path]) → \(self[keyPath: path])"
        }
        return [
            field("row format", \.rowFormat), field("data", \.data), field("estimators", \.estimators),
            field("attacks", \.attacks), field("target", \.target), field("n", \.sampleSizes),
            field("test", \.testSize),
            field("seed", \.firstSeed), field("seeds", \.seedCount), field("timings", \.timings),
            other.allGroups == allGroups || other.allGroups.count == 1 && allGroups.count == 1
                ? nil
                : "grid groups: \(other.allGroups.count) (\(other.allGroups.map(\.data).joined(separator: ", "))) → \(allGroups.count) (\(allGroups.map(\.data).joined(separator: ", ")))",
            field("design", \.designText),
            other.inputs == inputs
                ? nil
                : "input files: \((inputs ?? [:]).keys.filter { other.inputs?[$0] != inputs?[$0] }.sorted().joined(separator: ", ")) changed since",
            field("shard", \.shardText),
            field("certify", \.certifyText),
        ].compactMap { $0 }
    }

    // MARK: The header line

    /// The key of the header object: `{"zoo_run":{…}}`.
    public static let headerKey = "zoo_run"

    private struct Header: Codable {
        let zoo_run: RunFingerprint
    }

    /// The header line (without line break): one JSON object, keys sorted.
    public var headerLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and booleans always encode.
        guard let data = try? encoder.encode(Header(zoo_run: self)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether a line is a run header (a JSON object whose first key is `"zoo_run"`), without decoding it.
    public static func isHeaderLine(_ line: some StringProtocol) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("{\"\(headerKey)\"")
    }

    /// Reads a header line; throws `ZooError.invalidData` if it is one but malformed, returns nil if the
    /// line is not a header.
    public static func parseHeader(_ line: some StringProtocol) throws(ZooError) -> RunFingerprint? {
        guard isHeaderLine(line) else { return nil }
        let object = (try? JSONSerialization.jsonObject(with: Data(String(line).utf8))) as? [String: Any]
        if let object {
            let unknownTop = object.keys.filter { $0 != headerKey }.sorted()
            guard unknownTop.isEmpty else {
                throw .invalidData(
                    "malformed run header: unknown key(s) \(unknownTop.joined(separator: ", ")) next to \"\(headerKey)\""
                )
            }
            if let fields = object[headerKey] as? [String: Any] {
                let unknown = fields.keys.filter { !knownKeys.contains($0) }.sorted()
                guard unknown.isEmpty else {
                    throw .invalidData(
                        "malformed run header (\"\(headerKey)\"): unknown field(s) \(unknown.joined(separator: ", ")) (written by another program or a newer zoo?)"
                    )
                }
            }
        }
        do {
            return try JSONDecoder().decode(Header.self, from: Data(String(line).utf8)).zoo_run
        } catch {
            throw .invalidData("malformed run header (\"\(headerKey)\"): \(error)")
        }
    }
}
