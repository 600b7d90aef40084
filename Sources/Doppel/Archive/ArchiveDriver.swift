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

/// What one committed batch changes: articles in and out, and the verdicts that replace the
/// stored ones. A driver applies it wholly or not at all.
public struct ArchiveBatch: Sendable {
    public var added: [ArchivedArticle] = []
    public var removed: [String] = []
    public var verdicts: Verdicts
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
    /// Ids of the articles whose title or body match a full-text query, best first.
    func search(_ query: String, limit: Int) throws -> [String]
}
