/// A passage two articles share, copied verbatim or nearly: word ranges in each
/// (indexes into `AnalyzedArticle.words`).
public struct SharedPassage: Sendable, Hashable {
    public let a: Range<Int>
    public let b: Range<Int>
}

/// Finds the passages two articles share: runs of common 5-grams on one diagonal, bridged over
/// small edits, long enough to be two or more sentences of copied prose.
public struct PassageFinder: Sendable {
    /// Words that may differ inside one passage ("nearly verbatim"): one changed word breaks
    /// five 5-grams, so a gap of 8 bridges a changed word or two but not a new sentence.
    public var maximumGap = 8
    /// A passage holds at least this many words outside quotation marks in both articles (a
    /// statement both quote is not reuse of each other's prose; the sentence around it is)…
    public var minimumWords = 15
    /// …and covers at least half of each of this many sentences of both articles (or of all
    /// the sentences of a shorter one): the labelling rules of the real-news pairs count two or
    /// more consecutive sentences as reuse, a single shared sentence (a stock phrase) as not.
    public var minimumSentences = 2

    public init() {}

    /// The passages `a` and `b` share, in `a`'s order.
    public func passages(_ a: AnalyzedArticle, _ ka: ArticleContent, _ b: AnalyzedArticle, _ kb: ArticleContent) -> [SharedPassage] {
        passages(among: copiedRuns(a, ka, b, kb), a, b)
    }

    /// The passages among `runs`: those covering enough sentences of both articles.
    public func passages(among runs: [SharedPassage], _ a: AnalyzedArticle, _ b: AnalyzedArticle) -> [SharedPassage] {
        runs.filter {
            coveredSentences(a, $0.a) >= min(minimumSentences, a.sentences.count)
                && coveredSentences(b, $0.b) >= min(minimumSentences, b.sentences.count)
        }
    }

    /// Every run of text `a` and `b` share with at least `minimumWords` words outside quotation
    /// marks on both sides, however few sentences it covers (a copied sentence alone counts),
    /// in `a`'s order.
    public func copiedRuns(_ a: AnalyzedArticle, _ ka: ArticleContent, _ b: AnalyzedArticle, _ kb: ArticleContent) -> [SharedPassage] {
        var firstInB: [UInt64: Int] = [:]
        firstInB.reserveCapacity(kb.keys.count)
        for (j, key) in kb.keys.enumerated() where key != 0 && firstInB[key] == nil { firstInB[key] = j }
        var found: [SharedPassage] = []
        var run: (a: ClosedRange<Int>, b: ClosedRange<Int>)?
        func close() {
            guard let r = run else { return }
            let size = AnalyzedArticle.shingleSize
            let passage = SharedPassage(a: r.a.lowerBound..<(r.a.upperBound + size), b: r.b.lowerBound..<(r.b.upperBound + size))
            if ownWords(a, passage.a) >= minimumWords, ownWords(b, passage.b) >= minimumWords { found.append(passage) }
            run = nil
        }
        for (i, key) in ka.keys.enumerated() where key != 0 {
            guard let j = firstInB[key] else { continue }
            if let r = run, i - r.a.upperBound <= maximumGap, j > r.b.upperBound, j - r.b.upperBound <= maximumGap {
                run = (r.a.lowerBound...i, r.b.lowerBound...j)
            } else {
                close()
                run = (i...i, j...j)
            }
        }
        close()
        return found
    }

    /// How many of `words` stand outside quotation marks.
    func ownWords(_ article: AnalyzedArticle, _ words: Range<Int>) -> Int {
        article.words[words].count { !$0.isQuoted }
    }

    /// How many sentences of `article` have at least half of their words inside `words`.
    func coveredSentences(_ article: AnalyzedArticle, _ words: Range<Int>) -> Int {
        let first = Int(article.words[words.lowerBound].sentence)
        let last = Int(article.words[words.upperBound - 1].sentence)
        return (first...last).count { s in
            let range = article.sentences[s].words
            return 2 * range.clamped(to: words).count >= range.count
        }
    }

    /// The share of an article's counted words that lie in passages (each word once).
    public static func share(_ ranges: [Range<Int>], of keys: ArticleContent) -> Double {
        guard keys.countedWords > 0 else { return 0 }
        var covered = 0
        var end = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            covered += max(0, range.upperBound - max(range.lowerBound, end))
            end = max(end, range.upperBound)
        }
        return min(1, Double(covered) / Double(keys.countedWords))
    }
}
