/// A word-level difference between two texts, in the `wdiff` style:
/// `[-removed words-] {+inserted words+}`, unchanged words as they are.
public enum WordDiff {
    /// The words of `old` removed and those of `new` inserted, compared in comparison form (so
    /// typography alone is no difference).
    public static func diff(_ old: String, _ new: String) -> String {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        let ka = a.map(Normalizer.comparisonForm), kb = b.map(Normalizer.comparisonForm)
        // Longest common subsequence table over comparison forms.
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = ka[i] == kb[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var removed: [String] = [], inserted: [String] = []
        func flush() {
            if !removed.isEmpty { out.append("[-" + removed.joined(separator: " ") + "-]") }
            if !inserted.isEmpty { out.append("{+" + inserted.joined(separator: " ") + "+}") }
            removed = []; inserted = []
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && ka[i] == kb[j] {
                flush()
                out.append(b[j]); i += 1; j += 1
            } else if j < b.count && (i == a.count || lcs[i][j + 1] >= lcs[i + 1][j]) {
                inserted.append(b[j]); j += 1
            } else {
                removed.append(a[i]); i += 1
            }
        }
        flush()
        return out.joined(separator: " ")
    }
}
