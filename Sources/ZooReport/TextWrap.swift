// MARK: - Word wrap

/// The one word wrap of every text output (help, `zoo describe`, table titles).
public enum TextWrap {
    /// Breaks `text` into lines of at most `width` characters. Break points are spaces and, with
    /// `breakingAfterCommas` (specs such as `ridge(lambda=0.1,…)`), the point after a comma. The first
    /// line keeps the text's leading spaces; continuation lines start with `indent`; a run of spaces at
    /// a break is dropped and elsewhere becomes one space. A piece longer than the width stays whole;
    /// text that fits is returned unchanged.
    public static func lines(_ text: String, width: Int, indent: String, breakingAfterCommas: Bool = false) -> [String]
    {
        guard text.count > width else { return [text] }
        let leading = String(text.prefix { $0 == " " })
        var lines: [String] = []
        var line = leading
        var lineHasContent = false
        for (piece, followsSpace) in pieces(text.dropFirst(leading.count), breakingAfterCommas: breakingAfterCommas) {
            let joiner = lineHasContent && followsSpace ? " " : ""
            if lineHasContent && line.count + joiner.count + piece.count > width {
                lines.append(line)
                line = indent + piece
            } else {
                line += joiner + piece
            }
            lineHasContent = true
        }
        lines.append(line)
        return lines
    }

    /// The unbreakable pieces of `text` and whether a space precedes each.
    private static func pieces(_ text: Substring, breakingAfterCommas: Bool) -> [(String, Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var followsSpace = false
        var pieceFollowsSpace = false
        for character in text {
            if character == " " {
                if !current.isEmpty {
                    result.append((current, pieceFollowsSpace))
                    current = ""
                }
                followsSpace = true
                continue
            }
            if current.isEmpty {
                pieceFollowsSpace = followsSpace
                followsSpace = false
            }
            current.append(character)
            if breakingAfterCommas && character == "," {
                result.append((current, pieceFollowsSpace))
                current = ""
            }
        }
        if !current.isEmpty { result.append((current, pieceFollowsSpace)) }
        return result
    }
}
