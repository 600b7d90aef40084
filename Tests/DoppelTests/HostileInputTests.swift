import Foundation
import Testing
@testable import Doppel

/// Damaged, odd and hostile inputs: nothing before or after the damage is lost, nothing hangs,
/// and every loss is reported with its file and position. Each input is built here.
@Suite struct HostileInputTests {
    /// Distinct words for record texts.
    func text(_ n: Int) -> String {
        (0..<60).map { "w\(($0 * 7919 + n * 104_729) % 100_003)" }.joined(separator: " ")
    }

    func line(_ n: Int) -> String { "{\"id\": \"r\(n)\", \"text\": \"\(text(n))\"}\n" }

    /// Runs the deduplicator; returns the index's ids, the problems and the summary.
    func dedup(_ paths: [String], maxRecordBytes: Int = 16 << 20) -> (ids: [String], problems: [RecordProblem], summary: Deduplicator.Summary) {
        var index = DedupIndex(threshold: 0.8)
        var problems: [RecordProblem] = []
        var deduplicator = Deduplicator()
        deduplicator.maxRecordBytes = maxRecordBytes
        deduplicator.blockBytes = 64 << 10
        let summary = deduplicator.run(paths, into: &index, today: 20_000, problem: { problems.append($0) })
        return (index.ids, problems, summary)
    }

    func warcRecord(_ uri: String, _ body: String, type: String = "response", httpHeader: String? = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                    bodyBytes: [UInt8]? = nil, length: Int? = nil) -> [UInt8] {
        let payload = Array((httpHeader ?? "").utf8) + (bodyBytes ?? Array(body.utf8))
        let header = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nContent-Length: \(length ?? payload.count)\r\n\r\n"
        return Array(header.utf8) + payload + Array("\r\n\r\n".utf8)
    }

    func page(_ n: Int) -> String { "<html><body><article><p>\(text(n))</p></article></body></html>" }

    @Test func aTruncatedJSONLinesGzipKeepsEveryCompleteLine() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let compressed = Fixtures.gzip(Array((0..<2000).map(line).joined().utf8))
        let cut = Array(compressed.prefix(compressed.count / 2))
        let file = dir.appendingPathComponent("cut.jsonl.gz")
        try Data(cut).write(to: file)
        let complete = Fixtures.inflatePrefix(cut).filter { $0 == 0x0A }.count
        let result = dedup([file.path])
        #expect(complete > 500)
        #expect(result.ids == (0..<complete).map { "r\($0)" })
        #expect(result.problems.map(\.cause) == [.truncatedGzip])
        #expect(result.problems.first?.position == "\(file.path)@\(cut.count)")
    }

    @Test func aCorruptGzipMemberLosesOnlyItselfAndSaysWhere() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        // 20 members of 50 lines each; the middle of member 7 is overwritten.
        var members = (0..<20).map { m in Fixtures.gzip(Array((0..<50).map { line(m * 50 + $0) }.joined().utf8)) }
        let damagedAt = members[0..<7].map(\.count).reduce(0, +) + members[7].count / 2
        for k in 0..<16 { members[7][members[7].count / 2 + k] ^= 0x5A }
        let file = dir.appendingPathComponent("members.jsonl.gz")
        try Data(members.joined()).write(to: file)
        let result = dedup([file.path])
        let nextMember = Int64(members[0...7].map(\.count).reduce(0, +))
        #expect(result.ids.filter { !$0.contains(":") }.count >= 950)
        for n in Array(0..<350) + Array(400..<1000) { #expect(result.ids.contains("r\(n)"), "r\(n) lost") }
        let damage = try #require(result.problems.first { $0.cause.kind == .gzip })
        guard case .corruptGzip(let member, let resumedAt) = damage.cause else { Issue.record("\(damage)"); return }
        #expect(member == Int64(members[0..<7].map(\.count).reduce(0, +)))
        #expect(resumedAt == nextMember)
        if case .byte(let offset) = damage.place { #expect(offset >= Int64(damagedAt) - 1024 && offset < nextMember) }
    }

    @Test func halfAWARCGzOfOneMemberPerRecordKeepsEveryCompleteRecord() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        var members: [[UInt8]] = []
        for n in 0..<1000 {
            members.append(Fixtures.gzip(warcRecord("https://x.example/\(n)", "", type: "request", httpHeader: "GET /\(n) HTTP/1.1\r\n\r\n")))
            members.append(Fixtures.gzip(warcRecord("https://x.example/\(n)", page(n))))
        }
        let all = Array(members.joined())
        let cut = all.count / 2
        var end = 0, complete = 0
        for (k, member) in members.enumerated() {
            end += member.count
            if end <= cut && k % 2 == 1 { complete += 1 }
        }
        let file = dir.appendingPathComponent("crawl.warc.gz")
        try Data(all.prefix(cut)).write(to: file)
        let result = dedup([file.path])
        #expect(result.ids == (0..<complete).map { "https://x.example/\($0)" })
        #expect(result.problems.count == 1 && result.problems.first?.cause.kind == .gzip)
    }

    @Test func aWARCContentLengthBeyondTheFileLosesOnlyThatRecord() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        var warc = warcRecord("https://a.example/0", page(0))
        warc += warcRecord("https://a.example/liar", page(1), length: (1 << 31) + 5)
        warc += warcRecord("https://a.example/short", page(2), length: 10)  // too short: its end is not a record's
        for n in 3..<6 { warc += warcRecord("https://a.example/\(n)", page(n)) }
        let file = dir.appendingPathComponent("lying.warc")
        try Data(warc).write(to: file)
        try Data(Fixtures.gzip(warc)).write(to: dir.appendingPathComponent("lying.warc.gz"))
        for name in ["lying.warc", "lying.warc.gz"] {
            let result = dedup([dir.appendingPathComponent(name).path])
            #expect(result.ids == ["https://a.example/0", "https://a.example/3", "https://a.example/4", "https://a.example/5"])
            #expect(result.problems.map(\.cause) == [.warcTooLarge(length: (1 << 31) + 5, limit: 16 << 20), .contentLengthMismatch])
        }
    }

    @Test func junkBetweenWARCRecordsCostsNoRecord() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let warc = warcRecord("https://a.example/0", page(0)) + Array("junk that is no record\r\n".utf8) + warcRecord("https://a.example/1", page(1))
        let file = dir.appendingPathComponent("junk.warc")
        try Data(warc).write(to: file)
        let result = dedup([file.path])
        #expect(result.ids == ["https://a.example/0", "https://a.example/1"])
        #expect(result.problems.map(\.cause) == [.notWARCHeader])
    }

    /// Writes `warc` to `name` in `dir` and dedups it: what was read, and the clusters found.
    func readWARC(_ warc: [UInt8], as name: String, in dir: URL) throws
        -> (read: (ids: [String], problems: [RecordProblem], summary: Deduplicator.Summary), clusters: [DuplicateCluster]) {
        let file = dir.appendingPathComponent(name)
        try Data(warc).write(to: file)
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([file.path], into: &index, problem: { _ in })
        return (dedup([file.path]), index.clusters())
    }

    @Test func warcBodiesSentCompressedOrWithoutHTTPHeadersAreRead() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        var warc = warcRecord("https://a.example/gz", "", httpHeader: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n",
                              bodyBytes: Fixtures.gzip(Array(page(1).utf8)))
        warc += warcRecord("https://a.example/bare", page(2), httpHeader: nil)
        warc += warcRecord("https://a.example/br", page(3), httpHeader: "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n")
        warc += warcRecord("https://a.example/plain", page(1))
        let (result, clusters) = try readWARC(warc, as: "mixed.warc", in: dir)
        #expect(result.ids == ["https://a.example/gz", "https://a.example/bare", "https://a.example/plain"])
        #expect(result.problems.map(\.cause) == [.unsupportedEncoding("br")])
        #expect(clusters.count == 1)  // the decompressed body is the plain one's copy
    }

    @Test func warcBodiesSentChunkedAreJoined() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        // The page in chunks of 7 bytes (hex sizes, one with an extension), and again gzipped
        // then chunked; a third whose sizes are not hex is reported.
        func chunked(_ bytes: [UInt8]) -> [UInt8] {
            stride(from: 0, to: bytes.count, by: 7).flatMap { start -> [UInt8] in
                let piece = bytes[start..<min(start + 7, bytes.count)]
                return Array("\(String(piece.count, radix: 16));ext=1\r\n".utf8) + piece + Array("\r\n".utf8)
            } + Array("0\r\n\r\n".utf8)
        }
        let header = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        var warc = warcRecord("https://a.example/chunked", "", httpHeader: header + "\r\n", bodyBytes: chunked(Array(page(1).utf8)))
        warc += warcRecord("https://a.example/both", "", httpHeader: header + "Content-Encoding: gzip\r\n\r\n",
                           bodyBytes: chunked(Fixtures.gzip(Array(page(1).utf8))))
        warc += warcRecord("https://a.example/bad", "", httpHeader: header + "\r\n", bodyBytes: Array("zz\r\nnot chunks".utf8))
        warc += warcRecord("https://a.example/plain", page(1))
        let (result, clusters) = try readWARC(warc, as: "chunked.warc", in: dir)
        #expect(result.ids == ["https://a.example/chunked", "https://a.example/both", "https://a.example/plain"])
        #expect(result.problems.map(\.cause) == [.corruptBody("bad chunked transfer encoding")])
        #expect(clusters.map(\.members.count) == [3])  // all three are the same page
        #expect(WARCParser.dechunked(Array("ffffffffffffffffff\r\n".utf8), limit: 1 << 20) == nil)
    }

    @Test func aByteOrderMarkDoesNotCostTheFirstRecord() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let file = dir.appendingPathComponent("bom.jsonl")
        try Data([0xEF, 0xBB, 0xBF] + Array((line(0) + line(1)).utf8)).write(to: file)
        let result = dedup([file.path])
        #expect(result.ids == ["r0", "r1"] && result.problems.isEmpty)
    }

    @Test func strictJSONSkipsOnlyTheInvalidRecordsAndNamesTheirLines() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let bad = [#"{"id": "q", "text": "bad \q escape"}"#, #"{"id": "u", "text": "bad \uZZZZ escape"}"#,
                   "{\"id\": \"c\", \"text\": \"raw \u{01} control\"}", "{\"id\": \"t\", \"text\": \"raw\ttab\"}",
                   #"{"id": "n", "text": "x", "extra": [1, 2,]}"#, #"{"id": "l", "text": "x", "flag": tru}"#,
                   #"{"id": "d", "text": "x", "deep": "# + String(repeating: "[", count: 5000) + "}"]
        var content = line(0)
        for b in bad { content += b + "\n" + line(content.count) }
        let file = dir.appendingPathComponent("strict.jsonl")
        try content.write(to: file, atomically: true, encoding: .utf8)
        let result = dedup([file.path])
        #expect(result.ids.count == bad.count + 1)
        #expect(result.problems.map(\.position) == stride(from: 2, through: 2 * bad.count, by: 2).map { "\(file.path):\($0)" })
        #expect(result.problems.allSatisfy { $0.cause.kind == .notJSON })
    }

    @Test func aMillionBadLinesCostACountNotAMessageEach() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let lines = 1_000_000
        let file = dir.appendingPathComponent("bad.jsonl.gz")
        try Data(Fixtures.gzip(Array(String(repeating: "x\n", count: lines).utf8) + Array(line(0).utf8))).write(to: file)
        // Each kept problem would cost a few hundred bytes: only 20 are kept, the rest counted.
        let result = dedup([file.path])
        #expect(result.ids == ["r0"])
        #expect(result.summary.problems == lines)
        #expect(result.problems.count == ProblemList.shown + 1)
        #expect(result.problems.last?.cause == .repeated(kind: .notJSON, count: lines - ProblemList.shown))
    }

    @Test func maxRecordBytesAppliesToDocumentFiles() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        try String(repeating: "word ", count: 300_000).write(to: dir.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
        try text(1).write(to: dir.appendingPathComponent("small.txt"), atomically: true, encoding: .utf8)
        let result = dedup([dir.path], maxRecordBytes: 1 << 20)
        #expect(result.ids == ["small.txt"])
        #expect(result.problems.map(\.cause) == [.tooLarge(limit: 1 << 20)])
    }

    @Test func aBoilerplateOnlyPageIsStillComparedOnItsText() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let html = "<html><body><p>Click here to subscribe to our newsletter today for all updates.</p></body></html>"
        let lines = ["a", "b"].map { "{\"id\": \"\($0)\", \"html\": \"\(html)\"}" }.joined(separator: "\n")
        let file = dir.appendingPathComponent("pages.jsonl")
        try lines.write(to: file, atomically: true, encoding: .utf8)
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([file.path], into: &index, problem: { Issue.record("\($0)") })
        #expect(index.clusters().map { Set($0.members.map { index.ids[Int($0)] }) } == [["a", "b"]])
    }
}

@Suite struct FileSystemTests {
    func line(_ n: Int) -> String { "{\"id\": \"r\(n)\", \"text\": \"record \(n) of the stream with words\"}\n" }

    @Test func aFileNamedInInvalidUTF8IsReadAndNamedEscaped() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        Fixtures.write(Array("{\"id\": \"odd\", \"text\": \"words in a file with an odd name\"}\n{".utf8),
                       toRawPath: Fixtures.rawPath(dir, [0x6E, 0xFF, 0x6D, 0x65] + Array(".jsonl".utf8)))
        Fixtures.write(Array("An article in a file with an odd name.".utf8), toRawPath: Fixtures.rawPath(dir, [0xC3, 0x28] + Array(".txt".utf8)))
        var problems: [RecordProblem] = []
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([dir.path], into: &index, problem: { problems.append($0) })
        #expect(Set(index.ids) == ["odd", "\\xC3(.txt"])
        #expect(problems.map(\.position) == ["\(dir.path)/n\\xFFme.jsonl:2"])
        let documents = Ingestor().read([dir.path]) { _ in }
        #expect(Set(documents.map(\.id)) == ["odd", "\\xC3(.txt"])
    }

    @Test func aFIFOInADirectoryIsSkippedAndAFIFOArgumentIsReadOnce() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        try line(0).write(to: dir.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        let fifo = dir.appendingPathComponent("pipe.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        var problems: [RecordProblem] = []
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([dir.path], into: &index, problem: { problems.append($0) })
        #expect(index.ids == ["r0"])
        #expect(problems.map(\.cause) == [.notRegular("a FIFO")])
        var skipped: [IngestProblem] = []
        #expect(Ingestor().read([dir.path]) { skipped.append($0) }.map(\.id) == ["r0"])
        #expect(skipped.map(\.cause) == [.notRegular("a FIFO")])

        // Given by name, it is read once, as a stream.
        let writer = Thread {
            let descriptor = open(fifo, O_WRONLY)
            let content = Array((1...3).map(line).joined().utf8)
            content.withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        writer.start()
        var streamed = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([fifo], into: &streamed, problem: { Issue.record("\($0)") })
        #expect(streamed.ids == ["r1", "r2", "r3"])
        #expect(RawPath(fifo).isStream)
    }

    @Test func aFileTruncatedWhileItIsReadEndsEarlyWithoutACrash() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let file = dir.appendingPathComponent("shrinking.jsonl")
        try (0..<40_000).map(line).joined().write(to: file, atomically: true, encoding: .utf8)
        let reader = RecordReader(paths: [file.path], blockBytes: 64 << 10)
        _ = try #require(reader.next())
        #expect(truncate(file.path, 100_000) == 0)
        var blocks = 1
        while reader.next() != nil { blocks += 1 }
        #expect(blocks < 40)
    }

    @Test func anOutputThatIsAnInputIsRefusedBeforeAnythingIsWritten() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let input = dir.appendingPathComponent("in.jsonl").path, link = dir.appendingPathComponent("link.jsonl").path
        try line(0).write(toFile: input, atomically: true, encoding: .utf8)
        #expect(Glibc.link(input, link) == 0)
        let symlink = dir.appendingPathComponent("sym").path
        #expect(Glibc.symlink(input, symlink) == 0)
        for output in [input, link, symlink] {
            #expect(throws: OutputError.self) { try OutputFile.check(outputs: [output], against: [input]) }
            #expect(throws: OutputError.self) { try OutputFile.check(outputs: [output], against: [dir.path]) }
        }
        #expect(throws: OutputError.self) { try OutputFile.check(outputs: ["x.jsonl", "x.jsonl"], against: []) }
        try OutputFile.check(outputs: [dir.appendingPathComponent("new.jsonl").path], against: [dir.path])
        #expect(try String(contentsOfFile: input, encoding: .utf8) == line(0))
    }

    @Test func aFailedWriteOrCloseIsAnError() throws {
        guard let status = RawPath("/dev/full").status(), status.st_mode & S_IFMT == S_IFCHR else { return }
        let output = try OutputFile(path: "/dev/full")
        try output.write("a line that cannot be written\n")
        #expect(throws: OutputError.self) { try output.close() }
        #expect(RawPath("/dev/full").status().map { $0.st_mode & S_IFMT == S_IFCHR } == true)  // never replaced
    }

    @Test func theUniqueCorpusPassesSkippedRecordsThroughUnchanged() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let long = "{\"id\": \"long\", \"text\": \"" + String(repeating: "word ", count: 300_000) + "\"}"
        let lines = [line(0), "not json at all\n", "{\"id\": \"no-text\"}\n", long + "\n", line(0).replacingOccurrences(of: "r0", with: "copy"), "{\"id\": \"bad\\q\"}"]
        let input = dir.appendingPathComponent("in.jsonl"), output = dir.appendingPathComponent("out.jsonl")
        try lines.joined().write(to: input, atomically: true, encoding: .utf8)
        var deduplicator = Deduplicator()
        deduplicator.maxRecordBytes = 1 << 20
        var index = DedupIndex(threshold: 0.8)
        let summary = deduplicator.run([input.path], into: &index, problem: { _ in })
        #expect(summary.problems == 4)
        let passed = try deduplicator.writeUnique([input.path], skipping: [1], to: output.path)
        #expect(passed == 4)
        #expect(try String(contentsOf: output, encoding: .utf8) == lines[0..<4].joined() + "{\"id\": \"bad\\q\"}\n")
    }
}

/// A small seeded generator, so that a failure repeats.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FuzzEntryTests {
    @Test func entriesTakeArbitraryBytes() {
        var generator = SplitMix(state: 2026)
        let seeds: [[UInt8]] = [Array("{\"id\": \"a\", \"text\": \"one two\"}\n".utf8),
                                Array("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n".utf8),
                                Fixtures.gzip(Array("{\"id\": \"a\", \"text\": \"one two\"}\n".utf8)),
                                Array("{\"id\": \"a\", \"text\": \"x\\u00e9\\n\", \"n\": [1, -2.5e3, {\"k\": null}], \"t\": true}\n{\"html\": \"<p>hi</p>\"}\n".utf8),
                                Fixtures.gzip(Array("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 50\r\n\r\nHTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n0123456789ab\r\n\r\n".utf8)) + Fixtures.gzip(Array("WARC/1.0\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n".utf8))]
        for seed in seeds {
            for _ in 0..<300 {
                var bytes = seed
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if Bool.random(using: &generator) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
                if Bool.random(using: &generator) { bytes += bytes }  // concatenated members, repeated records
                _ = IngestFuzzing.jsonLines(bytes)
                _ = IngestFuzzing.warc(bytes)
                _ = IngestFuzzing.gzip(bytes, limit: 1 << 20)
            }
        }
        #expect(IngestFuzzing.jsonLines(seeds[0]).ids == ["a"])
        #expect(IngestFuzzing.jsonLines(seeds[2]).ids == ["a"])
        #expect(IngestFuzzing.gzip(seeds[2]).content == seeds[0])
        #expect(IngestFuzzing.gzip(Array(seeds[2].prefix(20))).damage.map(\.cause) == [.truncatedGzip])
    }
}

/// The command line's exit status and messages, from the `doppel` binary built beside the tests.
@Suite struct CommandLineTests {
    /// Runs `doppel` with `arguments`; returns its status and standard error.
    func doppel(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("doppel")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the doppel product first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    func corpus(_ dir: URL) throws -> String {
        let text = (0..<80).map { "word\($0)" }.joined(separator: " ")
        let path = dir.appendingPathComponent("in.jsonl").path
        try "{\"id\": \"a\", \"text\": \"\(text)\"}\n{\"id\": \"b\", \"text\": \"\(text)\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func dedupRefusesToWriteOverItsInput() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let input = try corpus(dir)
        let before = try String(contentsOfFile: input, encoding: .utf8)
        for flag in ["--unique", "--output"] {
            let result = try doppel(["dedup", input, flag, input])
            #expect(result.status != 0)
            #expect(result.stderr.contains("refusing to write over it"))
            #expect(try String(contentsOfFile: input, encoding: .utf8) == before)
        }
    }

    @Test func aWriteFailureExitsNonZero() throws {
        guard let status = RawPath("/dev/full").status(), status.st_mode & S_IFMT == S_IFCHR else { return }
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let input = try corpus(dir)
        for arguments in [["dedup", input, "--output", "/dev/full"], ["dedup", input, "--unique", "/dev/full"]] {
            let result = try doppel(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains("No space left"), "\(arguments)")
        }
        #expect(RawPath("/dev/full").status().map { $0.st_mode & S_IFMT == S_IFCHR } == true)
    }

    @Test func compareOfTwoFoldersSaysWhy() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let result = try doppel(["compare", dir.path, dir.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("compare takes two article files, not folders"))
    }
}
