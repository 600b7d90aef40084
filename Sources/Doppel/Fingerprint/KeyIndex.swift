import Foundation

/// An inverted index from distinctive keys (names, numbers, rare words) to documents: the
/// candidate source for rewrites and same-story coverage, which share few word sequences.
///
/// A document's keys are all its names and numbers and its `wordsPerDocument` content words of
/// highest TF-IDF, each counted only when at least one other document holds it. A paraphrase
/// keeps the names and numbers of its source, and coverage of one event shares them too. Keys
/// held by more than `maxPostings` documents are too common to mean anything and are skipped,
/// which also bounds the work per key and keeps it near-linear in the corpus.
public struct KeyIndex: Sendable {
    public var wordsPerDocument = 20
    /// Two documents become candidates when they share this many keys: one or two shared names
    /// happen between any two articles on one country; three or more start to mean a topic.
    public var minSharedKeys = 3
    public var maxPostings = 200

    public init() {}

    /// Pairs of documents that share at least `minSharedKeys` keys.
    public func candidatePairs(_ documents: [AnalyzedArticle], frequencies: DocumentFrequencies) -> Set<Pair> {
        var postings: [String: [Int]] = [:]
        for (index, document) in documents.enumerated() {
            let usable = document.termCounts.filter { (2...maxPostings).contains(frequencies.count($0.key)) }
            let names = Set(document.sentences.flatMap(\.names)).filter { usable[$0] != nil }
            let words = usable.filter { !names.contains($0.key) }
                .map { (term: $0.key, weight: (1 + Double($0.value).logValue) * frequencies.idf($0.key)) }
                .sorted { ($0.weight, $1.term) > ($1.weight, $0.term) }
                .prefix(wordsPerDocument).map(\.term)
            for key in names.union(words) { postings[key, default: []].append(index) }
        }
        var shared: [Pair: Int] = [:]
        for ids in postings.values where ids.count > 1 {
            for i in 0..<ids.count {
                for j in (i + 1)..<ids.count { shared[Pair(ids[i], ids[j]), default: 0] += 1 }
            }
        }
        return Set(shared.filter { $0.value >= minSharedKeys }.keys)
    }
}

/// In how many documents of the corpus each term occurs, and the inverse document frequency
/// derived from it.
public struct DocumentFrequencies: Sendable {
    public private(set) var documents = 0
    private var counts: [String: Int] = [:]

    public init(_ articles: [AnalyzedArticle]) {
        for article in articles {
            documents += 1
            for term in article.termCounts.keys { counts[term, default: 0] += 1 }
        }
    }

    public func count(_ term: String) -> Int { counts[term] ?? 0 }

    /// ln(1 + N / df): rare terms weigh more; a term in every document still weighs ln 2.
    public func idf(_ term: String) -> Double {
        let df = max(counts[term] ?? 0, 1)
        return (1 + Double(documents) / Double(df)).logValue
    }
}

extension Double {
    var logValue: Double { Foundation.log(self) }
}
