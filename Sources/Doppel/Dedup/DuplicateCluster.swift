/// A group of near-duplicate documents: the connected components of the verified links.
public struct DuplicateCluster: Sendable {
    /// Positions in the index, in the order the documents were added.
    public let members: [Int32]
    /// The document to keep: the earliest dated, else the one with the most shingles (the most
    /// complete copy), else the first added.
    public let representative: Int32
    /// The lowest similarity among the links that hold the cluster together.
    public let similarity: Float
}

extension DedupIndex {
    /// Clusters of two or more documents, in the order of their first member; with `from`, only
    /// those with a member at or after that position (the documents added in this run).
    public func clusters(from firstNew: Int = 0) -> [DuplicateCluster] {
        clusters(where: { $0.last! >= firstNew })
    }

    /// The clusters with a member among `positions` (e.g. a run's ``Deduplicator/Summary/positions``).
    public func clusters(including positions: [Int32]) -> [DuplicateCluster] {
        var wanted = [Bool](repeating: false, count: count)
        for position in positions { wanted[Int(position)] = true }
        return clusters(where: { $0.contains { wanted[Int($0)] } })
    }

    /// The clusters whose members (ascending) pass `include`.
    private func clusters(where include: ([Int32]) -> Bool) -> [DuplicateCluster] {
        var sets = DisjointSets(count: count)
        for link in links { sets.union(Int(link.first), Int(link.second)) }
        var members: [Int32: [Int32]] = [:]
        var weakest: [Int32: Float] = [:]
        for link in links {
            let root = Int32(sets.find(Int(link.first)))
            weakest[root] = min(weakest[root] ?? 1, link.similarity)
        }
        for document in 0..<count {
            let root = Int32(sets.find(document))
            if weakest[root] != nil { members[root, default: []].append(Int32(document)) }
        }
        return members.keys.sorted().compactMap { root in
            let group = members[root]!
            guard include(group) else { return nil }
            return DuplicateCluster(members: group, representative: group.min(by: precedes)!, similarity: weakest[root]!)
        }
    }

    /// Which of a run's documents a deduplicated corpus leaves out, by their ordinal in
    /// `positions` (a run's ``Deduplicator/Summary/positions``): those whose document is a
    /// cluster member other than its representative, and repeats of an earlier ordinal's document.
    public static func copies(among positions: [Int32], in clusters: [DuplicateCluster]) -> Set<Int> {
        var representative: [Int32: Int32] = [:]
        for cluster in clusters {
            for member in cluster.members { representative[member] = cluster.representative }
        }
        var seen = Set<Int32>(), copies = Set<Int>()
        for (ordinal, position) in positions.enumerated() {
            if !seen.insert(position).inserted || (representative[position].map { $0 != position } ?? false) {
                copies.insert(ordinal)
            }
        }
        return copies
    }

    /// Whether `a` is the better representative: dated before undated and earlier first, then
    /// more shingles, then added first.
    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let (da, db) = (dates[Int(a)], dates[Int(b)])
        if da != db {
            if da == Self.undated { return false }
            if db == Self.undated { return true }
            return da < db
        }
        if sizes[Int(a)] != sizes[Int(b)] { return sizes[Int(a)] > sizes[Int(b)] }
        return a < b
    }
}
