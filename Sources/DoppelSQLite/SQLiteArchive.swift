import Foundation
import Doppel
import GRDB

/// An archive in one SQLite file (through GRDB): write-ahead logging, so readers go on while a
/// batch commits; every batch one transaction; FTS5 over titles and bodies. The schema is
/// versioned by named migrations (`SQLiteArchive.migrator`).
public final class SQLiteArchive: ArchiveDriver {
    public let path: String
    private let database: DatabasePool

    /// Opens the archive at `path`, creating it when there is no file, and brings its schema up
    /// to date. A file that is not an archive, one from a newer Doppel, or a damaged one is an
    /// ``ArchiveError`` naming it.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw ArchiveError.notAnArchive(path: path) }
        database = try Self.mapping(path) {
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)  // a second writer waits for the first
            return try DatabasePool(path: path, configuration: configuration)
        }
        try Self.mapping(path) {
            try database.write { db in
                if exists, try !db.tableExists("grdb_migrations") { throw ArchiveError.notAnArchive(path: path) }
                let unknown = try Self.migrator.appliedIdentifiers(db).subtracting(Self.migrator.migrations)
                if !unknown.isEmpty { throw ArchiveError.newerSchema(path: path, unknown: unknown.sorted()) }
            }
            try Self.migrator.migrate(database)
        }
    }

    /// The schema, one migration per change. Ids and days are the library's: articles by id,
    /// dates as days since 1970, payloads as JSON of the library's values.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: articles, verdicts, search") { db in
            try db.create(table: "batch") { t in
                t.primaryKey("number", .integer)
                t.column("committed", .text).notNull()
                t.column("added", .integer).notNull()
                t.column("removed", .integer).notNull()
            }
            try db.create(table: "article") { t in
                t.column("id", .text).notNull().unique()
                t.column("contentHash", .integer).notNull()
                t.column("added", .integer).notNull().indexed()
                t.column("batch", .integer).notNull().references("batch")
                t.column("format", .text).notNull()
                t.column("title", .text)
                t.column("date", .integer).indexed()
                t.column("url", .text)
                t.column("publisher", .text)
                t.column("author", .text)
                t.column("language", .text)
                t.column("body", .text).notNull()
                t.column("paragraphs", .jsonText).notNull()
                t.column("removed", .jsonText).notNull()
            }
            try db.create(virtualTable: "articleSearch", using: FTS5()) { t in
                t.synchronize(withTable: "article")
                t.column("title")
                t.column("body")
            }
            try db.create(table: "relation") { t in
                t.column("a", .text).notNull()
                t.column("b", .text).notNull().indexed()
                t.primaryKey(["a", "b"])
                t.column("kind", .text).notNull()
                t.column("score", .double).notNull()
                t.column("source", .text)
                t.column("payload", .jsonText).notNull()
            }
            try db.create(table: "story") { t in
                t.primaryKey("id", .text)
                t.column("position", .integer).notNull()
                t.column("title", .text)
                t.column("original", .text)
                t.column("payload", .jsonText).notNull()
            }
            try db.create(table: "storyMember") { t in
                t.column("story", .text).notNull().references("story", onDelete: .cascade)
                t.column("article", .text).notNull().indexed()
                t.primaryKey(["story", "article"])
            }
            try db.create(table: "quotation") { t in
                t.primaryKey("position", .integer)
                t.column("article", .text).notNull().indexed()
                t.column("speaker", .text).indexed()
                t.column("altered", .boolean).notNull()
                t.column("payload", .jsonText).notNull()
            }
        }
        migrator.registerMigration("v2: verdict changes") { db in
            try db.create(table: "verdictChange") { t in
                t.column("batch", .integer).notNull().references("batch")
                t.column("day", .integer).notNull().indexed()
                t.column("a", .text).notNull()
                t.column("b", .text).notNull()
                t.column("before", .text)
                t.column("after", .text)
            }
        }
        return migrator
    }

    public func contentHashes(of ids: [String]) throws -> [String: UInt64] {
        try Self.mapping(path) {
            try database.read { db in
                var found: [String: UInt64] = [:]
                for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchCursor(db, sql: "SELECT id, contentHash FROM article WHERE id IN (\(marks))",
                                                   arguments: StatementArguments(Array(chunk)))
                    while let row = try rows.next() { found[row["id"]] = UInt64(bitPattern: row["contentHash"]) }
                }
                return found
            }
        }
    }

    public func articles() throws -> [ArchivedArticle] {
        try Self.mapping(path) {
            try database.read { db in
                let decoder = JSONDecoder()
                return try Row.fetchAll(db, sql: "SELECT * FROM article ORDER BY id").map { row in
                    let paragraphs = try decoder.decode([String].self, from: Data((row["paragraphs"] as String).utf8))
                    let removed = try decoder.decode([RemovedBlock].self, from: Data((row["removed"] as String).utf8))
                    guard let format = DocumentFormat(rawValue: row["format"]) else {
                        throw ArchiveError.damaged(path: path, reason: "article \(row["id"] as String) has an unknown format")
                    }
                    let article = Article(id: row["id"], format: format, title: row["title"],
                                          date: (row["date"] as Int32?).map(Day.init(number:)), url: row["url"],
                                          publisher: row["publisher"], author: row["author"], language: row["language"],
                                          paragraphs: paragraphs, removed: removed)
                    return ArchivedArticle(article: article, contentHash: UInt64(bitPattern: row["contentHash"]),
                                           added: Day(number: row["added"]))
                }
            }
        }
    }

    public func verdicts() throws -> Verdicts {
        try Self.mapping(path) {
            try database.read { db in
                let decoder = JSONDecoder()
                func payloads<T: Decodable>(_ sql: String) throws -> [T] {
                    try String.fetchAll(db, sql: sql).map { try decoder.decode(T.self, from: Data($0.utf8)) }
                }
                return Verdicts(relations: try payloads("SELECT payload FROM relation ORDER BY a, b"),
                                stories: try payloads("SELECT payload FROM story ORDER BY position"),
                                quotes: try payloads("SELECT payload FROM quotation ORDER BY position"))
            }
        }
    }

    @discardableResult
    public func commit(_ batch: ArchiveBatch) throws -> Int {
        try Self.mapping(path) {
            try database.write { db in
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
                try db.execute(sql: "INSERT INTO batch (committed, added, removed) VALUES (?, ?, ?)",
                               arguments: [ISO8601DateFormatter().string(from: Date()), batch.added.count, batch.removed.count])
                let number = Int(db.lastInsertedRowID)
                for id in batch.removed { try db.execute(sql: "DELETE FROM article WHERE id = ?", arguments: [id]) }
                if !batch.removed.isEmpty {  // a removed article's history goes with it
                    try db.execute(sql: "DELETE FROM verdictChange WHERE a NOT IN (SELECT id FROM article) OR b NOT IN (SELECT id FROM article)")
                }
                for item in batch.added {
                    let a = item.article
                    try db.execute(sql: """
                        INSERT INTO article (id, contentHash, added, batch, format, title, date, url, publisher, author,
                                             language, body, paragraphs, removed)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET contentHash = excluded.contentHash, added = excluded.added,
                          batch = excluded.batch, format = excluded.format, title = excluded.title, date = excluded.date,
                          url = excluded.url, publisher = excluded.publisher, author = excluded.author,
                          language = excluded.language, body = excluded.body, paragraphs = excluded.paragraphs,
                          removed = excluded.removed
                        """, arguments: [a.id, Int64(bitPattern: item.contentHash), item.added.number, number,
                                         a.format.rawValue, a.title, a.date?.number, a.url, a.publisher, a.author,
                                         a.language, a.text, try json(a.paragraphs), try json(a.removed)])
                }
                for table in ["relation", "storyMember", "story", "quotation"] { try db.execute(sql: "DELETE FROM \(table)") }
                for r in batch.verdicts.relations {
                    try db.execute(sql: "INSERT INTO relation (a, b, kind, score, source, payload) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [r.a, r.b, r.kind.rawValue, r.score, r.source, try json(r)])
                }
                for (position, s) in batch.verdicts.stories.enumerated() {
                    try db.execute(sql: "INSERT INTO story (id, position, title, original, payload) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [s.id, position, s.title, s.original, try json(s)])
                    for member in s.documents {
                        try db.execute(sql: "INSERT INTO storyMember (story, article) VALUES (?, ?)", arguments: [s.id, member])
                    }
                }
                for (position, q) in batch.verdicts.quotes.enumerated() {
                    try db.execute(sql: "INSERT INTO quotation (position, article, speaker, altered, payload) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [position, q.quotation.document, q.speaker, q.alteration != nil, try json(q)])
                }
                for change in batch.changes {
                    try db.execute(sql: "INSERT INTO verdictChange (batch, day, a, b, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [number, change.day.number, change.a, change.b, change.before?.rawValue, change.after?.rawValue])
                }
                return number
            }
        }
    }

    public func changes(since day: Day) throws -> [VerdictChange] {
        try Self.mapping(path) {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM verdictChange WHERE day >= ? ORDER BY batch, a, b", arguments: [day.number]).map { row in
                    VerdictChange(a: row["a"], b: row["b"], before: (row["before"] as String?).flatMap(RelationKind.init(rawValue:)),
                                  after: (row["after"] as String?).flatMap(RelationKind.init(rawValue:)), day: Day(number: row["day"]))
                }
            }
        }
    }

    public func search(_ query: String, limit: Int) throws -> [String] {
        guard let pattern = FTS5Pattern(matchingAllTokensIn: query) else { return [] }
        return try Self.mapping(path) {
            try database.read { db in
                try String.fetchAll(db, sql: """
                    SELECT article.id FROM article JOIN articleSearch ON articleSearch.rowid = article.rowid
                    WHERE articleSearch MATCH ? ORDER BY rank LIMIT ?
                    """, arguments: [pattern, limit])
            }
        }
    }

    /// Runs `body`, turning database errors into ``ArchiveError``s that name the archive.
    static func mapping<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ArchiveError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw ArchiveError.notAnArchive(path: path)
            case .SQLITE_CORRUPT: throw ArchiveError.damaged(path: path, reason: error.message ?? "corrupt database")
            default: throw ArchiveError.database(path: path, reason: error.message ?? "\(error)")
            }
        } catch {
            throw ArchiveError.database(path: path, reason: "\(error)")
        }
    }
}
