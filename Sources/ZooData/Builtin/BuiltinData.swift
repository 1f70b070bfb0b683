// MARK: - Data sets compiled into zoo

/// The real data sets of Examples/data, compiled in (scripts/embed-data.sh writes one source file per
/// data set), so `csv(path=builtin:NAME)` and the presets built on them work from any directory and
/// from an installed binary.
///
/// - `builtin:breast-cancer`: Wisconsin Diagnostic Breast Cancer (569 × 30, labels ±1).
/// - `builtin:diabetes`: Efron et al.'s diabetes progression (442 × 10, regression).
/// - `builtin:digits`: UCI optical recognition of handwritten digits, the 8×8 copy bundled with
///   scikit-learn (1797 × 64, pixels 0…16, label 0…9 in the last column; CC BY 4.0).
public enum BuiltinData {
    /// The prefix of a `path` that names a compiled-in data set.
    public static let prefix = "builtin:"

    /// The compiled-in data sets by name, with the file each is a copy of.
    public static let sets: [(name: String, file: String)] = [
        ("breast-cancer", "Examples/data/breast_cancer.csv"),
        ("diabetes", "Examples/data/diabetes.csv"),
        ("digits", "Examples/data/digits.csv"),
    ]

    /// The CSV text of `builtin:NAME` (byte for byte its file in Examples/data), nil for another name.
    public static func text(named name: String) -> String? {
        switch name {
        case "breast-cancer": breastCancer + "\n"
        case "diabetes": diabetes + "\n"
        case "digits": digits + "\n"
        default: nil
        }
    }
}
