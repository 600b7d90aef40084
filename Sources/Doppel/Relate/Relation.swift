/// How two articles are related. Exactly one kind per related pair.
public enum RelationKind: String, Sendable, Codable, CaseIterable {
    /// The same body after normalization.
    case duplicate
    /// The same text with light edits, or other boilerplate and formatting.
    case nearDuplicate = "near-duplicate"
    /// A derived copy that paraphrases its source sentence by sentence.
    case rewrite
    /// Independent coverage of the same event.
    case sameStory = "same-story"
    /// The same actors or topic, a different event.
    case related

    /// Whether one article of the pair is a copy of the other.
    public var isDerived: Bool { self == .duplicate || self == .nearDuplicate || self == .rewrite }
}

/// A relation between two articles, with the evidence for it.
public struct Relation: Sendable {
    /// The first document's id (the smaller of the two).
    public let a: String
    /// The second document's id.
    public let b: String
    /// How the two are related.
    public let kind: RelationKind
    /// The strength of the evidence for `kind`, 0…1 (see the README for each kind's measure).
    public let score: Double
    /// For derived pairs, the id of the likely source, or nil when the evidence does not decide.
    public var source: String?
    /// Why the kind and the source were decided.
    public var reasons: [String]
    /// Aligned sentence pairs (a's sentence, b's sentence, similarity).
    public let evidence: [Evidence]

    /// A pair of aligned sentences: `a`'s sentence, `b`'s, and their similarity.
    public struct Evidence: Sendable {
        public let a: String
        public let b: String
        public let similarity: Double
    }
}
