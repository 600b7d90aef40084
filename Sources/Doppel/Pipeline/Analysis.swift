/// A quotation as reported: with its speaker merged across spellings, and the source's wording
/// when a copy changed it.
public struct QuoteFinding: Sendable, Codable {
    public let quotation: Quotation
    /// The speaker's name as most documents spell it, or nil when unattributed.
    public let speaker: String?
    public let alteration: Alteration?
}

/// How a derived copy changed a quotation of its source.
public struct Alteration: Sendable, Codable {
    /// The source document whose wording differs.
    public let document: String
    /// The quotation as the source has it.
    public let text: String
    /// Word-level difference from the source's wording to the copy's.
    public let diff: String
}

/// Everything Doppel found in a corpus: the value every report renders.
public struct Analysis: Sendable {
    public let documents: [AnalyzedArticle]
    /// Related pairs, sorted by (a, b), each with exactly one kind.
    public let relations: [Relation]
    public let stories: [Story]
    public let quotes: [QuoteFinding]
}
