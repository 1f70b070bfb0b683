// MARK: - "Did you mean"

/// Suggests the closest known names for a misspelt one.
public enum Suggestions {
    /// The edit distance between two strings (case-insensitive), counting an insertion, a deletion, a
    /// substitution or a swap of two adjacent characters as one edit (optimal string alignment).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased())
        let t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { table[i][0] = i }
        for j in 0...t.count { table[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[s.count][t.count]
    }

    /// The closest candidates: those within a distance that grows with the word length (or that contain
    /// the word, or are contained in it), keeping only the best distance found.
    public static func closest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let allowed = max(2, word.count / 3)
        let lowerWord = word.lowercased()
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(word, candidate)
            let lowerCandidate = candidate.lowercased()
            let related =
                !lowerWord.isEmpty && (lowerCandidate.contains(lowerWord) || lowerWord.contains(lowerCandidate))
            return distance <= allowed || related ? (candidate, distance) : nil
        }
        guard let best = scored.map(\.1).min() else { return [] }
        let near = scored.filter { $0.1 == best || $0.1 <= 1 }
        return near.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// " (did you mean 'ridge'?)" or "" when nothing is close; `known` lists all names otherwise.
    public static func hint(for word: String, among candidates: [String]) -> String {
        let close = closest(to: word, among: candidates)
        if close.isEmpty {
            return "; known: " + candidates.sorted().joined(separator: ", ")
        }
        return " (did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?)"
    }
}
