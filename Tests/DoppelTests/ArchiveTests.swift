@testable import DoppelPostgres
@testable import DoppelSQLite
import Foundation
import GRDB
import Testing
@testable import Doppel

/// The archive: it says what `scan` says of the same articles, whatever the batches and their
/// order; adding twice changes nothing; damaged or foreign files are errors naming the file.
@Suite struct ArchiveTests {
    /// The documents of `examples/` and of the validation stories.
    static let documents: [RawDocument] = {
        let validation = URL(fileURLWithPath: Fixtures.examples).deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/validation").path
        return Ingestor().read([Fixtures.examples, validation]) { Issue.record("unexpected: \($0)") }
    }()

    static func archive(in dir: URL, _ name: String = "news.db") throws -> Archive {
        Archive(driver: try SQLiteArchive(path: dir.appendingPathComponent(name).path))
    }

    static var stores: [Store] { Store.available }

    static func report(_ analysis: Analysis) -> String { JSONReport.scan(analysis).serialized() }

    @Test(arguments: Self.stores) func batchesInAnyOrderSayWhatOneScanSays(store: Store) throws {
        let place = try store.scratch()
        defer { place.cleanUp() }
        let documents = Self.documents
        #expect(documents.count > 20)
        let expected = Self.report(Scanner().scan(documents))
        // Four batches, in two orders, each into its own archive.
        let batches = stride(from: 0, to: documents.count, by: 6).map { Array(documents[$0..<min($0 + 6, documents.count)]) }
        for (n, order) in [Array(batches.indices), Array(batches.indices.reversed())].enumerated() {
            let archive = try place.archive("order-\(n)")
            for k in order { _ = try archive.add(batches[k], today: Day(number: 20_000 + Int32(k))) }
            #expect(Self.report(try archive.analysis()) == expected)
            // Reopened from the file, it says the same.
            #expect(Self.report(try place.archive("order-\(n)").analysis()) == expected)
        }
    }

    @Test(arguments: Self.stores) func addingTheSameDocumentsAgainChangesNothing(store: Store) throws {
        let place = try store.scratch()
        defer { place.cleanUp() }
        let archive = try place.archive()
        let first = try archive.add(Self.documents)
        #expect(first.added == Self.documents.count && first.batch == 1)
        let before = Self.report(try archive.analysis())
        let again = try archive.add(Self.documents)
        var unchanged = Archive.Summary()
        (unchanged.unchanged, unchanged.articles) = (Self.documents.count, Self.documents.count)
        #expect(again == unchanged)
        #expect(Self.report(try archive.analysis()) == before)
        // Other content under an archived id replaces that article.
        let changed = RawDocument(id: Self.documents[0].id, origin: "x", text: "A different text altogether about a harbour.", format: .text)
        let replaced = try archive.add([changed])
        #expect(replaced.replaced == 1 && replaced.articles == Self.documents.count)
        #expect(try archive.driver.articles().first { $0.article.id == changed.id }?.article.text == changed.text)
    }

    @Test(arguments: Self.stores) func removingAndExpiringDecideTheVerdictsAgain(store: Store) throws {
        let place = try store.scratch()
        defer { place.cleanUp() }
        let archive = try place.archive()
        let (old, new) = (Array(Self.documents.prefix(9)), Array(Self.documents.dropFirst(9)))
        _ = try archive.add(old, today: Day(iso: "2026-03-01")!)
        _ = try archive.add(new, today: Day(iso: "2026-03-05")!)
        let since = try archive.analysis(since: Day(iso: "2026-03-05")!)
        #expect(!since.stories.isEmpty && since.stories.allSatisfy { $0.documents.contains { id in new.contains { $0.id == id } } })
        #expect(try archive.remove(ids: [], expireBefore: Day(iso: "2026-03-02")!) == old.count)
        #expect(Self.report(try archive.analysis()) == Self.report(Scanner().scan(new)))
        #expect(try archive.remove(ids: [new[0].id]) == 1)
        #expect(try archive.driver.articles().count == new.count - 1)
    }

    @Test(arguments: Self.stores) func earlierVerdictsThatABatchChangesAreReported(store: Store) throws {
        let place = try store.scratch()
        defer { place.cleanUp() }
        // An undated report and a dated one of the same event; then a copy of the first, dated
        // weeks later, which dates its family and so makes the first pair two events.
        let examples = URL(fileURLWithPath: Fixtures.examples).appendingPathComponent("harbor-bridge")
        let original = try String(contentsOf: examples.appendingPathComponent("01-original.txt"), encoding: .utf8)
        let independent = try String(contentsOf: examples.appendingPathComponent("05-independent.txt"), encoding: .utf8)
        let first = [RawDocument(id: "x.txt", origin: "x.txt", text: original, format: .text),
                     RawDocument(id: "y.txt", origin: "y.txt", text: "2026-03-04\n\n" + independent, format: .text)]
        let copy = RawDocument(id: "z.txt", origin: "z.txt", text: "2026-04-20\n\n" + original, format: .text)
        func kinds(_ analysis: Analysis) -> [String: RelationKind] {
            Dictionary(uniqueKeysWithValues: analysis.relations.filter { $0.b != "z.txt" }.map { ("\($0.a) \($0.b)", $0.kind) })
        }
        let (before, after) = (kinds(Scanner().scan(first)), kinds(Scanner().scan(first + [copy])))
        let expected = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        try #require(expected == ["x.txt y.txt"])
        let archive = try place.archive()
        #expect(try archive.add(first, today: Day(iso: "2026-04-19")!).changedVerdicts == 0)
        #expect(try archive.add([copy], today: Day(iso: "2026-04-21")!).changedVerdicts == 1)
        let changes = try archive.driver.changes(since: Day(iso: "2026-04-20")!)
        #expect(changes == [VerdictChange(a: "x.txt", b: "y.txt", before: before["x.txt y.txt"], after: after["x.txt y.txt"],
                                          day: Day(iso: "2026-04-21")!)])
        #expect(try archive.driver.changes(since: Day(iso: "2026-04-22")!).isEmpty)
    }

    @Test func anArchiveOfAnEarlierSchemaIsMigrated() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let path = dir.appendingPathComponent("v1.db").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteArchive.migrator.migrate(queue, upTo: "v1: articles, verdicts, search")
        try queue.close()
        let archive = Archive(driver: try SQLiteArchive(path: path))
        _ = try archive.add(Array(Self.documents.prefix(4)))
        #expect(try archive.driver.changes(since: Day(number: 0)).isEmpty)
        #expect(try DatabaseQueue(path: path).read { try $0.tableExists("verdictChange") })
    }

    @Test(arguments: Self.stores) func searchFindsTitlesAndBodies(store: Store) throws {
        let place = try store.scratch()
        defer { place.cleanUp() }
        let archive = try place.archive()
        _ = try archive.add(Self.documents)
        let found = try archive.driver.search("corroded cables", limit: 50)
        #expect(!found.isEmpty && found.allSatisfy { $0.hasPrefix("harbor-bridge/") })
        #expect(try archive.driver.search("\"unbalanced quote", limit: 5).isEmpty)
    }

    @Test func foreignDamagedAndNewerFilesAreErrorsNamingThem() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        func openError(_ path: String) -> ArchiveError? {
            do { _ = try SQLiteArchive(path: path).articles(); return nil } catch let error as ArchiveError { return error } catch {
                Issue.record("not an ArchiveError: \(error)")
                return nil
            }
        }
        let text = dir.appendingPathComponent("notes.txt").path
        try "just some text, long enough to be a page of a database if it were one".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(openError(text) == .notAnArchive(path: text))
        #expect(openError(dir.path) == .notAnArchive(path: dir.path))
        let plain = dir.appendingPathComponent("other.db").path
        try DatabaseQueue(path: plain).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(openError(plain) == .notAnArchive(path: plain))

        // An archive from a newer Doppel: a migration this one does not know.
        let newer = dir.appendingPathComponent("newer.db").path
        _ = try Self.archive(in: dir, "newer.db").add(Array(Self.documents.prefix(3)))
        try DatabaseQueue(path: newer).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: from the future')") }
        #expect(openError(newer) == .newerSchema(path: newer, unknown: ["v9: from the future"]))

        // Truncated and overwritten archives: an error naming the file, never a crash.
        let whole = dir.appendingPathComponent("whole.db").path
        _ = try Self.archive(in: dir, "whole.db").add(Self.documents)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        for (n, damaged) in [bytes.prefix(bytes.count / 2), bytes.prefix(4096 * 3),
                             bytes.prefix(8192) + Data(repeating: 0xA5, count: bytes.count - 8192)].enumerated() {
            let path = dir.appendingPathComponent("damaged-\(n).db").path
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            do {
                let archive = Archive(driver: try SQLiteArchive(path: path))
                _ = try archive.analysis()
                Issue.record("damaged archive \(n) read without an error")
            } catch let error as ArchiveError {
                #expect(error.description.hasPrefix(path), "\(error)")
            }
        }
    }

    @Test func anUnreachableServerOrABadURLIsAnErrorNamingTheArchive() {
        #expect(throws: ArchiveError.database(path: "postgres://", reason: "not a postgres://user:password@host:port/database URL")) {
            try PostgresArchive(url: "postgres://")
        }
        do {
            _ = try PostgresArchive(url: "postgres://doppel:secret@127.0.0.1:1/news")
            Issue.record("connected to port 1")
        } catch let error as ArchiveError {
            guard case .database(let name, _) = error else { Issue.record("\(error)"); return }
            #expect(name == "postgres://doppel:…@127.0.0.1:1/news")  // the password is not shown
        } catch {
            Issue.record("not an ArchiveError: \(error)")
        }
    }

    @Test(.enabled(if: Store.server != nil)) func aForeignOrNewerDatabaseIsAnErrorNamingIt() throws {
        let place = try Store.postgres.scratch()
        defer { place.cleanUp() }
        let foreign = try place.location("foreign")
        try place.execute("CREATE TABLE t (x INTEGER)", in: "foreign")
        func shown(_ url: String) throws -> String { try PostgresArchive.configuration(url).1 }
        #expect(throws: ArchiveError.notAnArchive(path: try shown(foreign))) { try PostgresArchive(url: foreign) }
        let newer = try place.location("newer")
        _ = try Archive(driver: PostgresArchive(url: newer)).add(Array(Self.documents.prefix(3)))
        try place.execute("INSERT INTO doppel_migrations VALUES ('v9: from the future')", in: "newer")
        #expect(throws: ArchiveError.newerSchema(path: try shown(newer), unknown: ["v9: from the future"])) { try PostgresArchive(url: newer) }
        // A database of the first schema gains the second.
        let v1 = try place.location("v1")
        try place.execute("CREATE TABLE doppel_migrations (identifier TEXT PRIMARY KEY)", in: "v1")
        for statement in PostgresArchive.migrations[0].statements { try place.execute(statement, in: "v1") }
        try place.execute("INSERT INTO doppel_migrations VALUES ('\(PostgresArchive.migrations[0].name)')", in: "v1")
        let archive = Archive(driver: try PostgresArchive(url: v1))
        _ = try archive.add(Array(Self.documents.prefix(4)))
        #expect(try archive.driver.changes(since: Day(number: 0)).isEmpty)
    }

    /// The `doppel` executable `swift test` built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("doppel")
    }

    @Test(arguments: Self.stores) func killedMidRunTheArchiveHoldsWholeBatchesOnly(store: Store) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            Issue.record("no doppel executable at \(Self.executable.path)")
            return
        }
        let place = try store.scratch()
        defer { place.cleanUp() }
        let dir = place.dir
        // Sixty-odd articles: the fixtures, and copies of them with a paragraph of their own.
        let input = dir.appendingPathComponent("input")
        for copy in 0..<4 {
            for document in Self.documents where document.format == .text {
                let file = input.appendingPathComponent("copy-\(copy)").appendingPathComponent(document.id)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try (document.text + "\n\nThis is copy number \(copy) of the article, kept in a folder of its own.\n")
                    .write(to: file, atomically: true, encoding: .utf8)
            }
        }
        let total = Ingestor().read([input.path]) { Issue.record("unexpected: \($0)") }.count
        let path = try place.location()
        var interrupted = 0
        // Kill a real process at growing delays, each run adding what the earlier ones did not.
        for (run, delay) in [0.2, 0.5, 0.8, 1.1, 1.4, 1.7, nil].enumerated() {  // the last run is left to finish
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["add", input.path, "--archive", path, "--batch", "4"]
            let errors = Pipe()
            (process.standardError, process.standardOutput) = (errors, FileHandle.nullDevice)
            try process.run()
            if let delay {
                let deadline = Date().addingTimeInterval(delay)
                while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // "committed batch N: … unchanged; M articles archived": the M of the last report.
            let reported = said.split(separator: "\n").compactMap { line in
                line.firstRange(of: " articles archived").flatMap { Int(line[..<$0.lowerBound].split(separator: " ").last ?? "") }
            }.last ?? 0
            let articles = try place.driver().articles()
            // Whole batches of four (the last may be shorter), and every reported one.
            #expect(articles.count % 4 == 0 || articles.count == total, "run \(run): \(articles.count) articles")
            #expect(articles.count >= reported, "run \(run): \(reported) reported committed, \(articles.count) held")
            if process.terminationReason == .uncaughtSignal && articles.count < total { interrupted += 1 }
            let archive = try place.archive()
            #expect(Self.report(try archive.analysis()) == Self.report(Scanner().scan(articles: articles.map(\.article))),
                    "run \(run): the verdicts are those of the articles held")
        }
        #expect(interrupted >= 2, "the runs should have been killed mid-way")
        #expect(try place.driver().articles().count == total)  // the last run finished
    }
}
