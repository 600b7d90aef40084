/// Candidate pairs for shared passages: documents that hold two or more of the same sampled
/// 5-grams. One 5-gram in `sampling` is kept, chosen by its hash, so two copies of a passage
/// keep the same ones (the n-gram index of passim, thinned); a passage of 30 words has 26
/// 5-grams, about three of them sampled.
public struct PassageIndex: Sendable {
    /// One 5-gram in this many is indexed.
    public var sampling: UInt64 = 8
    /// Documents sharing this many sampled 5-grams become candidates.
    public var minimumShared = 2
    /// Sampled 5-grams held by more documents are skipped: they are stock phrases, and skipping
    /// them keeps the work linear in the corpus.
    public var maxPostings = 50

    public init() {}

    /// Pairs of documents sharing at least `minimumShared` sampled 5-grams.
    public func candidatePairs(_ documents: [ArticleContent]) -> Set<Pair> {
        var postings: [UInt64: [Int32]] = [:]
        for (index, document) in documents.enumerated() {
            for key in Set(document.keys.lazy.filter { $0 != 0 && ($0 >> 1) % sampling == 0 }) {
                postings[key, default: []].append(Int32(index))
            }
        }
        var shared: [Pair: Int] = [:]
        for holders in postings.values where holders.count > 1 && holders.count <= maxPostings {
            for i in 0..<holders.count {
                for j in (i + 1)..<holders.count { shared[Pair(Int(holders[i]), Int(holders[j])), default: 0] += 1 }
            }
        }
        return Set(shared.filter { $0.value >= minimumShared }.keys)
    }
}
