import Doppel
import Synchronization

/// What the server reads: the archive's articles and verdicts, indexed for the routes. Built
/// once when the server starts and again after each write, so reads never wait on the database.
public struct Snapshot: Sendable {
    public let articles: [String: ArchivedArticle]
    /// Each article's relations, by article id.
    public let relations: [String: [Relation]]
    /// Stories, newest first (by their latest stated date; undated stories last), then by id.
    public let stories: [Story]
    /// Each story's place in that order.
    let storyKeys: [StoryKey]
    /// The days each story's articles state, earliest and latest, in that order.
    private(set) var storyDays: [(first: Day, last: Day)?] = []
    /// Each story's ``summaryJSON(_:)``, serialized on one line, in that order.
    private(set) var summaries: [String] = []
    public let storyIndex: [String: Int]
    /// The story of each article, by article id.
    public let storyOf: [String: String]
    public let quotes: [QuoteFinding]
    /// The quotations of each article, by article id.
    public let quotesOf: [String: [QuoteFinding]]

    init(articles archived: [ArchivedArticle], verdicts: Verdicts) {
        let articles = Dictionary(archived.map { ($0.article.id, $0) }, uniquingKeysWith: { $1 })
        self.articles = articles
        var relations: [String: [Relation]] = [:]
        for relation in verdicts.relations {
            relations[relation.a, default: []].append(relation)
            relations[relation.b, default: []].append(relation)
        }
        self.relations = relations
        let keyed = verdicts.stories.map { story in
            (story, StoryKey(day: story.documents.compactMap { articles[$0]?.article.date }.max()?.number, id: story.id))
        }.sorted { $0.1 < $1.1 }
        stories = keyed.map(\.0)
        storyKeys = keyed.map(\.1)
        storyIndex = Dictionary(stories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { $1 })
        storyOf = Dictionary(stories.flatMap { story in story.documents.map { ($0, story.id) } }, uniquingKeysWith: { $1 })
        quotes = verdicts.quotes
        quotesOf = Dictionary(grouping: verdicts.quotes) { $0.quotation.document }
        storyDays = stories.map { story in
            let days = story.documents.compactMap { articles[$0]?.article.date }
            return days.min().map { ($0, days.max()!) }
        }
        summaries = stories.map { summaryJSON($0).serializedLine() }
    }

    /// A story as lists give it: its id, title and original, how many versions and independent
    /// sources it has, its first and last stated days and the number of its altered quotations
    /// (the members are in ``detailJSON(_:)``: a story of many versions would make a page of
    /// fifty stories long).
    public func summaryJSON(_ story: Story) -> JSON {
        let days = days(of: story)
        return .object([
            ("id", .string(story.id)), ("title", .optional(story.title)), ("original", .optional(story.original)),
            ("versions", .number(Double(story.documents.count))),
            ("sources", .number(Double(story.independentSources.count))),
            ("firstDate", .optional(days?.first.iso)), ("lastDate", .optional(days?.last.iso)),
            ("alteredQuotes", .number(Double(alteredQuotes(in: story).count))),
        ])
    }

    /// A story as `scan --json` gives it, with its first and last stated days and the number of
    /// its altered quotations.
    public func detailJSON(_ story: Story) -> JSON {
        guard case .object(var fields) = JSONReport.story(story) else { return JSONReport.story(story) }
        let days = days(of: story)
        fields.append(("firstDate", .optional(days?.first.iso)))
        fields.append(("lastDate", .optional(days?.last.iso)))
        fields.append(("alteredQuotes", .number(Double(alteredQuotes(in: story).count))))
        return .object(fields)
    }

    /// The article with `id`, or the error naming it.
    public func article(_ id: String) throws(APIError) -> ArchivedArticle {
        guard let article = articles[id] else { throw .noArticle(id) }
        return article
    }

    /// The story with `id`, or the error naming it.
    public func story(_ id: String) throws(APIError) -> Story {
        guard let index = storyIndex[id] else { throw .noStory(id) }
        return stories[index]
    }

    /// Where `story` (one of ``stories``) stands in the list.
    func key(of story: Story) -> StoryKey { storyKeys[storyIndex[story.id]!] }

    /// The index of the first story that comes after `key` (a story removed or renumbered since
    /// the key was given still has its place).
    func firstStory(after key: StoryKey) -> Int {
        var (low, high) = (0, storyKeys.count)
        while low < high {
            let middle = (low + high) / 2
            if key < storyKeys[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The days a story's articles state, earliest and latest.
    public func days(of story: Story) -> (first: Day, last: Day)? {
        storyIndex[story.id].flatMap { storyDays[$0] }
    }

    /// The quotations of a story's articles that were altered.
    public func alteredQuotes(in story: Story) -> [QuoteFinding] {
        story.documents.flatMap { quotesOf[$0] ?? [] }.filter { $0.alteration != nil }
    }

    /// The relations among a story's articles, each once.
    public func relations(within story: Story) -> [Relation] {
        let members = Set(story.documents)
        return Self.unique(story.documents.flatMap { relations[$0] ?? [] }.filter { members.contains($0.a) && members.contains($0.b) })
    }

    /// `relations` without repeats (a pair is listed under both its articles).
    static func unique(_ relations: [Relation]) -> [Relation] {
        var seen = Set<IDPair>()
        return relations.filter { seen.insert(IDPair($0.a, $0.b)).inserted }
    }
}

/// Where a story stands in the list: newest first by the latest day its articles state (undated
/// stories last), then by id. A cursor is the key of the last story of a page.
struct StoryKey: Comparable {
    /// The latest stated day, as days since 1970-01-01; nil when no article states one.
    let day: Int32?
    let id: String

    static func < (x: StoryKey, y: StoryKey) -> Bool {
        switch (x.day, y.day) {
        case let (a?, b?) where a != b: a > b
        case (_?, nil): true
        case (nil, _?): false
        default: x.id < y.id
        }
    }
}

/// The archive behind the server: writes go through it one at a time, and each write makes a
/// new ``Snapshot`` for the reads.
public actor ArchiveService {
    public let archive: Archive
    /// The latest snapshot, read without waiting for the actor (a write in progress does not
    /// hold up reads: they see the snapshot before it until it commits).
    public nonisolated var snapshot: Snapshot { current.withLock { $0 } }
    private nonisolated let current: Mutex<Snapshot>
    /// The sentence model `compare` uses, when installed.
    public nonisolated let embedder: (any TextEmbedder)?

    public init(archive: Archive, embedder: (any TextEmbedder)? = nil) throws {
        self.archive = archive
        self.embedder = embedder
        current = Mutex(Snapshot(articles: try archive.driver.articles(), verdicts: try archive.driver.verdicts()))
    }

    /// Adds `documents` as one batch, as `doppel add` does, and returns what it did.
    public func add(_ documents: [RawDocument], today: Day = .today) throws -> Archive.Summary {
        let summary = try archive.add(documents, today: today)
        if summary.batch != nil { try refresh() }
        return summary
    }

    /// Removes the article with `id`; false when it is not archived.
    public func remove(_ id: String, today: Day = .today) throws -> Bool {
        guard snapshot.articles[id] != nil else { return false }
        let removed = try archive.remove(ids: [id], today: today)
        try refresh()
        return removed > 0
    }

    /// Ids of the articles matching a full-text query, best first.
    public func search(_ query: String, limit: Int) throws -> [String] {
        try archive.driver.search(query, limit: limit)
    }

    private func refresh() throws {
        let fresh = Snapshot(articles: try archive.driver.articles(), verdicts: try archive.driver.verdicts())
        current.withLock { $0 = fresh }
    }
}
