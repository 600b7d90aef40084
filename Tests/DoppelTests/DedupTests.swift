import CZlib
import Foundation
import Testing
@testable import Doppel

@Suite struct DedupTests {
    /// The shingle hashes of a string.
    func shingles(_ text: String) -> [UInt64] {
        var copy = text
        return copy.withUTF8 { WordShingles.set(of: UnsafeRawBufferPointer($0)) }
    }

    func jaccard(_ a: String, _ b: String) -> Double { WordShingles.jaccard(shingles(a), shingles(b)) }

    /// A deterministic text of `count` words drawn from a small vocabulary.
    func words(_ count: Int, seed: UInt64) -> [String] {
        let vocabulary = ["harbor", "bridge", "council", "vote", "mayor", "river", "budget", "storm", "port",
                          "night", "crew", "engineer", "steel", "cable", "tower", "ferry", "traffic", "week"]
        var state = seed
        return (0..<count).map { _ in
            state = mixHash(state, 0x9E37)
            return vocabulary[Int(state % UInt64(vocabulary.count))] + String(state % 7)
        }
    }

    @Test func wordsAreLowercasedRunsOfLettersDigitsAndUnderscore() {
        // Case, punctuation, curly quotes, dashes and spacing do not matter; letters beyond ASCII do.
        #expect(jaccard("The MAYOR said: “Build_it now,” — 42 times over", "the mayor said build_it now 42 times   over") == 1)
        #expect(jaccard("Zoë Müller opened the café in Zürich", "ZOË MÜLLER OPENED THE CAFÉ IN ZÜRICH") == 1)
        #expect(jaccard("Zoë Müller opened the café in Zürich", "Zoe Muller opened the cafe in Zurich") == 0)
        // An apostrophe splits a word, as \w+ does.
        #expect(jaccard("the mayor's plan was read out loud", "the mayor s plan was read out loud") == 1)
        // A word straddling an eight-byte boundary hashes like the same word elsewhere.
        #expect(jaccard("x extraordinarily long words are compared whole", "extraordinarily long words are compared whole") > 0.6)
    }

    /// The word hashes of a string.
    func wordHashes(_ text: String) -> [UInt64] {
        var copy = text
        var hashes: [UInt64] = []
        let count = copy.withUTF8 { WordShingles.wordHashes(of: UnsafeRawBufferPointer($0), into: &hashes) }
        return Array(hashes[..<count])
    }

    @Test func blockScannerFindsTheSameWordsAsACharacterByCharacterReading() {
        // Texts of many lengths and spacings put words across 64-byte blocks, eight-byte chunks
        // and the text's end; each word must hash as it does alone, and in any case.
        let pieces = ["harbor", "Bridge", "COUNCIL", "x", "2026", "snake_case_identifier", "Zoë", "MÜLLER", "café",
                      "extraordinarily", "internationalization", "Straße", "naïve", "ΑΘΗΝΑ", "東京"]
        let gaps = [" ", "  ", ", ", " — ", "\n\n", "“", "” ", "'", " - ", "\t"]
        var state: UInt64 = 7
        for length in 1...160 {
            var text = ""
            var expected: [UInt64] = []
            for _ in 0..<length {
                state = mixHash(state, 0x51)
                let piece = pieces[Int(state % UInt64(pieces.count))]
                let gap = gaps[Int((state >> 20) % UInt64(gaps.count))]
                text += piece + gap
                // The reference: the word alone, lowercased by Swift (one word per piece).
                expected.append(wordHashes(piece.lowercased())[0])
            }
            // Drop the last gap half the time, so that texts also end inside a word.
            if length % 2 == 0 {
                while let last = text.last, !last.isLetter && !last.isNumber { text.removeLast() }
            }
            #expect(wordHashes(text) == expected, "text of \(length) words")
            #expect(wordHashes(text.lowercased()) == expected)
        }
        // ASCII words in any case, of any length, hash alike; different words do not.
        for word in ["a", "Mayor", "thirteenchars", "sixteencharacter", "seventeencharacte", "a_very_long_identifier_of_forty_bytes_x"] {
            #expect(wordHashes(word.uppercased()) == wordHashes(word.lowercased()))
            #expect(wordHashes(word + "s") != wordHashes(word))
        }
        #expect(wordHashes("\u{212A}elvin") == wordHashes("kelvin"))  // the Kelvin sign lowercases to k
    }

    @Test func jsonStringsAreDecodedAsJSONDefinesThem() throws {
        func decoded(_ json: String) throws -> String {
            var line = Array(json.utf8)
            return try line.withUnsafeMutableBytes { raw in
                let bytes = UnsafeRawBufferPointer(raw)
                let record = try JSONLine(bytes)
                var scratch: [UInt8] = [0xFF]  // stale scratch bytes must not leak into the result
                return JSONLine.withBytes(of: try #require(record.text), in: bytes, scratch: &scratch) {
                    String(decoding: $0, as: UTF8.self)
                }
            }
        }
        #expect(try decoded(#"{"text": "plain, no escapes"}"#) == "plain, no escapes")
        #expect(try decoded(#"{"id": 1, "text": "a \"quote\"\n\tb\\c\/d"}"#) == "a \"quote\"\n\tb\\c/d")
        #expect(try decoded(#"{"text": "caf\u00e9 \u2019 \ud83d\ude00 end"}"#) == "café \u{2019} \u{1F600} end")
        // A lone surrogate becomes U+FFFD; an invalid escape makes the line malformed (RFC 8259).
        #expect(try decoded(#"{"text": "x \ud83d z"}"#) == "x \u{FFFD} z")
        #expect(throws: JSONLine.Malformed.self) { try decoded(#"{"text": "x\uZZ y"}"#) }
        // A key spelled with an escape is not the text field.
        let escapedKey = Array(#"{"te\u0078t": "no"}"#.utf8)
        #expect(try escapedKey.withUnsafeBytes { try JSONLine($0) }.text == nil)
    }

    @Test func jaccardCountsSharedWordFiveGrams() {
        let ten = words(10, seed: 1)
        var changed = ten
        changed[9] = "different"
        // Six shingles each, five shared: 5 / 7.
        #expect(abs(jaccard(ten.joined(separator: " "), changed.joined(separator: " ")) - 5.0 / 7.0) < 1e-9)
        // Fewer than five words make one shingle of all of them.
        #expect(shingles("one two three").count == 1)
        // Repeated shingles count once: "a b c d e a b c d e" has five distinct 5-grams in six.
        #expect(shingles("a b c d e a b c d e").count == 5)
        #expect(abs(jaccard("a b c d e a b c d e", "a b c d e f") - 1.0 / 6.0) < 1e-9)
        #expect(jaccard("one two three", "one two four") == 0)
    }

    /// Writes JSON Lines records.
    func writeLines(_ records: [[String: String]], to url: URL) throws {
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs the deduplicator; returns the index, problems and clusters as sets of ids.
    func dedup(_ paths: [String], threshold: Double = 0.8, index start: DedupIndex? = nil, today: Int32 = 20_000,
               maxRecordBytes: Int = 16 << 20) -> (index: DedupIndex, problems: [RecordProblem], clusters: [Set<String>]) {
        var index = start ?? DedupIndex(threshold: threshold)
        var problems: [RecordProblem] = []
        var deduplicator = Deduplicator()
        deduplicator.maxRecordBytes = maxRecordBytes
        deduplicator.blockBytes = 64 << 10  // many blocks, so that the pipeline really interleaves them
        let firstNew = index.count
        _ = deduplicator.run(paths, into: &index, today: today, problem: { problems.append($0) })
        let clusters = index.clusters(from: firstNew).map { Set($0.members.map { index.ids[Int($0)] }) }
        return (index, problems, clusters)
    }

    @Test func clustersMatchExactJaccardOnEditedCopies() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        // 300 distinct documents; every tenth gets copies edited by 0 to 12 word substitutions in
        // 150 words, which spreads their similarity across the threshold.
        var records: [[String: String]] = []
        var texts: [String: String] = [:]
        for n in 0..<300 {
            let base = words(150, seed: UInt64(n) + 100)
            records.append(["id": "d\(n)", "text": base.joined(separator: " ")])
            guard n % 10 == 0 else { continue }
            for copy in 0..<3 {
                var edited = base
                for k in 0..<(copy * 5 + n % 3) { edited[(k * 37 + copy * 11) % 150] = "edit\(k)" }
                records.append(["id": "d\(n)-\(copy)", "text": edited.joined(separator: " ")])
            }
        }
        for record in records { texts[record["id"]!] = record["text"]! }
        let file = dir.appendingPathComponent("corpus.jsonl")
        try writeLines(records, to: file)

        let (_, problems, clusters) = dedup([file.path])
        #expect(problems.isEmpty)
        // Every pair at or above 0.8 must share a cluster; a cluster's pairs may fall below 0.8
        // only through a chain of pairs that are above it.
        let sets = texts.mapValues(shingles)
        let ids = texts.keys.sorted()
        var truth = Set<[String]>()
        for (i, a) in ids.enumerated() {
            for b in ids[(i + 1)...] where WordShingles.jaccard(sets[a]!, sets[b]!) >= 0.8 { truth.insert([a, b]) }
        }
        #expect(!truth.isEmpty)
        for pair in truth { #expect(clusters.contains { $0.isSuperset(of: pair) }, "missed \(pair)") }
        for cluster in clusters {
            for member in cluster {
                #expect(cluster.contains { $0 != member && truth.contains([member, $0].sorted()) }, "\(member) has no true pair in its cluster")
            }
        }
    }

    @Test func representativeIsTheEarliestDatedElseTheMostComplete() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let text = words(200, seed: 5)
        let full = text.joined(separator: " "), shorter = text.dropLast(10).joined(separator: " ")
        try writeLines([
            ["id": "late", "date": "2026-03-02", "text": full],
            ["id": "early", "date": "2026-03-01T08:00:00Z", "text": shorter],
            ["id": "undated", "text": full],
        ], to: dir.appendingPathComponent("dated.jsonl"))
        try writeLines([["id": "short", "text": shorter], ["id": "long", "text": full]],
                       to: dir.appendingPathComponent("undated.jsonl"))
        let dated = dedup([dir.appendingPathComponent("dated.jsonl").path])
        #expect(dated.index.clusters().map { dated.index.ids[Int($0.representative)] } == ["early"])
        let undated = dedup([dir.appendingPathComponent("undated.jsonl").path])
        #expect(undated.index.clusters().map { undated.index.ids[Int($0.representative)] } == ["long"])
    }

    @Test func theUniqueCorpusKeepsRepresentativesAndSingletonsAsTheyWere() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let text = words(150, seed: 31).joined(separator: " ")
        let lines = ["{\"id\": \"copy\", \"text\": \"\(text) extra\", \"source\": \"wire\"}",
                     "{\"id\": \"first\", \"date\": \"2026-01-01\", \"text\": \"\(text)\"}",
                     "{\"id\": \"empty\", \"text\": \"...\"}",
                     "{\"id\": \"alone\", \"text\": \"\(words(150, seed: 32).joined(separator: " "))\"}"]
        let input = dir.appendingPathComponent("in.jsonl"), output = dir.appendingPathComponent("unique.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let result = dedup([input.path])
        let cluster = try #require(result.index.clusters().first)
        #expect(result.index.ids[Int(cluster.representative)] == "first")
        let dropped = Set(cluster.members.filter { $0 != cluster.representative }.map { Int($0) })
        try Deduplicator().writeUnique([input.path], skipping: dropped, to: output.path)
        #expect(try String(contentsOf: output, encoding: .utf8) == lines.dropFirst().joined(separator: "\n") + "\n")
    }

    @Test func badRecordsAreReportedWithTheirPositionAndSkipped() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let text = words(120, seed: 9).joined(separator: " ")
        // A line that is not JSON, one without text, and a 100 MB record among good ones.
        let huge = "{\"id\": \"huge\", \"text\": \"" + String(repeating: "word ", count: 20 << 20) + "\"}"
        let lines = ["{\"id\": \"a\", \"text\": \"\(text)\"}", "{\"id\": \"broken\", \"text\": ", "{\"id\": \"no-text\"}",
                     huge, "{\"id\": \"b\", \"text\": \"\(text)\"}"]
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("mixed.jsonl"), atomically: true, encoding: .utf8)
        let result = dedup([dir.appendingPathComponent("mixed.jsonl").path])
        #expect(result.problems.map(\.position) == ["\(dir.path)/mixed.jsonl:2", "\(dir.path)/mixed.jsonl:3", "\(dir.path)/mixed.jsonl:4"])
        #expect(result.problems[2].reason.contains("longer than 16 MiB"))
        #expect(result.clusters == [["a", "b"]])
        // Problems found before any record is read are reported too.
        let missing = dedup([dir.appendingPathComponent("missing.jsonl").path])
        #expect(missing.problems.map(\.reason) == ["no such file or directory"])
    }

    @Test func aPlainFileReadsAsTheSameStreamCompressed() throws {
        // A plain file and a gzip one give the same records, line numbers and clusters, with
        // blocks cut between many lines.
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let texts = (0..<500).map { words(150, seed: UInt64($0)).joined(separator: " ") }
        var lines = ""
        for n in 0..<1500 {
            lines += n == 977 ? "{\"id\": \"broken\n" : "{\"id\": \"r\(n)\", \"text\": \"\(texts[n % 500])\"}\n"
        }
        let plain = dir.appendingPathComponent("all.jsonl"), packed = dir.appendingPathComponent("all.jsonl.gz")
        try lines.write(to: plain, atomically: true, encoding: .utf8)
        try Data(Fixtures.gzip(Array(lines.utf8))).write(to: packed)
        let (a, b) = (dedup([plain.path]), dedup([packed.path]))
        #expect(a.index.count == 1499 && a.index.ids == b.index.ids)
        #expect(a.problems.map(\.position) == ["\(plain.path):978"])
        #expect(b.problems.map(\.position) == ["\(packed.path):978"])
        #expect(a.clusters.count == 500 && Set(a.clusters) == Set(b.clusters))  // three copies of each text, one broken
    }

    @Test func truncatedGzipKeepsTheRecordsBeforeTheDamage() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let text = words(120, seed: 11).joined(separator: " ")
        var lines = ""
        for n in 0..<2000 { lines += "{\"id\": \"r\(n)\", \"text\": \"\(n) \(text)\"}\n" }
        let compressed = Fixtures.gzip(Array(lines.utf8))
        let file = dir.appendingPathComponent("cut.jsonl.gz")
        try Data(compressed.prefix(compressed.count * 2 / 3)).write(to: file)
        let result = dedup([file.path])
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.reason.contains("truncated gzip") == true)
        #expect(result.index.count > 500 && result.index.count < 2000)
        // Whatever was read before the damage is whole: the ids run without a gap.
        #expect(result.index.ids == (0..<result.index.count).map { "r\($0)" })
    }

    @Test func warcResponsesAreReadAndACorruptRecordIsSkipped() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let body = words(150, seed: 3).joined(separator: " ")
        func record(_ uri: String, _ html: String, type: String = "response") -> String {
            let payload = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
            return "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: 2026-02-03T10:00:00Z\r\n"
                + "Content-Length: \(payload.utf8.count)\r\n\r\n\(payload)\r\n\r\n"
        }
        let page = "<html><head><title>Bridge</title></head><body><article><p>\(body)</p></article></body></html>"
        let warc = record("https://a.example/1", page)
            + "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\ngarbage\r\n\r\n"
            + record("https://a.example/req", "", type: "request")
            + record("https://b.example/2", page.replacingOccurrences(of: "Bridge", with: "Copy"))
        try warc.write(to: dir.appendingPathComponent("crawl.warc"), atomically: true, encoding: .utf8)
        try Data(Fixtures.gzip(Array(warc.utf8))).write(to: dir.appendingPathComponent("crawl.warc.gz"))
        for name in ["crawl.warc", "crawl.warc.gz"] {
            let result = dedup([dir.appendingPathComponent(name).path])
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.reason.contains("Content-Length") == true)
            #expect(result.problems.first?.position.contains("\(name)@") == true)
            #expect(result.clusters == [["https://a.example/1", "https://b.example/2"]])
            #expect(result.index.dates.allSatisfy { $0 == Day(iso: "2026-02-03")?.number })
        }
    }

    @Test func theIndexPersistsGrowsAndExpires() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let story = words(200, seed: 21).joined(separator: " ")
        try writeLines([["id": "monday", "date": "2026-01-05", "text": story],
                        ["id": "other", "text": words(200, seed: 22).joined(separator: " ")]],
                       to: dir.appendingPathComponent("monday.jsonl"))
        try writeLines([["id": "tuesday", "date": "2026-01-06", "text": story + " update"]],
                       to: dir.appendingPathComponent("tuesday.jsonl"))
        let indexFile = dir.appendingPathComponent("news.index").path
        let first = dedup([dir.appendingPathComponent("monday.jsonl").path])
        #expect(first.clusters.isEmpty)
        try first.index.save(to: indexFile)

        let loaded = try DedupIndex.load(from: indexFile)
        #expect(loaded.ids == ["monday", "other"] && loaded.threshold == 0.8)
        let second = dedup([dir.appendingPathComponent("tuesday.jsonl").path], index: loaded)
        #expect(second.clusters == [["monday", "tuesday"]])
        try second.index.save(to: indexFile)

        var expired = try DedupIndex.load(from: indexFile)
        #expect(expired.clusters().count == 1)
        let cutoff = Day(iso: "2026-01-06")!.number
        let old = expired
        expired.remove { old.dates[$0] != DedupIndex.undated && old.dates[$0] < cutoff }
        #expect(expired.ids == ["other", "tuesday"])
        #expect(expired.clusters().isEmpty)
    }
}
