import Foundation
import Logging
import PostgresNIO
import Testing
@testable import Doppel
@testable import DoppelPostgres
@testable import DoppelSQLite

/// A driver the archive tests run against: SQLite always; PostgreSQL when `DOPPEL_TEST_POSTGRES`
/// holds the URL of a server's database where the tests may create and drop databases (`.ci/run`
/// starts one on loopback and sets it).
enum Store: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var server: String? { ProcessInfo.processInfo.environment["DOPPEL_TEST_POSTGRES"] }
    /// The drivers this run can test.
    static var available: [Store] { server == nil ? [.sqlite] : [.sqlite, .postgres] }
    var testDescription: String { rawValue }

    /// A place for one test's archives, removed by `cleanUp`.
    func scratch() throws -> StorePlace { try StorePlace(self) }
}

/// One test's archives in one store: files in a scratch folder, or databases of their own on
/// the server (each name one database, created on first use).
final class StorePlace {
    let store: Store
    let dir: URL
    private let prefix = "doppel_test_" + UUID().uuidString.prefix(8).lowercased()
    private var created: Set<String> = []

    init(_ store: Store) throws {
        self.store = store
        dir = Fixtures.scratch()
    }

    /// Where the archive called `name` lives: a file path or a `postgres://` URL.
    func location(_ name: String = "news") throws -> String {
        switch store {
        case .sqlite:
            return dir.appendingPathComponent(name + ".db").path
        case .postgres:
            let database = database(name)
            if created.insert(database).inserted { try Self.admin("CREATE DATABASE \(database)") }
            return Self.url(database: database)
        }
    }

    func driver(_ name: String = "news") throws -> any ArchiveDriver {
        let location = try location(name)
        return store == .sqlite ? try SQLiteArchive(path: location) : try PostgresArchive(url: location)
    }

    func archive(_ name: String = "news") throws -> Archive { Archive(driver: try driver(name)) }

    /// Runs `sql` in the database `name` of this place (PostgreSQL only).
    func execute(_ sql: String, in name: String) throws {
        try Self.admin(sql, database: database(name))
    }

    /// The server database that holds the archive called `name`.
    private func database(_ name: String) -> String { prefix + "_" + name.replacingOccurrences(of: "-", with: "_") }

    func cleanUp() {
        Fixtures.cleanUp(dir)
        for database in created { try? Self.admin("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
    }

    /// The server's URL with another database.
    static func url(database: String) -> String {
        var parts = URLComponents(string: Store.server ?? "")!
        parts.path = "/" + database
        return parts.string!
    }

    /// Runs one statement on the server, in its own database or `database`.
    static func admin(_ sql: String, database: String? = nil) throws {
        let url = database.map { Self.url(database: $0) } ?? Store.server ?? ""
        let (configuration, _) = try PostgresArchive.configuration(url)
        let logger = Logger(label: "doppel.tests")
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(),
                                                        configuration: configuration, id: 9, logger: logger).wait()
        defer { try? connection.close().wait() }
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }
}
