/// Doppel's memory: articles added day by day, with the verdicts over all of them.
///
/// This first version decides the verdicts of a batch by scanning every archived article
/// again (the same ``Scanner`` as `scan`), so the archive always says what `scan` says of the
/// same articles, whatever the order and size of the batches; the cost of a batch grows with
/// the archive. The stored extractions are what is scanned, so a batch never re-reads old input.
public struct Archive: Sendable {
    public let driver: any ArchiveDriver
    public var scanner: Scanner

    public init(driver: any ArchiveDriver, scanner: Scanner = Scanner()) {
        self.driver = driver
        self.scanner = scanner
    }

    /// What adding a batch did.
    public struct Summary: Sendable, Equatable {
        /// The committed batch's number (nil when nothing changed, and nothing was committed).
        public var batch: Int?
        /// Articles added, and articles whose id was archived with other content (replaced).
        public var added = 0, replaced = 0
        /// Documents archived before with the same id and content: left as they are.
        public var unchanged = 0
        /// Articles in the archive after the batch.
        public var articles = 0
        /// Verdicts on pairs archived before the batch that it changed (see ``VerdictChange``).
        public var changedVerdicts = 0

        public init() {}
    }

    /// Adds `documents` as one batch dated `today`: extracts them, decides the verdicts over the
    /// whole archive and commits both in one transaction. Documents archived before under the
    /// same id with the same content change nothing; under the same id with other content they
    /// replace the archived article.
    public func add(_ documents: [RawDocument], today: Day = .today) throws -> Summary {
        let hashes = documents.map { fnv1a($0.text.utf8) }
        let known = try driver.contentHashes(of: documents.map(\.id))
        var summary = Summary()
        var fresh: [(RawDocument, UInt64)] = []
        var seen = Set<String>()
        for (document, hash) in zip(documents, hashes) where seen.insert(document.id).inserted {
            switch known[document.id] {
            case hash?: summary.unchanged += 1
            case nil: summary.added += 1; fresh.append((document, hash))
            case _?: summary.replaced += 1; fresh.append((document, hash))
            }
        }
        let archived = try driver.articles()
        summary.articles = archived.count + summary.added
        guard !fresh.isEmpty else { return summary }
        let articles = Extractor.extractAll(fresh.map(\.0))
        let added = zip(articles, fresh).map { ArchivedArticle(article: $0, contentHash: $1.1, added: today) }
        let batchIDs = Set(added.map(\.article.id))
        let all = archived.filter { !batchIDs.contains($0.article.id) }.map(\.article) + articles
        let decided = verdicts(of: all)
        let changes = try self.changes(to: decided, sparing: batchIDs, day: today)
        summary.changedVerdicts = changes.count
        summary.batch = try driver.commit(ArchiveBatch(day: today, added: added, verdicts: decided, changes: changes))
        return summary
    }

    /// Removes the articles with `ids` (and those added before `expireBefore`, when given) and
    /// decides the verdicts over the rest; returns the number removed.
    public func remove(ids: Set<String>, expireBefore: Day? = nil, today: Day = .today) throws -> Int {
        let archived = try driver.articles()
        let gone = archived.filter { item in
            ids.contains(item.article.id) || expireBefore.map { item.added < $0 } == true
        }
        guard !gone.isEmpty else { return 0 }
        let goneIDs = Set(gone.map(\.article.id))
        let rest = archived.filter { !goneIDs.contains($0.article.id) }.map(\.article)
        let decided = verdicts(of: rest)
        try driver.commit(ArchiveBatch(day: today, removed: gone.map(\.article.id), verdicts: decided,
                                       changes: try changes(to: decided, sparing: goneIDs, day: today)))
        return gone.count
    }

    /// Everything the archive holds, as `scan` reports it: the articles analysed again (cheap
    /// beside deciding the verdicts) with the stored verdicts.
    public func analysis() throws -> Analysis {
        try analysis(of: driver.articles())
    }

    /// The part of ``analysis()`` that changed on or after `day`: the stories holding an article
    /// added since then or one whose verdict with another changed since then (whole), and the
    /// relations and quotations of their articles.
    public func analysis(since day: Day) throws -> Analysis {
        let archived = try driver.articles()
        var recent = Set(archived.filter { $0.added >= day }.map(\.article.id))
        for change in try driver.changes(since: day) { recent.formUnion([change.a, change.b]) }
        return try analysis(of: archived).restricted { story in story.documents.contains(where: recent.contains) }
    }

    /// `archived` analysed again, with the stored verdicts.
    private func analysis(of archived: [ArchivedArticle]) throws -> Analysis {
        let verdicts = try driver.verdicts()
        return Analysis(documents: Scanner.analyze(archived.map(\.article)), relations: verdicts.relations,
                        stories: verdicts.stories, quotes: verdicts.quotes)
    }

    /// The stored verdicts on pairs of articles outside `spared` (the batch's own) that
    /// `decided` changes.
    private func changes(to decided: Verdicts, sparing spared: Set<String>, day: Day) throws -> [VerdictChange] {
        func kinds(_ relations: [Relation]) -> [IDPair: RelationKind] {  // one relation per pair
            Dictionary(uniqueKeysWithValues: relations.filter { !spared.contains($0.a) && !spared.contains($0.b) }
                .map { (IDPair($0.a, $0.b), $0.kind) })
        }
        let (before, after) = (kinds(try driver.verdicts().relations), kinds(decided.relations))
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
            .sorted { ($0.a, $0.b) < ($1.a, $1.b) }
            .map { VerdictChange(a: $0.a, b: $0.b, before: before[$0], after: after[$0], day: day) }
    }

    private func verdicts(of articles: [Article]) -> Verdicts {
        let analysis = scanner.scan(articles: articles)
        return Verdicts(relations: analysis.relations, stories: analysis.stories, quotes: analysis.quotes)
    }
}

extension Analysis {
    /// The stories that `keep` keeps, with their documents, relations and quotations.
    public func restricted(to keep: (Story) -> Bool) -> Analysis {
        let stories = stories.filter(keep)
        let members = Set(stories.flatMap(\.documents))
        return Analysis(documents: documents.filter { members.contains($0.id) },
                        relations: relations.filter { members.contains($0.a) || members.contains($0.b) },
                        stories: stories, quotes: quotes.filter { members.contains($0.quotation.document) })
    }
}
