import ArgumentParser
import Doppel
import DoppelPostgres
import DoppelSQLite
import Foundation

/// The archive every archive command works on.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: "The archive: a SQLite file, created when missing, or a postgres://user:password@host:port/database URL.")
    var archive = "doppel.db"

    /// How messages name the archive (a URL without its password).
    var name: String {
        PostgresArchive.isURL(archive) ? PostgresArchive.name(of: archive) : archive
    }

    func open() throws -> Archive {
        let driver: any ArchiveDriver = PostgresArchive.isURL(archive) ? try PostgresArchive(url: archive) : try SQLiteArchive(path: archive)
        return Archive(driver: driver, scanner: Scanner())
    }
}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add articles to an archive and decide their verdicts against everything archived.",
        discussion: """
        Documents are committed in batches (--batch); each batch is one transaction, so an \
        interrupted run keeps every batch it reported and nothing of the one it was in. A \
        document archived before with the same id and content changes nothing; with the same \
        id and other content it replaces the archived article.
        """)

    @Argument(help: "Articles (.txt, .md, .html), JSON Lines (.jsonl, .ndjson: id, text or html, title, url, date) and WARC (.warc) files, each optionally .gz; directories of them; - for JSON Lines or WARC on standard input.")
    var paths: [String]

    @OptionGroup var archive: ArchiveOption

    @Option(name: .long, help: "Articles per committed batch.")
    var batch = 10_000

    @OptionGroup var options: InputOptions

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1 (not \(batch))") }
    }

    func run() throws {
        let store = try archive.open()
        let documents = try options.read(paths)
        var total = Archive.Summary()
        for start in stride(from: 0, to: documents.count, by: batch) {
            let summary = try store.add(Array(documents[start..<min(start + batch, documents.count)]))
            total.added += summary.added
            total.replaced += summary.replaced
            total.unchanged += summary.unchanged
            total.articles = summary.articles
            total.changedVerdicts += summary.changedVerdicts
            if let number = summary.batch {
                StandardError.note("committed batch \(number): \(summary.added) added, \(summary.replaced) replaced, \(summary.unchanged) unchanged, \(summary.changedVerdicts) earlier verdicts changed; \(summary.articles) articles archived")
            }
        }
        try StandardOutput.print("\(archive.name): \(total.added) added, \(total.replaced) replaced, \(total.unchanged) already archived; \(total.changedVerdicts) earlier verdicts changed; \(total.articles) articles")
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what scan prints, for an archive or for what changed since a day.")

    @OptionGroup var archive: ArchiveOption

    @Option(name: .long, help: "Only the stories holding an article added on or after this day, YYYY-MM-DD.")
    var since: String?

    @Option(name: .long, help: "Only this story (an id such as story-3).")
    var story: String?

    @Flag(name: .long, help: "Print one JSON document instead of the readable report.")
    var json = false

    func validate() throws {
        if let since, Day(iso: since) == nil { throw ValidationError("--since \(since) is not a calendar date written YYYY-MM-DD") }
    }

    func run() throws {
        let store = try archive.open()
        var analysis = try since.flatMap(Day.init(iso:)).map(store.analysis(since:)) ?? store.analysis()
        if let story {
            guard analysis.stories.contains(where: { $0.id == story }) else { throw ValidationError("no story \(story) in \(archive.name)") }
            analysis = analysis.restricted { $0.id == story }
        }
        try StandardOutput.print(json ? JSONReport.scan(analysis).serialized() : TextReport.scan(analysis))
    }
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove articles from an archive (by id, or added before a day) and decide the verdicts again.")

    @Argument(help: "Ids of the articles to remove.")
    var ids: [String] = []

    @OptionGroup var archive: ArchiveOption

    @Option(name: .long, help: "Also remove the articles added before this day, YYYY-MM-DD.")
    var expireBefore: String?

    func validate() throws {
        if let expireBefore, Day(iso: expireBefore) == nil {
            throw ValidationError("--expire-before \(expireBefore) is not a calendar date written YYYY-MM-DD")
        }
        guard !ids.isEmpty || expireBefore != nil else { throw ValidationError("give ids to remove, or --expire-before") }
    }

    func run() throws {
        let removed = try archive.open().remove(ids: Set(ids), expireBefore: expireBefore.flatMap(Day.init(iso:)))
        try StandardOutput.print("\(archive.name): \(removed) removed")
    }
}
