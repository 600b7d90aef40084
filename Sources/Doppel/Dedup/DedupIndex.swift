import Foundation

/// The near-duplicate index: one signature per document, the LSH bands over them, and the
/// verified links between documents. It grows by adding documents, persists to a file (see
/// ``DedupIndex/save(to:)``) and shrinks by removing documents.
public struct DedupIndex: Sendable {
    /// The date of an undated document.
    public static let undated = Int32.min

    /// Documents at least this similar (Jaccard over word 5-grams) are linked.
    public let threshold: Double
    /// Document ids, in the order added.
    public private(set) var ids: [String] = []
    /// Stated dates (days since 1970) or ``undated``.
    public private(set) var dates: [Int32] = []
    /// The day each document was added (days since 1970), for expiry of undated documents.
    public private(set) var added: [Int32] = []
    /// Shingles per document.
    public private(set) var sizes: [Int32] = []
    private(set) var signatures: [UInt32] = []
    private(set) var bands: BandIndex
    /// Verified pairs of documents at or above the threshold.
    public private(set) var links: [Link] = []
    /// Where this run's documents can be read again (nil for documents from a saved index).
    private(set) var locations: [RecordLocation?] = []
    /// Pairs whose signature estimate is too close to the threshold to decide on; see
    /// ``verify(reading:)``.
    private(set) var uncertain: [Link] = []
    private var lastCandidateOf: [Int32] = []
    /// The clusters so far: a candidate already in a document's cluster needs no check.
    private var sets = DisjointSets(count: 0)
    /// The position of each id (ids are unique in an index).
    private var positionOfID: [String: Int32] = [:]

    /// A pair of documents (by position in the index) and their similarity.
    public struct Link: Sendable, Hashable {
        public let first: Int32, second: Int32
        public let similarity: Float
    }

    /// Whether an estimate is too close to the threshold to decide on: within three standard
    /// deviations of the estimate (√(e(1−e)/128), 0.035 at 0.8). Such pairs are checked on their
    /// exact shingle sets when their records can be read again; a pair at the threshold escapes
    /// the check with probability 0.3%, and is then decided on its estimate.
    static func isUncertain(_ estimate: Double, threshold: Double) -> Bool {
        let deviation = (estimate * (1 - estimate) / Double(Sketch.slots)).squareRoot()
        return abs(estimate - threshold) < 3 * max(deviation, 0.01)
    }

    public init(threshold: Double) {
        self.threshold = threshold
        bands = BandIndex(threshold: threshold)
    }

    public var count: Int { ids.count }

    /// Makes room for `documents` more documents in all.
    mutating func reserveCapacity(_ documents: Int) {
        let total = count + documents
        signatures.reserveCapacity(total * Sketch.slots)
        ids.reserveCapacity(total)
        dates.reserveCapacity(total)
        added.reserveCapacity(total)
        sizes.reserveCapacity(total)
        locations.reserveCapacity(total)
        lastCandidateOf.reserveCapacity(total)
        positionOfID.reserveCapacity(total)
        bands.reserveCapacity(total)
    }

    /// Adds a block of documents, linking each to earlier ones whose signatures agree. A document
    /// whose id is in the index already is not added again: with the same signature and size it
    /// is the same document as far as the index can tell; with others it conflicts, and the
    /// indexed one is kept. Returns each document's position (new or indexed) and the ids of
    /// the documents in conflict.
    mutating func add(_ block: SketchedBlock, today: Int32) -> (positions: [Int32], conflicts: [String]) {
        var positions: [Int32] = [], fresh: [Int] = [], conflicts: [String] = []
        positions.reserveCapacity(block.count)
        for k in 0..<block.count {
            let position = Int32(count + fresh.count)
            if let indexed = positionOfID.updateValue(position, forKey: block.ids[k]) {  // one look-up for a new id
                positionOfID[block.ids[k]] = indexed
                positions.append(indexed)
                if !isSame(indexed, as: k, of: block, fresh: fresh) { conflicts.append(block.ids[k]) }
            } else {
                positions.append(position)
                fresh.append(k)
            }
        }
        append(fresh.count == block.count ? block : block.keeping(fresh), today: today)
        return (positions, conflicts)
    }

    /// Whether document `k` of `block` has the signature and size of the document at
    /// `position`: an indexed one, or one of the block's `fresh` documents.
    private func isSame(_ position: Int32, as k: Int, of block: SketchedBlock, fresh: [Int]) -> Bool {
        let (source, document) = Int(position) < count ? (signatures, Int(position)) : (block.signatures, fresh[Int(position) - count])
        let size = Int(position) < count ? sizes[document] : block.sizes[document]
        let slots = Sketch.slots
        return size == block.sizes[k] && source[(document * slots)..<((document + 1) * slots)] == block.signatures[(k * slots)..<((k + 1) * slots)]
    }

    /// Appends a block's documents and links them.
    private mutating func append(_ block: SketchedBlock, today: Int32) {
        ids.append(contentsOf: block.ids)
        dates.append(contentsOf: block.dates)
        sizes.append(contentsOf: block.sizes)
        locations.append(contentsOf: block.locations)
        added.append(contentsOf: repeatElement(today, count: block.count))
        lastCandidateOf.append(contentsOf: repeatElement(-1, count: block.count))
        sets.grow(by: block.count)
        let first = signatures.count / Sketch.slots
        signatures.append(contentsOf: block.signatures)
        indexSignatures(from: first)
    }

    /// Inserts the signatures of documents `first...` into the bands and checks their candidates.
    private mutating func indexSignatures(from first: Int) {
        signatures.withUnsafeBufferPointer { all in
            let base = all.baseAddress!
            for document in first..<(all.count / Sketch.slots) {
                let signature = base + document * Sketch.slots
                let me = Int32(document)
                bands.insert(signature) { other in
                    guard lastCandidateOf[Int(other)] != me else { return }
                    lastCandidateOf[Int(other)] = me
                    guard sets.find(Int(other)) != sets.find(document) else { return }
                    let estimate = Sketch.similarity(signature, base + Int(other) * Sketch.slots)
                    let link = Link(first: other, second: me, similarity: Float(estimate))
                    if Self.isUncertain(estimate, threshold: threshold) && locations[Int(other)] != nil && locations[document] != nil {
                        uncertain.append(link)
                    } else if estimate >= threshold {
                        links.append(link)
                        sets.union(Int(other), document)
                    }
                }
            }
        }
    }

    /// Decides the uncertain pairs on their exact Jaccard similarity, reading their records again
    /// with `shingles` (which returns a document's sorted distinct shingle hashes, or nil).
    /// Returns the number of pairs compared on their exact sets.
    @discardableResult
    mutating func verify(shingles: ([Int32]) -> [Int32: [UInt64]]) -> Int {
        // In groups of documents, so that memory holds only a group's shingle sets. A pair
        // already joined through other links needs no check: it would not change the clusters.
        let pairs = uncertain.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        uncertain = []
        var start = 0
        var compared = 0
        func joined(_ pair: Link) -> Bool { sets.find(Int(pair.first)) == sets.find(Int(pair.second)) }
        while start < pairs.count {
            var needed = Set<Int32>()
            var end = start
            while end < pairs.count && needed.count < 8192 {
                if !joined(pairs[end]) {
                    needed.insert(pairs[end].first)
                    needed.insert(pairs[end].second)
                }
                end += 1
            }
            let shingleSets = shingles(needed.sorted())
            // The exact similarities on all cores, then the links in order (so that the result
            // does not depend on timing).
            let group = pairs[start..<end].filter { !joined($0) }
            let similarities = Scanner.concurrentMap(group) { pair -> Double? in
                guard let a = shingleSets[pair.first], let b = shingleSets[pair.second] else { return nil }
                return WordShingles.jaccard(a, b)
            }
            compared += similarities.count { $0 != nil }
            for (pair, exact) in zip(group, similarities) where !joined(pair) {
                let link = exact.map { Link(first: pair.first, second: pair.second, similarity: Float($0)) } ?? pair
                if (exact ?? Double(pair.similarity)) >= threshold {  // unreadable: the estimate decides
                    links.append(link)
                    sets.union(Int(pair.first), Int(pair.second))
                }
            }
            start = end
        }
        return compared
    }

    /// Where a document of this run can be read again.
    func location(of document: Int32) -> RecordLocation? { locations[Int(document)] }

    /// Removes documents (by position) and their links, re-indexing the rest.
    public mutating func remove(where shouldRemove: (Int) -> Bool) {
        var newPosition = [Int32](repeating: -1, count: count)
        var kept = 0
        for document in 0..<count where !shouldRemove(document) {
            newPosition[document] = Int32(kept)
            kept += 1
        }
        guard kept < count else { return }
        func keep<T>(_ array: [T]) -> [T] { array.indices.filter { newPosition[$0] >= 0 }.map { array[$0] } }
        ids = keep(ids)
        dates = keep(dates)
        added = keep(added)
        sizes = keep(sizes)
        locations = keep(locations)
        var compacted: [UInt32] = []
        compacted.reserveCapacity(kept * Sketch.slots)
        for document in 0..<newPosition.count where newPosition[document] >= 0 {
            compacted.append(contentsOf: signatures[(document * Sketch.slots)..<((document + 1) * Sketch.slots)])
        }
        links = links.compactMap { link in
            let a = newPosition[Int(link.first)], b = newPosition[Int(link.second)]
            return a >= 0 && b >= 0 ? Link(first: a, second: b, similarity: link.similarity) : nil
        }
        signatures = []
        rebuild(signatures: compacted, links: links)
        _ = indexIDs()  // ids stay unique
    }

    /// Re-creates the bands from signatures (the links are kept, not re-derived).
    mutating func rebuild(signatures stored: [UInt32], links storedLinks: [Link]) {
        bands = BandIndex(threshold: threshold)
        signatures = stored
        lastCandidateOf = [Int32](repeating: -1, count: stored.count / Sketch.slots)
        sets = DisjointSets(count: lastCandidateOf.count)
        for link in storedLinks { sets.union(Int(link.first), Int(link.second)) }
        if locations.count < lastCandidateOf.count {
            locations.append(contentsOf: repeatElement(nil, count: lastCandidateOf.count - locations.count))
        }
        signatures.withUnsafeBufferPointer { all in
            for document in 0..<(all.count / Sketch.slots) {
                bands.insert(all.baseAddress! + document * Sketch.slots) { _ in }
            }
        }
        links = storedLinks
    }

    /// Restores a saved index's documents (see ``DedupIndex/load(from:)``); returns an id that
    /// is there twice, if any (the index is then not to be used).
    mutating func restore(ids: [String], dates: [Int32], added: [Int32], sizes: [Int32],
                          signatures: [UInt32], links: [Link]) -> String? {
        self.ids = ids
        self.dates = dates
        self.added = added
        self.sizes = sizes
        locations = []
        if let repeated = indexIDs() { return repeated }
        rebuild(signatures: signatures, links: links)
        return nil
    }

    /// Rebuilds the position of each id; returns an id found twice, if any.
    private mutating func indexIDs() -> String? {
        positionOfID = [:]
        positionOfID.reserveCapacity(ids.count)
        var repeated: String?
        for (position, id) in ids.enumerated() where positionOfID.updateValue(Int32(position), forKey: id) != nil {
            repeated = repeated ?? id
        }
        return repeated
    }
}
