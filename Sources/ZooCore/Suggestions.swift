// MARK: - "Did you mean"

/// Suggests the closest known names for a misspelt one.
public enum Suggestions {
    /// The Levenshtein edit distance between two strings (case-insensitive).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased()), t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let substitution = previous[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[t.count]
    }

    /// Candidates within a distance that grows with the word length, closest first; a candidate that
    /// contains the word (or is contained in it) also qualifies.
    public static func closest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let allowed = max(2, word.count / 3)
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(word, candidate)
            let lowerWord = word.lowercased(), lowerCandidate = candidate.lowercased()
            let related = !lowerWord.isEmpty && (lowerCandidate.contains(lowerWord) || lowerWord.contains(lowerCandidate))
            return distance <= allowed || related ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
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
