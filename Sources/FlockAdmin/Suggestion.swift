/// "Did you mean ...?" for typos: the nearest names by edit distance.
public enum Suggestion {
    /// Damerau-Levenshtein (optimal string alignment) distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                let deletion: Int = d[i - 1][j] + 1
                let insertion: Int = d[i][j - 1] + 1
                let substitution: Int = d[i - 1][j - 1] + cost
                var best = Swift.min(deletion, Swift.min(insertion, substitution))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    let transposition: Int = d[i - 2][j - 2] + 1
                    best = Swift.min(best, transposition)
                }
                d[i][j] = best
            }
        }
        return d[a.count][b.count]
    }

    /// The candidates nearest to `word` (within a third of its length, at least 2 edits), best
    /// first; names that start with `word` come first of all.
    public static func nearest(_ word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let w = word.lowercased()
        let prefixed = candidates.filter { $0.hasPrefix(w) && !w.isEmpty }.sorted()
        let budget = max(2, w.count / 3)
        var scored: [(name: String, edits: Int)] = []
        for c in candidates where !prefixed.contains(c) {
            let edits = distance(w, c)
            if edits <= budget { scored.append((c, edits)) }
        }
        scored.sort { (x, y) -> Bool in x.edits != y.edits ? x.edits < y.edits : x.name < y.name }
        let close: [String] = scored.map { $0.name }
        return Array((prefixed + close).prefix(limit))
    }
}
