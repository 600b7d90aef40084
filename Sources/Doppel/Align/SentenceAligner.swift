/// A pair of sentences, one from each article, that say the same thing.
public struct AlignedSentence: Sendable, Hashable {
    public let a: Int
    public let b: Int
    /// Weighted overlap of their content words and names, 0…1.
    public let similarity: Double
}

/// A sentence's terms with their weights, ready for fast comparison (sorted by term hash).
public struct WeightedSentence: Sendable {
    let terms: [UInt64]
    let weights: [Double]
    let total: Double
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

    /// The weighted form of an article's sentences: IDF weights, names and numbers heavier.
    public func weighted(_ article: AnalyzedArticle, _ frequencies: DocumentFrequencies) -> [WeightedSentence] {
        article.sentences.map { sentence in
            var names = sentence.names[...]
            let weights = sentence.terms.map { term -> Double in
                while let first = names.first, first < term { names = names.dropFirst() }
                return frequencies.idf(term) * (names.first == term ? nameWeight : 1)
            }
            return WeightedSentence(terms: sentence.terms, weights: weights, total: weights.reduce(0, +))
        }
    }

    /// The largest alignment table computed (sentences of one × the other): 4 million cells,
    /// far beyond two news articles, well within memory.
    public var maximumCells = 4_000_000

    /// The best in-order alignment of two articles' sentences (empty when either is empty or
    /// the pair exceeds `maximumCells`).
    public func align(_ a: [WeightedSentence], _ b: [WeightedSentence]) -> [AlignedSentence] {
        let n = a.count, m = b.count
        guard n > 0, m > 0, n * m <= maximumCells else { return [] }
        var sim = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m { sim[i * m + j] = Self.similarity(a[i], b[j]) }
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

    /// Weighted Dice overlap of two sentences' terms, by a merge of their sorted term lists.
    static func similarity(_ x: WeightedSentence, _ y: WeightedSentence) -> Double {
        guard x.total > 0, y.total > 0 else { return 0 }
        var shared = 0.0
        var i = 0, j = 0
        while i < x.terms.count && j < y.terms.count {
            let (p, q) = (x.terms[i], y.terms[j])
            if p == q {
                shared += x.weights[i] + y.weights[j]
                i += 1; j += 1
            } else if p < q {
                i += 1
            } else {
                j += 1
            }
        }
        return shared / (x.total + y.total)
    }
}

extension [AlignedSentence] {
    /// The alignment as a map from the first article's sentence indexes to the second's.
    public var sentenceMap: [Int: Int] { Dictionary(map { ($0.a, $0.b) }, uniquingKeysWith: { first, _ in first }) }
}
