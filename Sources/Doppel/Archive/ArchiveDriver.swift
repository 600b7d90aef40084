/// An article as the archive keeps it: the extraction, a hash of the document it came from,
/// and the day it was added.
public struct ArchivedArticle: Sendable {
    public let article: Article
    /// FNV-1a of the raw document's text: adding the same document under the same id again
    /// changes nothing.
    public let contentHash: UInt64
    /// The day it was added.
    public let added: Day

    public init(article: Article, contentHash: UInt64, added: Day) {
        (self.article, self.contentHash, self.added) = (article, contentHash, added)
    }
}

/// The verdicts over everything archived: what `scan` would say of it.
public struct Verdicts: Sendable {
    public var relations: [Relation] = []
    public var stories: [Story] = []
    public var quotes: [QuoteFinding] = []

    public init(relations: [Relation] = [], stories: [Story] = [], quotes: [QuoteFinding] = []) {
        (self.relations, self.stories, self.quotes) = (relations, stories, quotes)
    }
}

/// A verdict on a pair of articles that were both archived before a batch, changed by it (the
/// batch changed what the pair was decided against: the corpus, a copy's date, a story).
public struct VerdictChange: Sendable, Hashable, Codable {
    public let a: String
    public let b: String
    /// The kind before and after (nil: unrelated).
    public let before: RelationKind?
    public let after: RelationKind?
    /// The day of the batch that changed it.
    public let day: Day

    public init(a: String, b: String, before: RelationKind?, after: RelationKind?, day: Day) {
        (self.a, self.b, self.before, self.after, self.day) = (a, b, before, after, day)
    }
}

/// What one committed batch changes: articles in and out, the verdicts that replace the stored
/// ones, and which earlier verdicts those change. A driver applies it wholly or not at all.
public struct ArchiveBatch: Sendable {
    public var day: Day
    public var added: [ArchivedArticle] = []
    public var removed: [String] = []
    public var verdicts: Verdicts
    public var changes: [VerdictChange] = []
}

/// Where an archive lives: SQLite (``SQLiteArchive``) or another database behind the same
/// calls. Every error is an ``ArchiveError`` that names the archive.
public protocol ArchiveDriver: Sendable {
    /// The content hash of each of `ids` that is archived.
    func contentHashes(of ids: [String]) throws -> [String: UInt64]
    /// Every archived article, sorted by id.
    func articles() throws -> [ArchivedArticle]
    /// The stored verdicts.
    func verdicts() throws -> Verdicts
    /// Applies `batch` in one transaction and returns its number.
    @discardableResult func commit(_ batch: ArchiveBatch) throws -> Int
    /// The verdict changes recorded on or after `day`.
    func changes(since day: Day) throws -> [VerdictChange]
    /// Ids of the articles whose title or body match a full-text query, best first.
    func search(_ query: String, limit: Int) throws -> [String]
}
