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
    /// Keys held by more documents than this are skipped (they name a topic, not a story).
    public var maxPostings = 100
    /// Each document keeps at most this many partners, those sharing the rarest keys: the
    /// work stays linear in the corpus even where one topic dominates it.
    public var neighbours = 24

    public init() {}

    /// Pairs of documents that share at least `minSharedKeys` keys, at most `neighbours` per document.
    public func candidatePairs(_ documents: [AnalyzedArticle], frequencies: DocumentFrequencies) -> Set<Pair> {
        var postings: [UInt64: [Int32]] = [:]
        var keysOf: [[UInt64]] = []
        keysOf.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            guard !document.shingles.isEmpty else { keysOf.append([]); continue }
            let usable = document.termCounts.filter { (2...maxPostings).contains(frequencies.count($0.key)) }
            var keys = Set(document.sentences.flatMap(\.names)).filter { usable[$0] != nil }
            let words = usable.filter { !keys.contains($0.key) }
                .map { (term: $0.key, weight: (1 + Double($0.value).logValue) * frequencies.idf($0.key)) }
                .sorted { ($0.weight, $1.term) > ($1.weight, $0.term) }
                .prefix(wordsPerDocument).map(\.term)
            keys.formUnion(words)
            let sorted = keys.sorted()
            for key in sorted { postings[key, default: []].append(Int32(index)) }
            keysOf.append(sorted)
        }
        // Per document, accumulate shared-key counts and IDF weights in dense arrays.
        var pairs = Set<Pair>()
        var shared = [Int32](repeating: 0, count: documents.count)
        var weight = [Double](repeating: 0, count: documents.count)
        var touched: [Int] = []
        for (index, keys) in keysOf.enumerated() {
            for key in keys {
                let idf = frequencies.idf(key)
                for other in postings[key, default: []] where Int(other) != index {
                    let j = Int(other)
                    if shared[j] == 0 { touched.append(j) }
                    shared[j] += 1
                    weight[j] += idf
                }
            }
            let best = touched.filter { shared[$0] >= minSharedKeys }
                .sorted { (weight[$0], $1) > (weight[$1], $0) }
                .prefix(neighbours)
            for j in best { pairs.insert(Pair(index, j)) }
            for j in touched { shared[j] = 0; weight[j] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        return pairs
    }
}

/// In how many documents of the corpus each term occurs, and the inverse document frequency
/// derived from it.
public struct DocumentFrequencies: Sendable {
    public private(set) var documents = 0
    private var counts: [UInt64: Int] = [:]

    /// Counts the documents each term occurs in.
    public init(_ articles: [AnalyzedArticle]) {
        for article in articles {
            documents += 1
            for term in article.termCounts.keys { counts[term, default: 0] += 1 }
        }
    }

    /// In how many documents `term` occurs.
    public func count(_ term: UInt64) -> Int { counts[term] ?? 0 }

    /// ln(1 + N / df): rare terms weigh more; a term in every document still weighs ln 2.
    public func idf(_ term: UInt64) -> Double {
        let df = max(counts[term] ?? 0, 1)
        return (1 + Double(documents) / Double(df)).logValue
    }
}

extension Double {
    var logValue: Double { Foundation.log(self) }
}
