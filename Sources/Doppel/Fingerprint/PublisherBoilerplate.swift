/// Sentences that recur across many articles of one publisher — share lines, newsletter
/// trailers, stock background boxes — found across the corpus, as passim's `pboiler` and
/// Media Cloud's per-outlet sentence deduplication do. They are the publisher's furniture, not
/// evidence that two of its articles copy each other, so passages are found without them.
public struct PublisherBoilerplate: Sendable {
    /// A sentence is boilerplate of a publisher once this many of its articles hold it. On the
    /// real-news corpus (3,824 articles, nine publishers; `scripts/bench-relations`) the stock
    /// background boxes that the labels count as reuse recur in 2 to 5 articles of a publisher,
    /// while share lines, sign-offs, datelines and newsletter trailers recur in 6 to 133.
    public var minimumDocuments = 6

    public init() {}

    /// For each document, the indexes of its sentences that are its publisher's boilerplate.
    /// Articles without a stated publisher are grouped together.
    public func sentences(_ documents: [AnalyzedArticle]) -> [Set<Int>] {
        func key(_ document: AnalyzedArticle, _ sentence: Sentence) -> UInt64 {
            mixHash(fnv1a((document.article.publisher ?? "").utf8), sentence.key)
        }
        var holders: [UInt64: Int] = [:]
        for document in documents {
            for k in Set(document.sentences.map { key(document, $0) }) { holders[k, default: 0] += 1 }
        }
        return documents.map { document in
            Set(document.sentences.indices.filter { holders[key(document, document.sentences[$0])]! >= minimumDocuments })
        }
    }
}
