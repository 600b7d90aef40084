/// The part of an article that is its own — its publisher's boilerplate sentences left out —
/// in the forms pairs are compared in: 5-gram keys for shared passages, and term vectors for
/// how alike two reports are.
public struct ArticleContent: Sendable {
    /// `keys[i]` is the hash of the 5-gram starting at word `i`, or 0 where the 5-gram touches
    /// boilerplate.
    let keys: [UInt64]
    /// Words of the body that are not boilerplate: what a share of the body is measured against.
    public let countedWords: Int
    /// A hash of those words in order, in comparison form: equal for the same text whatever its
    /// typography, punctuation and boilerplate.
    public let wordsHash: UInt64
    /// The content terms of the body (stopwords dropped, light stems; each counted once per
    /// sentence), for cosine similarity.
    public let topic: TermVector
    /// The terms of the body after its first third of paragraphs: the details, where the lead
    /// holds the news (see `PairClassifier.storySimilarity`).
    public let details: TermVector
    /// The title (counted twice) and the first `leadWords` words of the body: the news itself,
    /// where two reports of one event agree most (see `PairClassifier`).
    public let lead: TermVector

    /// Body words in the lead. On the labelled real-news pairs (`scripts/bench-relations`), the
    /// title and the first 50 words separated reports of one event from other steps of the same
    /// running story better than the first 80 or 120 words or the whole body.
    public static let leadWords = 50

    /// The content of `article` without its `boilerplate` sentences (indexes into its sentences)
    /// and without the sentences that are furniture by themselves (`Boilerplate.isFurniture`).
    public init(_ article: AnalyzedArticle, boilerplate: Set<Int> = []) {
        let boilerplate = boilerplate.union(article.sentences.indices.filter {
            Boilerplate.isFurniture(sentence: article.sentences[$0].text, wordCount: article.sentences[$0].words.count)
        })
        (keys, countedWords, wordsHash) = Self.keys(article, boilerplate)
        let paragraphs = article.article.paragraphs.count
        let detailsFrom = paragraphs >= 3 ? paragraphs / 3 : 0
        var topic: [UInt64: Int] = [:], details: [UInt64: Int] = [:], lead: [UInt64: Int] = [:]
        for word in Tokenizer.tokens(article.article.title ?? "") {
            if let key = AnalyzedArticle.term(word.word) { lead[fnv1a(key.utf8), default: 0] += 2 }
        }
        var leadWords = 0
        for (index, sentence) in article.sentences.enumerated() where !boilerplate.contains(index) {
            let inLead = leadWords < Self.leadWords
            leadWords += sentence.words.count
            for term in sentence.terms {
                topic[term, default: 0] += 1
                if sentence.paragraph >= detailsFrom { details[term, default: 0] += 1 }
                if inLead { lead[term, default: 0] += 1 }
            }
        }
        self.topic = TermVector(topic)
        self.details = TermVector(details)
        self.lead = TermVector(lead)
    }

    /// The passage keys of an article, the number of its words outside boilerplate and their
    /// hash, in one pass over its words.
    private static func keys(_ article: AnalyzedArticle, _ boilerplate: Set<Int>) -> (keys: [UInt64], counted: Int, hash: UInt64) {
        let size = AnalyzedArticle.shingleSize
        let blocked = article.words.map { boilerplate.contains(Int($0.sentence)) }
        var inWindow = 0  // blocked words in the current window
        var keys = [UInt64](repeating: 0, count: article.shingleHashes.count)
        var counted = 0
        var hash: UInt64 = 0
        for (i, word) in article.words.enumerated() {
            if blocked[i] { inWindow += 1 } else { counted += 1; hash = mixHash(hash, word.hash) }
            if i >= size, blocked[i - size] { inWindow -= 1 }
            let start = i - size + 1
            if start >= 0, inWindow == 0 { keys[start] = article.shingleHashes[start] | 1 }
        }
        return (keys, counted, hash)
    }
}
