import Foundation
import ZooCore
import ZooHarness

// MARK: - The run header beside a result file

/// Where a result file's run header (`RunFingerprint`, the experiment that wrote it) is kept: in a
/// sidecar file `FILE.run.json` next to `FILE` (`results.jsonl` → `results.jsonl.run.json`), one line
/// `{"zoo_run":{…}}`.
///
/// The result file itself then holds result rows only, so `pandas.read_json(FILE, lines=True)` and
/// `pandas.read_csv(FILE)` give exactly one row per result (docs/reading-results.md). `--resume`,
/// `zoo merge` and `zoo report` read the sidecar; a header line inside the result file (files written
/// before the sidecar existed) is still recognised when there is no sidecar.
///
/// The sidecar belongs to its result file and is replaced with it, written whole through the output
/// layer (`OutputTarget`: locked, atomic, regular files only): by `zoo run --out` before its first row, by
/// `zoo compare --out` and `zoo merge` when the result file is complete.
public enum RunHeaderFile {
    public static let suffix = ".run.json"

    /// The sidecar of a result file.
    public static func path(for resultPath: String) -> String { resultPath + suffix }

    /// Writes the sidecar of `resultPath`.
    public static func write(_ fingerprint: RunFingerprint, for resultPath: String) throws(ZooError) {
        try OutputTarget.write(
            fingerprint.headerLine + "\n", to: path(for: resultPath), option: "the run header of '\(resultPath)'",
            existing: .replace)
    }

    /// The sidecar's text, nil when there is none.
    public static func text(for resultPath: String) -> String? {
        FileManager.default.contents(atPath: path(for: resultPath)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The run header of `resultPath`: its sidecar's, else `inFile` (a header line read from the file
    /// itself), else nil. A sidecar that is not a run header is an error naming it.
    public static func fingerprint(for resultPath: String, inFile: RunFingerprint?) throws(ZooError) -> RunFingerprint?
    {
        guard let text = text(for: resultPath) else { return inFile }
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        do {
            if let header = try RunFingerprint.parseHeader(line) { return header }
        } catch {
            throw ZooError.invalidData(
                "\(path(for: resultPath)): \(error.description): delete it or restore the run header zoo wrote there")
        }
        throw ZooError.invalidData(
            "\(path(for: resultPath)) is not a run header (no \"\(RunFingerprint.headerKey)\" key): delete it or restore the run header zoo wrote there"
        )
    }
}
