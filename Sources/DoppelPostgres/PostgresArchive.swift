import Foundation
import Doppel
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// An archive in a PostgreSQL database (through postgres-nio), for an archive several machines
/// share: the tables of ``SQLiteArchive`` under the same named migrations, every batch one
/// transaction, full-text search over titles and bodies by a `tsvector` column. Selected by a
/// `postgres://user:password@host:port/database` URL.
public final class PostgresArchive: ArchiveDriver, @unchecked Sendable {
    /// The URL without its password: how errors name the archive.
    public let name: String
    private let connection: PostgresConnection
    private let lock = NIOLock()  // one caller at a time: a batch's transaction must not interleave
    private static let logger = Logger(label: "doppel.postgres")

    /// Connects to the database at `url` and brings its schema up to date. A database holding
    /// other tables, one migrated by a newer Doppel, or a server that refuses: an
    /// ``ArchiveError`` naming it.
    public init(url: String) throws {
        let (configuration, name) = try Self.configuration(url)
        self.name = name
        connection = try Self.mapping(name) {
            try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(), configuration: configuration,
                                           id: 1, logger: Self.logger).wait()
        }
        do { try migrate() } catch { try? connection.close().wait(); throw error }
    }

    deinit { try? connection.close().wait() }

    /// Whether `string` names a PostgreSQL archive rather than a SQLite file.
    public static func isURL(_ string: String) -> Bool {
        string.hasPrefix("postgres://") || string.hasPrefix("postgresql://")
    }

    /// How messages name the archive at `url`: the URL without its password.
    public static func name(of url: String) -> String {
        (try? configuration(url).1) ?? url
    }

    static func configuration(_ url: String) throws -> (PostgresConnection.Configuration, String) {
        guard isURL(url), let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw ArchiveError.database(path: url, reason: "not a postgres://user:password@host:port/database URL")
        }
        let user = parts.user.map { $0 + (parts.password == nil ? "" : ":…") + "@" } ?? ""
        let shown = "\(parts.scheme ?? "postgres")://\(user)\(host)\(parts.port.map { ":\($0)" } ?? "")\(parts.path)"
        let database = String(parts.path.drop { $0 == "/" })
        let configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        return (configuration, shown)
    }

    /// The schema, one migration per change, named as ``SQLiteArchive``'s are.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1: articles, verdicts, search", [
            "CREATE TABLE batch (number SERIAL PRIMARY KEY, committed TEXT NOT NULL, added INTEGER NOT NULL, removed INTEGER NOT NULL)",
            """
            CREATE TABLE article (id TEXT PRIMARY KEY, "contentHash" BIGINT NOT NULL, added INTEGER NOT NULL,
              batch INTEGER NOT NULL REFERENCES batch, format TEXT NOT NULL, title TEXT, date INTEGER, url TEXT,
              publisher TEXT, author TEXT, language TEXT, body TEXT NOT NULL, paragraphs TEXT NOT NULL, removed TEXT NOT NULL,
              search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || body)) STORED)
            """,
            "CREATE INDEX article_added ON article (added)",
            "CREATE INDEX article_date ON article (date)",
            "CREATE INDEX article_search ON article USING GIN (search)",
            """
            CREATE TABLE relation (a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, score DOUBLE PRECISION NOT NULL,
              source TEXT, payload TEXT NOT NULL, PRIMARY KEY (a, b))
            """,
            "CREATE INDEX relation_b ON relation (b)",
            "CREATE TABLE story (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT, original TEXT, payload TEXT NOT NULL)",
            """
            CREATE TABLE "storyMember" (story TEXT NOT NULL REFERENCES story ON DELETE CASCADE, article TEXT NOT NULL,
              PRIMARY KEY (story, article))
            """,
            "CREATE INDEX story_member_article ON \"storyMember\" (article)",
            """
            CREATE TABLE quotation (position INTEGER PRIMARY KEY, article TEXT NOT NULL, speaker TEXT,
              altered BOOLEAN NOT NULL, payload TEXT NOT NULL)
            """,
            "CREATE INDEX quotation_article ON quotation (article)",
            "CREATE INDEX quotation_speaker ON quotation (speaker)",
        ]),
        ("v2: verdict changes", [
            """
            CREATE TABLE "verdictChange" (batch INTEGER NOT NULL REFERENCES batch, day INTEGER NOT NULL, a TEXT NOT NULL,
              b TEXT NOT NULL, before TEXT, after TEXT)
            """,
            "CREATE INDEX verdict_change_day ON \"verdictChange\" (day)",
        ]),
    ]

    /// Applies the migrations this database lacks, in one transaction, one process at a time
    /// (an advisory lock).
    private func migrate() throws {
        try locked {
            try transaction {
                _ = try run("SELECT pg_advisory_xact_lock(7411)")
                let tables = try run("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
                    .map { try $0.decode(String.self) }
                if !tables.contains("doppel_migrations") {
                    guard tables.isEmpty else { throw ArchiveError.notAnArchive(path: name) }
                    _ = try run("CREATE TABLE doppel_migrations (identifier TEXT PRIMARY KEY)")
                }
                let applied = Set(try run("SELECT identifier FROM doppel_migrations").map { try $0.decode(String.self) })
                let unknown = applied.subtracting(Self.migrations.map(\.name))
                if !unknown.isEmpty { throw ArchiveError.newerSchema(path: name, unknown: unknown.sorted()) }
                for migration in Self.migrations where !applied.contains(migration.name) {
                    for statement in migration.statements { _ = try run(PostgresQuery(unsafeSQL: statement)) }
                    _ = try run("INSERT INTO doppel_migrations (identifier) VALUES (\(migration.name))")
                }
            }
        }
    }

    public func contentHashes(of ids: [String]) throws -> [String: UInt64] {
        try locked {
            var found: [String: UInt64] = [:]
            for row in try run("SELECT id, \"contentHash\" FROM article WHERE id = ANY(\(ids))") {
                let (id, hash) = try row.decode((String, Int64).self)
                found[id] = UInt64(bitPattern: hash)
            }
            return found
        }
    }

    public func articles() throws -> [ArchivedArticle] {
        try locked {
            let decoder = JSONDecoder()
            return try run("""
                SELECT id, "contentHash", added, format, title, date, url, publisher, author, language, paragraphs, removed
                FROM article ORDER BY id COLLATE "C"
                """).map { row in
                let (id, hash, added, format, title, date, url, publisher, author, language, paragraphs, removed) =
                    try row.decode((String, Int64, Int32, String, String?, Int32?, String?, String?, String?, String?, String, String).self)
                guard let format = DocumentFormat(rawValue: format) else {
                    throw ArchiveError.damaged(path: name, reason: "article \(id) has an unknown format")
                }
                let article = Article(id: id, format: format, title: title, date: date.map(Day.init(number:)), url: url,
                                      publisher: publisher, author: author, language: language,
                                      paragraphs: try decoder.decode([String].self, from: Data(paragraphs.utf8)),
                                      removed: try decoder.decode([RemovedBlock].self, from: Data(removed.utf8)))
                return ArchivedArticle(article: article, contentHash: UInt64(bitPattern: hash), added: Day(number: added))
            }
        }
    }

    public func verdicts() throws -> Verdicts {
        try locked {
            let decoder = JSONDecoder()
            func payloads<T: Decodable>(_ sql: PostgresQuery) throws -> [T] {
                try run(sql).map { try decoder.decode(T.self, from: Data(try $0.decode(String.self).utf8)) }
            }
            return Verdicts(relations: try payloads("SELECT payload FROM relation ORDER BY a COLLATE \"C\", b COLLATE \"C\""),
                            stories: try payloads("SELECT payload FROM story ORDER BY position"),
                            quotes: try payloads("SELECT payload FROM quotation ORDER BY position"))
        }
    }

    @discardableResult
    public func commit(_ batch: ArchiveBatch) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        return try locked {
            try transaction {
                let committed = ISO8601DateFormatter().string(from: Date())
                let number = try run("""
                    INSERT INTO batch (committed, added, removed) VALUES (\(committed), \(batch.added.count), \(batch.removed.count))
                    RETURNING number
                    """).map { Int(try $0.decode(Int32.self)) }.first ?? 0
                if !batch.removed.isEmpty {  // a removed article's history goes with it
                    _ = try run("DELETE FROM article WHERE id = ANY(\(batch.removed))")
                    _ = try run("""
                        DELETE FROM "verdictChange" WHERE a NOT IN (SELECT id FROM article) OR b NOT IN (SELECT id FROM article)
                        """)
                }
                let articles = try json(batch.added.map {
                    ArticleRow($0, batch: number, paragraphs: try json($0.article.paragraphs), removed: try json($0.article.removed))
                })
                _ = try run("""
                    INSERT INTO article (id, "contentHash", added, batch, format, title, date, url, publisher, author,
                                         language, body, paragraphs, removed)
                    SELECT id, "contentHash", added, batch, format, title, date, url, publisher, author, language, body,
                           paragraphs, removed FROM json_populate_recordset(NULL::article, \(articles)::json)
                    ON CONFLICT (id) DO UPDATE SET "contentHash" = excluded."contentHash", added = excluded.added,
                      batch = excluded.batch, format = excluded.format, title = excluded.title, date = excluded.date,
                      url = excluded.url, publisher = excluded.publisher, author = excluded.author,
                      language = excluded.language, body = excluded.body, paragraphs = excluded.paragraphs,
                      removed = excluded.removed
                    """)
                _ = try run("TRUNCATE relation, \"storyMember\", story, quotation")
                let verdicts = batch.verdicts
                try insert("relation", try json(verdicts.relations.map {
                    RelationRow(a: $0.a, b: $0.b, kind: $0.kind.rawValue, score: $0.score, source: $0.source, payload: try json($0))
                }))
                try insert("story", try json(verdicts.stories.enumerated().map {
                    StoryRow(id: $1.id, position: $0, title: $1.title, original: $1.original, payload: try json($1))
                }))
                try insert("\"storyMember\"", try json(verdicts.stories.flatMap { story in
                    story.documents.map { StoryMemberRow(story: story.id, article: $0) }
                }))
                try insert("quotation", try json(verdicts.quotes.enumerated().map {
                    QuotationRow(position: $0, article: $1.quotation.document, speaker: $1.speaker, altered: $1.alteration != nil,
                                 payload: try json($1))
                }))
                try insert("\"verdictChange\"", try json(batch.changes.map {
                    ChangeRow(batch: number, day: Int($0.day.number), a: $0.a, b: $0.b, before: $0.before?.rawValue,
                              after: $0.after?.rawValue)
                }))
                return number
            }
        }
    }

    /// Inserts the rows of a JSON array of objects keyed by column names into `table`, in one
    /// statement.
    private func insert(_ table: String, _ rows: String) throws {
        _ = try run("INSERT INTO \(unescaped: table) SELECT * FROM json_populate_recordset(NULL::\(unescaped: table), \(rows)::json)")
    }

    public func changes(since day: Day) throws -> [VerdictChange] {
        try locked {
            try run("""
                SELECT a, b, before, after, day FROM "verdictChange" WHERE day >= \(Int32(day.number))
                ORDER BY batch, a COLLATE "C", b COLLATE "C"
                """).map { row in
                let (a, b, before, after, day) = try row.decode((String, String, String?, String?, Int32).self)
                return VerdictChange(a: a, b: b, before: before.flatMap(RelationKind.init(rawValue:)),
                                     after: after.flatMap(RelationKind.init(rawValue:)), day: Day(number: day))
            }
        }
    }

    public func search(_ query: String, limit: Int) throws -> [String] {
        try locked {
            try run("""
                SELECT id FROM article, plainto_tsquery('simple', \(query)) AS q WHERE search @@ q
                ORDER BY ts_rank(search, q) DESC, id COLLATE "C" LIMIT \(limit)
                """).map { try $0.decode(String.self) }
        }
    }

    // MARK: Running queries

    private func locked<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock { try Self.mapping(name, body) }
    }

    private func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(query, logger: Self.logger).wait()
    }

    private func transaction<T>(_ body: () throws -> T) throws -> T {
        _ = try run("BEGIN")
        do {
            let value = try body()
            _ = try run("COMMIT")
            return value
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }

    /// Runs `body`, turning database errors into ``ArchiveError``s that name the archive.
    static func mapping<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            throw error
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw ArchiveError.database(path: name, reason: reason)
        } catch {
            throw ArchiveError.database(path: name, reason: "\(error)")
        }
    }
}

/// Rows as the tables hold them, for `json_populate_recordset` (a missing key is NULL).
private struct ArticleRow: Encodable {
    let id: String, contentHash: Int64, added: Int, batch: Int, format: String
    let title: String?, date: Int?, url: String?, publisher: String?, author: String?, language: String?
    let body: String, paragraphs: String, removed: String

    init(_ item: ArchivedArticle, batch: Int, paragraphs: String, removed: String) {
        let a = item.article
        (id, contentHash, added, self.batch, format) = (a.id, Int64(bitPattern: item.contentHash), Int(item.added.number), batch, a.format.rawValue)
        (title, date, url, publisher, author, language) = (a.title, a.date.map { Int($0.number) }, a.url, a.publisher, a.author, a.language)
        (body, self.paragraphs, self.removed) = (a.text, paragraphs, removed)
    }
}

private struct RelationRow: Encodable { let a: String, b: String, kind: String, score: Double, source: String?, payload: String }
private struct StoryRow: Encodable { let id: String, position: Int, title: String?, original: String?, payload: String }
private struct StoryMemberRow: Encodable { let story: String, article: String }
private struct QuotationRow: Encodable { let position: Int, article: String, speaker: String?, altered: Bool, payload: String }
private struct ChangeRow: Encodable { let batch: Int, day: Int, a: String, b: String, before: String?, after: String? }
