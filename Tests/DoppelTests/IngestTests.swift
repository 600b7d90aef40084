import Foundation
import Testing
@testable import Doppel

@Suite struct IngestTests {
    func read(_ directory: URL, maxBytes: Int = 16 << 20) -> (documents: [RawDocument], problems: [IngestProblem]) {
        var problems: [IngestProblem] = []
        let documents = Ingestor(maxBytes: maxBytes).read([directory.path]) { problems.append($0) }
        return (documents, problems)
    }

    @Test func readsSupportedFormatsInStableOrderAndSkipsTheRest() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "Second story text.".write(to: dir.appendingPathComponent("sub/b.md"), atomically: true, encoding: .utf8)
        try "First story text.".write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "<p>Page</p>".write(to: dir.appendingPathComponent("c.html"), atomically: true, encoding: .utf8)
        try "x,y".write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let (documents, problems) = read(dir)
        #expect(documents.map(\.id) == ["a.txt", "c.html", "sub/b.md"])
        #expect(documents.map(\.format) == [.text, .html, .markdown])
        #expect(problems.count == 1)
        #expect(problems.first?.path.hasSuffix("data.csv") == true)
        #expect(problems.first?.description.contains("skipped") == true)
    }

    @Test func readsJSONLinesAndWARCRecordsWithWhatTheyStateBesideDocumentFiles() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let lines = """
            {"id": "r1", "title": "Ferry fares rise", "url": "https://port.example/ferry", "date": "2026-04-02", "text": "Ferry fares rise by five per cent from Monday, the operator said."}
            not a record
            {"id": "r2", "html": "<html><body><article><p>The harbour bridge reopened on Saturday after repairs that took eight months.</p></article></body></html>"}
            {"title": "No text here"}

            """
        try Data(Fixtures.gzip(Array(lines.utf8))).write(to: dir.appendingPathComponent("feed.jsonl.gz"))
        let page = "<html><head><title>Tram line approved</title></head><body><article><p>The council approved the tram line on Tuesday.</p></article></body></html>"
        let payload = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
        let warc = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://city.example/tram\r\nWARC-Date: 2026-04-03T10:00:00Z\r\n"
            + "Content-Length: \(payload.utf8.count)\r\n\r\n\(payload)\r\n\r\n"
        try warc.write(to: dir.appendingPathComponent("crawl.warc"), atomically: true, encoding: .utf8)
        try "A note about the harbour.".write(to: dir.appendingPathComponent("note.txt"), atomically: true, encoding: .utf8)
        let (documents, problems) = read(dir)
        #expect(documents.map(\.id) == ["https://city.example/tram", "r1", "r2", "note.txt"])
        #expect(problems.map(\.path) == ["\(dir.path)/feed.jsonl.gz:2", "\(dir.path)/feed.jsonl.gz:4"])
        let articles = Extractor.extractAll(documents)
        #expect(articles[0].url == "https://city.example/tram" && articles[0].title == "Tram line approved" && articles[0].date == nil)
        #expect(articles[1].title == "Ferry fares rise" && articles[1].url == "https://port.example/ferry")
        #expect(articles[1].date?.iso == "2026-04-02" && articles[1].publisher == "port.example")
        #expect(articles[2].format == .html && articles[2].text.hasPrefix("The harbour bridge reopened"))
        // A file of records named on the command line reads the same way.
        let named = Ingestor().read([dir.appendingPathComponent("feed.jsonl.gz").path]) { _ in }
        #expect(named.map(\.id) == ["r1", "r2"])
    }

    @Test func skipsBinaryAndEmptyFilesWithAReasonAndKeepsTheRest() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]).write(to: dir.appendingPathComponent("image.txt"))
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        try "   \n\n ".write(to: dir.appendingPathComponent("blank.md"), atomically: true, encoding: .utf8)
        try "A real article.".write(to: dir.appendingPathComponent("good.txt"), atomically: true, encoding: .utf8)
        let (documents, problems) = read(dir)
        #expect(documents.map(\.id) == ["good.txt"])
        let reasons = Dictionary(uniqueKeysWithValues: problems.map { (($0.path as NSString).lastPathComponent, $0.reason) })
        #expect(reasons["image.txt"]?.contains("binary") == true)
        #expect(reasons["empty.txt"] == "empty")
        #expect(reasons["blank.md"] == "empty")
    }

    @Test func decodesInvalidUTF8LenientlyStripsBOMAndNormalizesLineEnds() {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("Caf".utf8) + [0xE9] + Array(" opens.\r\nSecond line.\rThird.".utf8)
        let document = RawDocument(id: "x.txt", origin: "x.txt", bytes: bytes, format: .text)
        #expect(document.text == "Caf\u{FFFD} opens.\nSecond line.\nThird.")
    }

    @Test func readsGzipAndReportsATruncatedStream() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let good = try Data(contentsOf: URL(fileURLWithPath: Fixtures.examples + "/other/08-followup.txt.gz"))
        try good.write(to: dir.appendingPathComponent("good.txt.gz"))
        try good.prefix(good.count / 2).write(to: dir.appendingPathComponent("cut.txt.gz"))
        let (documents, problems) = read(dir)
        #expect(documents.map(\.id) == ["good.txt.gz"])
        #expect(documents.first?.text.contains("library") == true)
        #expect(problems.map(\.cause) == [.truncatedGzip])
    }

    @Test func refusesAFileAboveTheSizeLimitWithoutReadingItAll() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let line = String(repeating: "Words of a very long scraped page. ", count: 30) + "\n"
        let big = String(repeating: line, count: 50_000)  // ~52 MB
        try big.write(to: dir.appendingPathComponent("huge.txt"), atomically: true, encoding: .utf8)
        try "Small article.".write(to: dir.appendingPathComponent("small.txt"), atomically: true, encoding: .utf8)
        let (documents, problems) = read(dir)
        #expect(documents.map(\.id) == ["small.txt"])
        #expect(problems.first?.reason.contains("MiB article limit") == true)
    }

    @Test func readsADirectoryOfTenThousandFiles() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        for i in 0..<10_000 {
            try "Note \(i): the council met on day \(i % 30) about road \(i % 97).".write(
                to: dir.appendingPathComponent(String(format: "%05d.txt", i)), atomically: false, encoding: .utf8)
        }
        let (documents, problems) = read(dir)
        #expect(documents.count == 10_000)
        #expect(problems.isEmpty)
        #expect(documents.first?.id == "00000.txt" && documents.last?.id == "09999.txt")
    }
}

@Suite struct EncodingTests {
    @Test func decodesADeclaredLegacyCharset() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        var bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf".utf8)
        bytes += [0xE9] + Array(" owner Ren".utf8) + [0xE9] + Array(" said it was a \u{93}fine\u{94} day for everyone involved.</p></body></html>".utf8.map { $0 })
        try Data(bytes).write(to: dir.appendingPathComponent("legacy.html"))
        let documents = Ingestor().read([dir.path]) { Issue.record("unexpected: \($0)") }
        #expect(documents.first?.text.contains("Café owner René") == true)
    }
}
