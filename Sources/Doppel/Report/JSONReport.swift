/// The JSON documents `scan --json`, `extract --json` and `compare --json` print.
/// The schema is described in the README.
public enum JSONReport {
    /// A document object: id, title, date, url, publisher, author, language, text, removed blocks and reasons.
    public static func document(_ article: Article) -> JSON { .object(documentFields(article, body: "text")) }

    private static func documentFields(_ article: Article, body: String) -> [(String, JSON)] {
        [
            ("id", .string(article.id)),
            ("title", .optional(article.title)),
            ("date", .optional(article.date?.iso)),
            ("url", .optional(article.url)),
            ("publisher", .optional(article.publisher)),
            ("author", .optional(article.author)),
            ("language", .optional(article.language)),
            (body, .string(article.text)),
            ("removed", .array(article.removed.map { .string($0.text) })),
            ("removedReasons", .array(article.removed.map { .string($0.reason.rawValue) })),
        ]
    }

    /// A relation object: a, b, kind, score, source, reasons, shared passages and their shares
    /// of each body, whether both state one publisher, aligned evidence.
    public static func relation(_ r: Relation) -> JSON {
        .object([
            ("a", .string(r.a)),
            ("b", .string(r.b)),
            ("kind", .string(r.kind.rawValue)),
            ("score", .number(r.score)),
            ("source", .optional(r.source)),
            ("reasons", .array(r.reasons.map { .string($0) })),
            ("passages", .array(r.passages.map(passage))),
            ("shareA", .number(r.shareA)),
            ("shareB", .number(r.shareB)),
            ("samePublisher", .bool(r.samePublisher)),
            ("evidence", .array(r.evidence.map {
                .object([("a", .string($0.a)), ("b", .string($0.b)), ("similarity", .number($0.similarity))])
            })),
        ])
    }

    /// A shared passage: its text (as in `a`), its offsets in each body (Unicode scalars of the
    /// document's `text`, end exclusive) and its likely source.
    public static func passage(_ p: Relation.Passage) -> JSON {
        .object([
            ("text", .string(p.text)),
            ("a", .array([.number(Double(p.a.lowerBound)), .number(Double(p.a.upperBound))])),
            ("b", .array([.number(Double(p.b.lowerBound)), .number(Double(p.b.upperBound))])),
            ("source", .optional(p.source)),
        ])
    }

    /// A story object: id, title, documents, original, independent sources.
    public static func story(_ s: Story) -> JSON {
        .object([
            ("id", .string(s.id)),
            ("title", .optional(s.title)),
            ("documents", .array(s.documents.map { .string($0) })),
            ("original", .optional(s.original)),
            ("independentSources", .array(s.independentSources.map { .string($0) })),
        ])
    }

    /// A quotation object: document, speaker, text, kind, altered.
    public static func quote(_ q: QuoteFinding) -> JSON {
        .object([
            ("document", .string(q.quotation.document)),
            ("speaker", .optional(q.speaker)),
            ("text", .string(q.quotation.text)),
            ("kind", .string(q.quotation.isSpeech ? "speech" : "scare")),
            ("altered", q.alteration.map {
                .object([("document", .string($0.document)), ("text", .string($0.text)), ("diff", .string($0.diff))])
            } ?? .null),
        ])
    }

    /// The whole `scan --json` document.
    public static func scan(_ analysis: Analysis) -> JSON {
        .object([
            ("documents", .array(analysis.documents.map { document($0.article) })),
            ("relations", .array(analysis.relations.map(relation))),
            ("stories", .array(analysis.stories.map(story))),
            ("quotes", .array(analysis.quotes.map(quote))),
        ])
    }

    /// One line of `extract --timings`.
    public static func timing(id: String, milliseconds: Double) -> JSON {
        .object([("id", .string(id)), ("ms", .number(milliseconds))])
    }

    /// The `extract --json` object: each article under its page name (its id without the format
    /// extension, as extraction benchmarks name pages; the whole id where two would clash), with
    /// the document fields and the body as `articleBody`.
    public static func extraction(_ articles: [Article]) -> JSON {
        let names = articles.map { pageName($0.id) }
        var uses: [String: Int] = [:]
        for name in names { uses[name, default: 0] += 1 }
        return .object(zip(names, articles).map { name, article in
            (uses[name]! > 1 ? article.id : name, .object(documentFields(article, body: "articleBody")))
        })
    }

    /// An id without its format extension and `.gz` ("a/page.html.gz" → "a/page").
    static func pageName(_ id: String) -> String {
        var name = id
        if name.lowercased().hasSuffix(".gz") { name.removeLast(3) }
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/"), dot != name.startIndex else { return id }
        return String(name[..<dot])
    }
}
