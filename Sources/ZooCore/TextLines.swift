// MARK: - Lines of text written by any program

/// Splits text into lines the same way for every reader of zoo's line-based files (result files, run
/// headers, reports), whatever program wrote them (docs/reliability.md):
/// - a leading UTF-8 byte-order mark (U+FEFF) is ignored;
/// - lines end with `\n` or `\r\n` (one `\r` before the `\n` is removed);
/// - splitting works on Unicode scalars, because Swift treats `\r\n` as one `Character`, so splitting a
///   `String` at `"\n"` would never split a CRLF file.
public enum TextLines {
    /// The byte-order mark some editors put first.
    public static let byteOrderMark: Unicode.Scalar = "\u{FEFF}"

    /// The text without a leading byte-order mark.
    public static func withoutByteOrderMark(_ text: String) -> Substring {
        text.unicodeScalars.first == byteOrderMark ? Substring(text.unicodeScalars.dropFirst()) : Substring(text)
    }

    /// The lines, without their line ends; the last element is the text after the last line break
    /// (empty when the text ends with one), like `split(separator:omittingEmptySubsequences: false)`.
    public static func split(_ text: String) -> [Substring] {
        let body = withoutByteOrderMark(text)
        var lines = [Substring]()
        var start = body.unicodeScalars.startIndex
        let scalars = body.unicodeScalars
        var index = start
        while index < scalars.endIndex {
            if scalars[index] == "\n" {
                var end = index
                if end > start, scalars[scalars.index(before: end)] == "\r" { end = scalars.index(before: end) }
                lines.append(Substring(scalars[start..<end]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    /// Whether the text ends with a line break.
    public static func endsWithLineBreak(_ text: String) -> Bool { text.unicodeScalars.last == "\n" }
}
