import ArgumentParser
import Doppel
import DoppelSemantic
import Foundation

@main
struct DoppelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doppel",
        abstract: "Find every copy, rewrite and misquote of a news story.",
        subcommands: [Scan.self, Compare.self, Extract.self, Dedup.self, Add.self, Report.self, Remove.self, Serve.self],
        defaultSubcommand: Scan.self)
}

/// Options shared by the commands that read documents.
struct InputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of the readable report.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Largest document accepted, in MiB (1–2047).")
    var maxMib = 16

    func validate() throws {
        guard (1...2047).contains(maxMib) else { throw ValidationError("--max-mib must be a positive number of MiB, at most 2047 (not \(maxMib))") }
    }

    @Flag(name: .long, help: "Print each stage's progress and time on standard error (on by default from 1,000 documents).")
    var progress = false

    /// Reads documents, printing one line per skipped input on standard error; fails when
    /// nothing at all could be read.
    func read(_ paths: [String]) throws -> [RawDocument] {
        let ingestor = Ingestor(maxBytes: maxMib << 20)
        var stderr = StandardError()
        let documents = ingestor.read(paths) { print($0, to: &stderr) }
        if documents.isEmpty && !paths.isEmpty {
            throw NoInput(paths: paths)
        }
        return documents
    }
}

/// Nothing could be read from the paths given.
struct NoInput: Error, CustomStringConvertible {
    let paths: [String]
    var description: String { "no readable article or record in \(paths.joined(separator: ", "))" }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }

    /// Prints one progress line on standard error.
    @Sendable static func note(_ line: String) {
        var stream = StandardError()
        print("doppel: \(line)", to: &stream)
    }
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan files and folders: stories, copies, rewrites and altered quotations.")

    @Argument(help: "Articles (.txt, .md, .html), JSON Lines (.jsonl, .ndjson: id, text or html, title, url, date) and WARC (.warc) files, each optionally .gz; directories of them; - for JSON Lines or WARC on standard input.")
    var paths: [String]

    @OptionGroup var options: InputOptions

    func run() throws {
        let start = ContinuousClock.now
        let documents = try options.read(paths)
        let verbose = options.progress || documents.count >= 1000
        let scanner = Scanner(progress: verbose ? StandardError.note : nil)
        if verbose { StandardError.note("read \(documents.count) documents (\(Self.seconds(since: start)))") }
        let analysis = scanner.scan(documents)
        if verbose { StandardError.note("done (\(Self.seconds(since: start)) in all)") }
        try StandardOutput.print(options.json ? JSONReport.scan(analysis).serialized() : TextReport.scan(analysis))
    }
}

extension Scan {
    static func seconds(since start: ContinuousClock.Instant) -> String { start.duration(to: .now).formattedSeconds }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show two articles side by side: aligned sentences and quotation differences.")

    @Argument(help: "The first article.") var a: String
    @Argument(help: "The second article.") var b: String
    @Flag(name: .long, help: "Score without the sentence model (lexical measures only; faster).")
    var lexical = false
    @OptionGroup var options: InputOptions

    func run() throws {
        guard !RawPath(a).isDirectory && !RawPath(b).isDirectory else { throw CompareNeedsTwoArticles(paths: [a, b], documents: 0) }
        let documents = try options.read([a, b])
        guard documents.count == 2 else { throw CompareNeedsTwoArticles(paths: [a, b], documents: documents.count) }
        let comparison = Comparison(documents[0], documents[1], embedder: lexical ? nil : Self.model())
        try StandardOutput.print(options.json ? comparison.json().serialized() : TextReport.comparison(comparison))
    }
}

extension Compare {
    /// The sentence model, or nil with a note on stderr when it is not installed.
    static func model() -> SentenceModel? {
        do {
            return try SentenceModel()
        } catch {
            StandardError.note("the sentence model is not loaded, so the score is lexical only: \(error)")
            return nil
        }
    }
}

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the extracted title, date, URL, publisher and clean body of each article.")

    @Argument(help: "Articles (.txt, .md, .html), JSON Lines (.jsonl, .ndjson: id, text or html, title, url, date) and WARC (.warc) files, each optionally .gz; directories of them; - for JSON Lines or WARC on standard input.")
    var paths: [String]

    @Flag(name: .long, help: "Also list the removed boilerplate, each block with its reason.")
    var removed = false

    @Option(name: .long, help: "Extract on one core and write each document's extraction time (JSON Lines: id, ms) to this file.")
    var timings: String?

    @OptionGroup var options: InputOptions

    func run() throws {
        if let timings { try OutputFile.check(outputs: [timings], against: paths) }
        let documents = try options.read(paths)
        var articles: [Article]
        if let timings {
            var lines = ""
            articles = documents.map { document in
                let start = ContinuousClock.now
                let article = Extractor.extract(document)
                lines += JSONReport.timing(id: document.id, milliseconds: start.duration(to: .now).milliseconds).serializedLine() + "\n"
                return article
            }
            let file = try OutputFile(path: timings)
            try file.write(lines)
            try file.close()
        } else {
            articles = Extractor.extractAll(documents)
        }
        try StandardOutput.print(options.json ? JSONReport.extraction(articles).serialized()
                                              : TextReport.extraction(articles, showRemoved: removed))
    }
}
