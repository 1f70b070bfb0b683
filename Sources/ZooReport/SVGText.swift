// MARK: - Text and numbers in SVG and HTML

/// Escaping and measuring of text placed into SVG or HTML markup.
public enum MarkupText {
    /// Escapes `&`, `<`, `>`, `"` and `'` so that `text` is safe in element content and in quoted
    /// attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Average advance width of a sans-serif character, as a fraction of the font size (an estimate:
    /// SVG has no text measurement without a script).
    public static let averageCharacterWidth = 0.6

    /// The estimated width in pixels of `text` at `fontSize`.
    public static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * averageCharacterWidth
    }

    /// `text` shortened to at most `limit` characters, ending in `…` when cut.
    public static func truncated(_ text: String, limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// A coordinate rounded to 1/100 pixel, without a trailing `.0` (locale-free, deterministic).
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e9 { return String(Int(rounded)) }
        return rounded.description
    }
}

// MARK: - Breaking lines between words only

extension MarkupText {
    /// `text` escaped for HTML so that a browser breaks its lines only at spaces and after commas (inside
    /// a spec such as `spiked(d=4000,k=10,…)`), never inside a word nor at the hyphen of `exact-l2` or
    /// `min-norm`: each piece is an unbreakable `<span class="unbroken">`, with `<wbr>` after commas.
    /// The text itself (as copied) is unchanged.
    public static func breakingBetweenWords(_ text: String) -> String {
        guard !text.contains("\n") else {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map {
                breakingBetweenWords(String($0))
            }.joined(separator: "\n")
        }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard !word.isEmpty else { return "" }
            let pieces = word.split(separator: ",", omittingEmptySubsequences: false)
            return pieces.indices.map { index in
                "<span class=\"unbroken\">" + escape(String(pieces[index]) + (index < pieces.count - 1 ? "," : ""))
                    + "</span>"
            }.joined(separator: "<wbr>")
        }.joined(separator: " ")
    }
}
