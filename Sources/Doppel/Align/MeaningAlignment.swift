/// How far two articles follow each other sentence by sentence in meaning, read by a sentence
/// model: each sentence of the article with fewer is matched to the most alike sentence of the
/// other, and the matches that keep their order are counted. A heavy revision rephrases every
/// sentence, so words no longer tell it from an independent text on the same subject; the
/// order of its sentences' meanings still follows its source.
public struct MeaningAlignment: Sendable, Equatable {
    /// Matches that keep their order: the longest run of matched sentences whose counterparts
    /// increase too.
    public let inOrder: Int
    /// Sentences compared on the side with fewer.
    public let shorter: Int
    /// Share of the other side's sentences that some sentence of the first matches.
    public let otherCovered: Double

    /// Matches in order over the sentences of the side with fewer.
    public var order: Double { shorter == 0 ? 0 : Double(inOrder) / Double(shorter) }

    /// The cosine from which two sentences say the same thing. In all-MiniLM-L6-v2, a reworded
    /// sentence of our graded-reuse fixtures scores 0.6–0.9 with its source sentence, and the
    /// sentences of an independent answer on the same subject mostly 0.4–0.6.
    public static let matchSimilarity: Float = 0.6
    /// Sentences shorter than this many words are not compared: labels and datelines read alike
    /// in any two texts.
    public static let minimumWords = 4

    /// Aligns the sentences of `a` and `b` that are the articles' own prose: sentences mostly
    /// inside quotation marks are left out, as two reports quoting one statement follow the
    /// speaker, not each other.
    public init(_ a: AnalyzedArticle, _ b: AnalyzedArticle, embedder: any TextEmbedder) {
        var (x, y) = (Self.prose(a).map(embedder.embedding), Self.prose(b).map(embedder.embedding))
        if x.count > y.count { swap(&x, &y) }
        var matched = [Bool](repeating: false, count: y.count)
        var counterparts: [Int] = []
        for u in x {
            var best = (index: -1, cosine: Self.matchSimilarity)
            for (j, v) in y.enumerated() {
                let cosine = zip(u, v).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                if cosine >= Self.matchSimilarity { matched[j] = true }
                if cosine >= best.cosine { best = (j, cosine) }
            }
            if best.index >= 0 { counterparts.append(best.index) }
        }
        inOrder = Self.longestIncreasingRun(counterparts)
        shorter = x.count
        otherCovered = y.isEmpty ? 0 : Double(matched.count { $0 }) / Double(y.count)
    }

    /// The texts of the sentences of `article` that are compared.
    static func prose(_ article: AnalyzedArticle) -> [String] {
        article.sentences.compactMap { sentence in
            let words = article.words[sentence.words]
            guard words.count >= minimumWords, 2 * words.count(where: { $0.isQuoted }) <= words.count else { return nil }
            return sentence.text
        }
    }

    /// The length of the longest strictly increasing subsequence of `values` (patience sorting).
    static func longestIncreasingRun(_ values: [Int]) -> Int {
        var tails: [Int] = []
        for value in values {
            var (low, high) = (0, tails.count)
            while low < high {
                let middle = (low + high) / 2
                if tails[middle] < value { low = middle + 1 } else { high = middle }
            }
            if low == tails.count { tails.append(value) } else { tails[low] = value }
        }
        return tails.count
    }
}
