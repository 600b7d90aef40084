import Foundation

/// The fuzz targets: each reads arbitrary bytes through one stage exactly as a run reads a file
/// and must return without trapping, within a second and a gigabyte (scripts/fuzz sets those
/// limits). They are compiled into the library's module, so they reach its internal stages.
enum FuzzTarget: String, CaseIterable {
    case html, text, jsonl, warc, gzip, quotes, compare, index

    /// Runs one input through the target.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .html:
            _ = HTMLTree(bytes)
            _ = Extractor.extract(RawDocument(id: "fuzz", origin: "fuzz.html", bytes: bytes, format: .html))
        case .text:
            for format in [DocumentFormat.text, .markdown] {
                _ = Extractor.extract(RawDocument(id: "fuzz", origin: "fuzz", bytes: bytes, format: format))
            }
        case .jsonl:
            _ = IngestFuzzing.jsonLines(bytes, maxRecordBytes: 64 << 10)
        case .warc:
            _ = IngestFuzzing.warc(bytes, maxRecordBytes: 64 << 10)
        case .gzip:
            _ = IngestFuzzing.gzip(bytes, limit: 16 << 20)
        case .quotes:
            let article = Extractor.extract(RawDocument(id: "fuzz", origin: "fuzz.txt", bytes: bytes, format: .text))
            _ = AnalyzedArticle(article)
        case .compare:
            // Two articles, split at the first NUL byte (or in the middle), compared as `compare` does.
            let cut = bytes.firstIndex(of: 0) ?? bytes.count / 2
            let first = RawDocument(id: "a", origin: "a.txt", bytes: Array(bytes[..<cut]), format: .text)
            let second = RawDocument(id: "b", origin: "b.txt", bytes: Array(bytes[min(cut + 1, bytes.count)...]), format: .text)
            _ = Comparison(first, second).json().serialized()
        case .index:
            // An odd first byte reseals the checksums first, so mutations reach the checks behind them.
            let file = Array(bytes.dropFirst())
            _ = try? DedupIndex.load(bytes: bytes.first.map { $0 & 1 == 1 } ?? false ? IndexHeader.resealed(file) : file)
        }
    }

    /// Seeds that cannot be written by hand: for the index, small index files of made-up text.
    func generatedSeeds() throws -> [[UInt8]] {
        guard self == .index else { return [] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doppel-fuzz-seeds-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = (0..<4).map { n in
            let words = (0..<60).map { "w\(($0 * 7 + n * 13) % 90)" }.joined(separator: " ")
            return "{\"id\": \"d\(n)\", \"date\": \"2026-01-0\(n + 1)\", \"text\": \"\(words)\"}\n"
                + "{\"id\": \"d\(n)-copy\", \"text\": \"\(words) and more\"}\n"
        }.joined()
        let input = dir.appendingPathComponent("seed.jsonl")
        try records.write(to: input, atomically: true, encoding: .utf8)
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([input.path], into: &index, today: 20_000) { _ in }
        let path = dir.appendingPathComponent("seed.index").path
        try index.save(to: path)
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return [[0] + file, [1] + file]
    }
}
