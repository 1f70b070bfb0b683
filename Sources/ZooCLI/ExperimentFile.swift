import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - zoo run SPEC.json

/// An experiment file for `zoo run`: the same choices as `zoo compare`'s flags, as JSON.
///
/// ```json
/// { "data": "spiked(d=2000)", "estimators": ["min-norm", "ridge(lambda=0.01)"],
///   "attacks": ["exact-l2(radius=0.1)"], "n": [100, 200, 400], "test": 1000,
///   "seeds": 5, "seed": 0, "target": "clean", "timings": true }
/// ```
/// Only `data`, `estimators`, `attacks` and `n` are required. Unknown keys are refused with a
/// "did you mean" hint, so a typo never silently falls back to a default.
struct ExperimentFile: Decodable {
    /// The data-model spec.
    var data: String
    /// Estimator specs (each may also be a comma-separated list).
    var estimators: [String]
    /// Attack specs.
    var attacks: [String]
    /// Training sizes.
    var n: [Int]
    /// Test points per (n, seed); default 1000.
    var test: Int?
    /// Number of seeds; default 1.
    var seeds: Int?
    /// First seed; default 0.
    var seed: UInt64?
    /// `clean`, `label` or `consistent`; default `clean`.
    var target: String?
    /// Record timings; default true.
    var timings: Bool?

    static let keys = ["data", "estimators", "attacks", "n", "test", "seeds", "seed", "target", "timings"]

    /// Reads and validates the file at `path`.
    static func load(_ path: String) throws(ZooError) -> Experiment {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .io("cannot read experiment file '\(path)': \(FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .invalidData("\(path): malformed JSON (\(Self.reason(error)))")
        }
        guard let dictionary = object as? [String: Any] else { throw .invalidData("\(path): the top level must be a JSON object") }
        for key in dictionary.keys.sorted() where !keys.contains(key) {
            throw .usage("\(path): unknown key '\(key)'" + Suggestions.hint(for: key, among: keys))
        }
        let file: ExperimentFile
        do { file = try JSONDecoder().decode(ExperimentFile.self, from: data) } catch let error as DecodingError {
            throw .invalidData("\(path): \(Self.describe(error))")
        } catch {
            throw .invalidData("\(path): \(error.localizedDescription)")
        }
        return try file.experiment(source: path)
    }

    func experiment(source: String) throws(ZooError) -> Experiment {
        var target = TargetConvention.clean
        if let text = self.target {
            guard let parsed = TargetConvention(rawValue: text) else {
                throw .usage("\(source): target must be clean, label or consistent, got '\(text)'")
            }
            target = parsed
        }
        return Experiment(
            data: try ComponentSpec(parsing: data),
            estimators: try ComponentSpec.parseLists(estimators),
            attacks: try ComponentSpec.parseLists(attacks),
            sampleSizes: n, testSize: test ?? 1000, seedCount: seeds ?? 1, firstSeed: seed ?? 0,
            target: target, recordTimings: timings ?? true)
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing required key '\(key.stringValue)'"
        case .typeMismatch(let type, let context): return "'\(path(context))' should be \(type == [String].self ? "a list of strings" : "\(type)")"
        case .valueNotFound(_, let context): return "'\(path(context))' is null"
        case .dataCorrupted(let context): return "'\(path(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
