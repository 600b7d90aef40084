/// Candidate pairs whose titles and leads say alike: an inverted index over lead terms (see
/// `ArticleContent.lead`) that accumulates each article's cosine with the others and keeps its
/// closest partners. Related articles and reports of one event often share their lead's words
/// but too few distinctive keys or 5-grams for the other indexes to pair them.
public struct LeadIndex: Sendable {
    /// Lead terms held by more articles than this are skipped: they name a topic, not a story,
    /// and skipping them bounds the work per article.
    public var maxPostings = 300
    /// Each article keeps at most this many partners, the closest first.
    public var neighbours = 30
    /// Partial cosine (over the terms not skipped) from which a pair is kept: below the related
    /// threshold of `PairClassifier` (0.2), since the details of two articles may agree more
    /// than their leads.
    public var minimumCosine = 0.12

    public init() {}

    /// Pairs of articles whose leads are close, at most `neighbours` per article.
    public func candidatePairs(_ documents: [ArticleContent]) -> Set<Pair> {
        var postings: [UInt64: [(document: Int32, weight: Double)]] = [:]
        for (index, document) in documents.enumerated() where document.lead.norm > 0 {
            for (term, weight) in zip(document.lead.terms, document.lead.weights) {
                postings[term, default: []].append((Int32(index), weight / document.lead.norm))
            }
        }
        var pairs = Set<Pair>()
        var dot = [Double](repeating: 0, count: documents.count)
        var touched: [Int] = []
        for (index, document) in documents.enumerated() where document.lead.norm > 0 {
            for (term, weight) in zip(document.lead.terms, document.lead.weights) {
                guard let holders = postings[term], holders.count <= maxPostings else { continue }
                let w = weight / document.lead.norm
                for holder in holders where Int(holder.document) != index {
                    let j = Int(holder.document)
                    if dot[j] == 0 { touched.append(j) }
                    dot[j] += w * holder.weight
                }
            }
            let best = touched.filter { dot[$0] >= minimumCosine }
                .sorted { (dot[$0], $1) > (dot[$1], $0) }
                .prefix(neighbours)
            for j in best { pairs.insert(Pair(index, j)) }
            for j in touched { dot[j] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        return pairs
    }
}
