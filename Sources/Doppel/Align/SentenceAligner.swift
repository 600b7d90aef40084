/// A pair of sentences, one from each article, that say the same thing.
public struct AlignedSentence: Sendable, Hashable {
    public let a: Int
    public let b: Int
    /// Weighted overlap of their content words and names, 0…1.
    public let similarity: Double
}

/// Aligns the sentences of two articles in order (a monotone alignment, as a copy keeps the
/// order of its source), maximizing the summed similarity of the matched pairs.
public struct SentenceAligner: Sendable {
    /// Two sentences can align from this similarity on. Spun rewrites of our fixtures keep
    /// 0.35–0.8 of the weighted content words of a sentence; unrelated sentences about the same
    /// people stay below 0.25 (see the alignment tests).
    public var threshold = 0.3
    /// Extra weight of names and numbers, which a paraphrase keeps while it swaps the words around.
    public var nameWeight = 2.0

    public init() {}

    public func align(_ a: AnalyzedArticle, _ b: AnalyzedArticle, frequencies: DocumentFrequencies) -> [AlignedSentence] {
        let n = a.sentences.count, m = b.sentences.count
        guard n > 0, m > 0 else { return [] }
        var sim = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m {
                sim[i * m + j] = similarity(a.sentences[i], b.sentences[j], frequencies)
            }
        }
        // score[i][j]: best total over the first i sentences of a and the first j of b.
        var score = [Double](repeating: 0, count: (n + 1) * (m + 1))
        let w = m + 1
        for i in 1...n {
            for j in 1...m {
                var best = max(score[(i - 1) * w + j], score[i * w + j - 1])
                let s = sim[(i - 1) * m + j - 1]
                if s >= threshold { best = max(best, score[(i - 1) * w + j - 1] + s) }
                score[i * w + j] = best
            }
        }
        var pairs: [AlignedSentence] = []
        var i = n, j = m
        while i > 0 && j > 0 {
            let s = sim[(i - 1) * m + j - 1]
            if s >= threshold && score[i * w + j] == score[(i - 1) * w + j - 1] + s {
                pairs.append(AlignedSentence(a: i - 1, b: j - 1, similarity: s))
                i -= 1; j -= 1
            } else if score[(i - 1) * w + j] >= score[i * w + j - 1] {
                i -= 1
            } else {
                j -= 1
            }
        }
        return pairs.reversed()
    }

    /// Weighted Dice overlap of two sentences' terms (IDF weights, names and numbers heavier).
    public func similarity(_ x: Sentence, _ y: Sentence, _ frequencies: DocumentFrequencies) -> Double {
        guard !x.terms.isEmpty, !y.terms.isEmpty else { return 0 }
        func weight(_ term: String, _ s: Sentence) -> Double {
            frequencies.idf(term) * (s.names.contains(term) ? nameWeight : 1)
        }
        var shared = 0.0, total = 0.0
        for term in x.terms {
            let w = weight(term, x)
            total += w
            if y.terms.contains(term) { shared += w + weight(term, y) }
        }
        for term in y.terms { total += weight(term, y) }
        return shared / total
    }
}

extension [AlignedSentence] {
    /// The alignment as a map from the first article's sentence indexes to the second's.
    public var sentenceMap: [Int: Int] { Dictionary(map { ($0.a, $0.b) }, uniquingKeysWith: { first, _ in first }) }
}
