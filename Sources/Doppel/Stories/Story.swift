/// A group of articles about one event.
public struct Story: Sendable, Codable {
    /// "story-1", "story-2", … in order of their first document's id.
    public let id: String
    /// The original's title, else the first member title found.
    public let title: String?
    /// Member document ids, sorted.
    public let documents: [String]
    /// The likely original: the source of the largest family of copies, earliest dated first.
    public let original: String?
    /// One document per independent version (each family of copies counts once).
    public let independentSources: [String]
}

/// How alike two articles are as reports of one event (0 when their dates say otherwise), and
/// whether the pair alone is judged one event (a seed from which stories grow).
struct EventLink {
    let a: String
    let b: String
    let strength: Double
    let isSameEvent: Bool
}

/// Groups articles into stories, one event each. Copies (derived relations) are one version of
/// their story; groups of versions join on pairs judged one event, strongest first, only when
/// the mean event similarity over all pairs of versions across the two groups (0 for pairs
/// never measured) reaches `minimumMeanSimilarity`, and the merged story spans a few days at
/// most: average linkage, so a story does not grow by chaining single links as the steps of a
/// running story would (Miranda et al. 2018 compare a new article with whole clusters too).
enum StoryBuilder {
    /// The longest span of stated dates within one story, in days.
    static let maximumStoryDays = 2
    /// Mean event similarity across two groups from which they are one story. On the labelled
    /// real-news pairs (`scripts/bench-relations`), 0.34 put 7 % of the different-event pairs
    /// and 68 % of the same-event pairs in one story; 0.26 and 0.30 joined no more same-event
    /// pairs and more different-event ones; counting linked pairs (a majority) instead joined 54 %.
    static let minimumMeanSimilarity = 0.34

    static func stories(documents: [AnalyzedArticle], relations: [Relation], events: [EventLink]) -> [Story] {
        let ids = documents.map(\.id)
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0) })
        var familySets = UnionFind(ids)
        var derivedFrom: [String: Set<String>] = [:]  // copy → its sources
        for relation in relations where relation.kind.isDerived {
            familySets.union(relation.a, relation.b)
            if let source = relation.source {
                derivedFrom[source == relation.a ? relation.b : relation.a, default: []].insert(source)
            }
        }
        var storySets = eventClusters(ids: ids, byID: byID, families: &familySets, events: events)
        let familyOf = familySets.roots()
        var copiesOf: [String: Int] = [:]
        for sources in derivedFrom.values { for source in sources { copiesOf[source, default: 0] += 1 } }
        var familySize: [String: Int] = [:]
        for id in ids { familySize[familyOf[id]!, default: 0] += 1 }
        var stories: [Story] = []
        for members in storySets.groups() {
            // Each family of copies is one independent version; its representative is a member
            // that is no one's copy, with the most copies of its own.
            var representatives: [String] = []
            for family in Dictionary(grouping: members, by: { familyOf[$0]! }).values {
                let roots = family.filter { derivedFrom[$0] == nil }
                let pool = roots.isEmpty ? family : roots
                representatives.append(pool.min { precedes($0, $1, byID, { copiesOf[$0] ?? 0 }) }!)
            }
            let original = representatives.min { l, r in
                let (fl, fr) = (familySize[familyOf[l]!]!, familySize[familyOf[r]!]!)
                if fl != fr { return fl > fr }
                return precedes(l, r, byID, { _ in 0 })
            }
            let title = original.flatMap { byID[$0]?.article.title } ?? members.lazy.compactMap { byID[$0]?.article.title }.first
            stories.append(Story(id: "", title: title, documents: members.sorted(), original: original,
                                 independentSources: representatives.sorted()))
        }
        stories.sort { $0.documents[0] < $1.documents[0] }
        return stories.enumerated().map { index, story in
            Story(id: "story-\(index + 1)", title: story.title, documents: story.documents,
                  original: story.documents.count > 1 ? story.original : story.documents.first,
                  independentSources: story.independentSources)
        }
    }

    /// Stories as sets of document ids: families merged along event links (see the type's doc).
    static func eventClusters(ids: [String], byID: [String: AnalyzedArticle], families: inout UnionFind,
                              events: [EventLink]) -> UnionFind {
        var stories = UnionFind(ids)
        for id in ids { stories.union(id, families.find(id)) }
        var members: [String: [String]] = [:]  // story root → family roots
        var span: [String: (first: Int, last: Int)] = [:]  // story root → stated days
        for id in ids {
            let family = families.find(id)
            if family == id { members[id] = [id] }
            if let day = byID[id]?.article.date.map({ Int($0.number) }) {
                let old = span[family] ?? (day, day)
                span[family] = (min(old.first, day), max(old.last, day))
            }
        }
        var strength: [String: [String: Double]] = [:]  // family → family → strongest link
        var order: [(x: String, y: String, strength: Double)] = []
        for link in events {
            let (x, y) = (families.find(link.a), families.find(link.b))
            guard x != y else { continue }
            strength[x, default: [:]][y] = max(strength[x]?[y] ?? 0, link.strength)
            strength[y, default: [:]][x] = max(strength[y]?[x] ?? 0, link.strength)
            if link.isSameEvent { order.append((min(x, y), max(x, y), link.strength)) }
        }
        order.sort { ($0.strength, $1.x, $1.y) > ($1.strength, $0.x, $0.y) }
        for (x, y, _) in order {
            let (sx, sy) = (stories.find(x), stories.find(y))
            guard sx != sy, let mx = members[sx], let my = members[sy] else { continue }
            let total = mx.reduce(0.0) { sum, f in my.reduce(sum) { $0 + (strength[f]?[$1] ?? 0) } }
            guard total >= minimumMeanSimilarity * Double(mx.count * my.count) else { continue }
            let merged: (first: Int, last: Int)? = switch (span[sx], span[sy]) {
            case let (p?, q?): (min(p.first, q.first), max(p.last, q.last))
            case let (p, q): p ?? q
            }
            if let merged, merged.last - merged.first > maximumStoryDays { continue }
            stories.union(sx, sy)
            let root = stories.find(sx)
            members[root] = mx + my
            span[root] = merged
        }
        return stories
    }

    /// Order of preference for an original: more copies, then earlier stated date, then a stated
    /// URL, then id.
    static func precedes(_ l: String, _ r: String, _ byID: [String: AnalyzedArticle], _ copies: (String) -> Int) -> Bool {
        let (cl, cr) = (copies(l), copies(r))
        if cl != cr { return cl > cr }
        let (dl, dr) = (byID[l]?.article.date, byID[r]?.article.date)
        if dl != dr { return (dl?.number ?? .max) < (dr?.number ?? .max) }
        let (ul, ur) = (byID[l]?.article.url != nil, byID[r]?.article.url != nil)
        if ul != ur { return ul }
        return l < r
    }
}

/// Disjoint sets over string ids; a set's root is its smallest id.
public struct UnionFind: Sendable {
    private var sets: DisjointSets
    private let sorted: [String]
    private let position: [String: Int]
    private let order: [String]

    /// Each of `ids` in a set of its own.
    public init(_ ids: [String]) {
        sorted = ids.sorted()
        position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        sets = DisjointSets(count: ids.count)
        order = ids
    }

    /// The representative of `x`'s set.
    public mutating func find(_ x: String) -> String { sorted[sets.find(position[x]!)] }

    /// Joins the sets of `a` and `b`.
    public mutating func union(_ a: String, _ b: String) { sets.union(position[a]!, position[b]!) }

    /// Every id's set representative.
    mutating func roots() -> [String: String] {
        Dictionary(uniqueKeysWithValues: order.map { ($0, find($0)) })
    }

    /// The sets, each in input order.
    public mutating func groups() -> [[String]] {
        var groups: [String: [String]] = [:]
        for id in order { groups[find(id), default: []].append(id) }
        return Array(groups.values)
    }
}

/// Disjoint sets over `0..<count`, with path halving; a set's root is its smallest member.
struct DisjointSets: Sendable {
    private var parent: [Int32]

    init(count: Int) { parent = (0..<Int32(count)).map { $0 } }

    /// Adds `count` single-member sets.
    mutating func grow(by count: Int) { parent.append(contentsOf: Int32(parent.count)..<Int32(parent.count + count)) }

    mutating func find(_ x: Int) -> Int {
        var node = x
        while Int(parent[node]) != node {
            parent[node] = parent[Int(parent[node])]
            node = Int(parent[node])
        }
        return node
    }

    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[max(ra, rb)] = Int32(min(ra, rb)) }
    }
}
