/// Text that recurs across many articles of one publisher — share lines, newsletter trailers,
/// sign-offs, datelines — found across the corpus, as passim's `pboiler` and Media Cloud's
/// per-outlet sentence deduplication do. It is the publisher's furniture, not evidence that two
/// of its articles copy each other, so passages are found without it.
///
/// Repeats are counted on word 5-grams, not on whole sentences, so furniture glued to other text
/// by a missing full stop is found too; a sentence is boilerplate when most of its words lie in
/// repeated 5-grams.
public struct PublisherBoilerplate: Sendable {
    /// A 5-gram is boilerplate of a publisher once this many of its articles hold it. On the
    /// real-news corpus (3,824 articles, nine publishers; `scripts/bench-relations`) the stock
    /// background boxes that the labels count as reuse recur in 2 to 5 articles of a publisher,
    /// while share lines, sign-offs, datelines and newsletter trailers recur in 6 to 133.
    public var minimumDocuments = 6

    public init() {}

    /// For each document, the indexes of its sentences that are its publisher's boilerplate.
    /// Articles without a stated publisher are grouped together.
    public func sentences(_ documents: [AnalyzedArticle]) -> [Set<Int>] {
        func key(_ publisher: UInt64, _ shingle: UInt64) -> UInt64 { mixHash(publisher, shingle) }
        let publishers = documents.map { fnv1a(($0.article.publisher ?? "").utf8) }
        // Blocks that extraction removed count too: furniture cut from some articles of a
        // publisher and left in others is still furniture. Each document's keys are found on
        // all cores; only the counting is sequential.
        let keys = Scanner.concurrentMap(Array(zip(documents, publishers))) { document, publisher in
            let removed = document.article.removed.flatMap { AnalyzedArticle.shingleHashes(Tokenizer.tokens($0.text).map(\.hash)) }
            return Set((document.shingleHashes + removed).lazy.map { key(publisher, $0) })
        }
        var holders: [UInt64: Int32] = [:]
        for set in keys { for key in set { holders[key, default: 0] += 1 } }
        return Scanner.concurrentMap(Array(zip(documents, publishers))) { document, publisher in
            var repeated = [Bool](repeating: false, count: document.words.count)
            for (start, shingle) in document.shingleHashes.enumerated()
            where holders[key(publisher, shingle)]! >= minimumDocuments {
                for i in start..<(start + AnalyzedArticle.shingleSize) { repeated[i] = true }
            }
            return Set(document.sentences.indices.filter { index in
                let words = document.sentences[index].words
                return !words.isEmpty && 2 * words.count { repeated[$0] } > words.count
            })
        }
    }
}
