/// How two articles are related. Exactly one kind per related pair, from closest to loosest.
public enum RelationKind: String, Sendable, Codable, CaseIterable {
    /// The same body after normalization (publisher boilerplate aside).
    case duplicate
    /// The same article with light edits: most of both bodies lies in shared passages.
    case nearDuplicate = "near-duplicate"
    /// One article follows the other sentence by sentence, reworded, for most of its length.
    case rewrite
    /// Otherwise different articles that share one or more copied passages (two or more
    /// consecutive sentences, verbatim or nearly).
    case partialReuse = "partial-reuse"
    /// Independent coverage of the same event (the same happening, about the same days).
    case sameStory = "same-story"
    /// The same actors, topic or running story: a different event, development or angle.
    case related

    /// Whether one article of the pair is a whole copy of the other (one version of a story).
    public var isDerived: Bool { self == .duplicate || self == .nearDuplicate || self == .rewrite }
}

/// A relation between two articles, with the evidence for it.
public struct Relation: Sendable, Codable {
    /// The first document's id (the smaller of the two).
    public let a: String
    /// The second document's id.
    public let b: String
    /// How the two are related.
    public let kind: RelationKind
    /// How similar the two are, 0…1, monotone across kinds: every kind has its own band (see
    /// `PairClassifier.score`), so a closer kind always scores higher.
    public let score: Double
    /// For derived pairs, the id of the likely source, or nil when the evidence does not decide.
    public var source: String?
    /// Why the kind and the source were decided.
    public var reasons: [String]
    /// Aligned sentence pairs (a's sentence, b's sentence, similarity).
    public let evidence: [Evidence]
    /// The passages the two share (for every kind that shares text).
    public var passages: [Passage] = []
    /// The share of each body's words (publisher boilerplate aside) that lies in the passages.
    public var shareA = 0.0
    public var shareB = 0.0
    /// Whether both articles state the same publisher (same-publisher reuse is reported, marked).
    public var samePublisher = false

    /// A pair of aligned sentences: `a`'s sentence, `b`'s, and their similarity.
    public struct Evidence: Sendable, Codable {
        public let a: String
        public let b: String
        public let similarity: Double
    }

    /// A passage both articles hold, with its place in each body (`Article.text`, offsets in
    /// Unicode scalars, end exclusive) and its likely source.
    public struct Passage: Sendable, Codable {
        public let text: String
        public let a: Range<Int>
        public let b: Range<Int>
        /// The article that likely had it first (the earlier stated date), or nil.
        public let source: String?
    }
}
