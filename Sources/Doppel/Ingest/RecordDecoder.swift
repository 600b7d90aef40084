#if canImport(Glibc)
import Glibc
#endif

/// Turns a block's records into document texts: a JSON line's `text` (else the article extracted
/// from its `html`), a WARC response's extracted article, a document file's text (or extracted
/// article for HTML).
enum RecordDecoder {
    /// A record's document.
    struct Document {
        let text: UnsafeRawBufferPointer
        let id: String
        /// Days since 1970.
        let date: Int32?
        let location: RecordLocation?
        /// The JSON line it came from.
        let line: UnsafeRawBufferPointer?
    }

    /// Calls `document` with each record's document; returns the bytes of records read. A JSON
    /// line that gives no document is reported to `problem` and passed to `skippedLine`.
    static func decode(_ block: RecordBlock, problem: (RecordProblem) -> Void,
                       skippedLine: (UnsafeRawBufferPointer) -> Void = { _ in }, document: (Document) -> Void) -> Int {
        var scratch: [UInt8] = []
        func article(_ article: Article, id: String, fallbackDate: Int32?, location: RecordLocation?,
                     line: UnsafeRawBufferPointer? = nil) {
            let date = article.date?.number ?? fallbackDate
            var text = comparedText(of: article)
            text.withUTF8 { document(Document(text: UnsafeRawBufferPointer($0), id: id, date: date, location: location, line: line)) }
        }
        switch block {
        case .lines(let lines):
            forEachRecord(of: lines, problem: problem, skippedLine: skippedLine) { record, line, id, location in
                let date = record.date.flatMap { Day(isoPrefix: line[$0.range])?.number }
                if let text = record.text, text.isString {
                    JSONLine.withBytes(of: text, in: line, scratch: &scratch) {
                        document(Document(text: $0, id: id, date: date, location: location, line: line))
                    }
                } else if let html = record.html, html.isString {
                    let page = RawDocument(id: id, origin: lines.source.name, text: JSONLine.string(html, in: line), format: .html)
                    article(Extractor.extract(page), id: id, fallbackDate: date, location: location, line: line)
                } else {
                    return .noText
                }
                return nil
            }
            return lines.bytes.count
        case .warc(let warc):
            var bytes = 0
            for record in warc.records {
                bytes += record.html.count
                let location = warc.source.rereadable && record.isRaw
                    ? RecordLocation(kind: .warcPayload, source: warc.source.index, offset: record.offset, length: Int32(record.html.count))
                    : nil
                let page = RawDocument(id: record.id, origin: warc.source.name, bytes: record.html, format: .html)
                article(Extractor.extract(page), id: record.id, fallbackDate: record.captureDate, location: location)
            }
            return bytes
        case .files(let files):
            var bytes = 0
            for file in files {
                guard let raw = Ingestor(maxBytes: file.maxBytes).read(file: file.path, id: file.id, problem: {
                    problem(RecordProblem(file: $0.path, cause: $0.cause))
                }) else { continue }
                bytes += raw.text.utf8.count
                let location = RecordLocation(kind: .file, source: file.source, offset: 0, length: 0)
                if raw.format == .html {
                    article(Extractor.extract(raw), id: file.id, fallbackDate: nil, location: location)
                } else {
                    var text = raw.text
                    text.withUTF8 { document(Document(text: UnsafeRawBufferPointer($0), id: file.id, date: nil, location: location, line: nil)) }
                }
            }
            return bytes
        }
    }

    /// Calls `body` with each JSON line of `lines` that parses: the record, the line, its id
    /// (the `id` field, else its position) and its location when the input can be read again;
    /// `body` returns why it skipped the record, if it did. Blank lines are passed over; a line
    /// that is not JSON, or that `body` skipped, is reported to `problem` and passed to `skippedLine`.
    static func forEachRecord(of lines: LineBlock, problem: (RecordProblem) -> Void,
                              skippedLine: (UnsafeRawBufferPointer) -> Void,
                              _ body: (JSONLine, UnsafeRawBufferPointer, String, RecordLocation?) -> SkipReason?) {
        lines.bytes.withUnsafeBytes { all in
            var number = lines.firstLine
            var start = 0
            while start < all.count {
                let end = memchr(all.baseAddress! + start, 0x0A, all.count - start)
                    .map { UnsafeRawPointer($0) - all.baseAddress! } ?? all.count
                defer { number += 1; start = end + 1 }
                let line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                func skip(_ cause: SkipReason) {
                    problem(RecordProblem(file: lines.source.name, place: .line(number), cause: cause))
                    skippedLine(line)
                }
                let record: JSONLine
                switch Result(catching: { () throws(JSONLine.Malformed) in try JSONLine(line) }) {
                case .success(let parsed): record = parsed
                case .failure(let error):
                    skip(.notJSON(reason: error.reason, column: error.offset + 1))
                    continue
                }
                let location = lines.source.rereadable
                    ? RecordLocation(kind: .line, source: lines.source.index, offset: lines.offset + Int64(start), length: Int32(end - start))
                    : nil
                // A line's position, its fallback id, is built only when needed.
                let id = record.id.map { JSONLine.string($0, in: line) } ?? "\(lines.source.name):\(number)"
                if let cause = body(record, line, id, location) { skip(cause) }
            }
        }
    }

    /// Each record of `block` as a document to extract: a JSON line's `text` (plain text) or
    /// `html` with the `title`, `url` and `date` it states; a WARC response's page with its
    /// target URI; a document file as it is. Records that give none go to `problem`.
    static func rawDocuments(_ block: RecordBlock, problem: (RecordProblem) -> Void, document: (RawDocument) -> Void) {
        switch block {
        case .lines(let lines):
            forEachRecord(of: lines, problem: problem, skippedLine: { _ in }) { record, line, id, _ in
                let field = { (value: JSONLine.Value?) in value.flatMap { $0.isString ? JSONLine.string($0, in: line) : nil } }
                let stated = StatedMetadata(title: field(record.title), url: field(record.url),
                                            date: record.date.flatMap { Day(isoPrefix: line[$0.range]) })
                let content = field(record.text).map { ($0, DocumentFormat.text) } ?? field(record.html).map { ($0, .html) }
                guard let (text, format) = content else { return .noText }
                var raw = RawDocument(id: id, origin: lines.source.name, text: text, format: format)
                raw.stated = stated
                document(raw)
                return nil
            }
        case .warc(let warc):
            for record in warc.records {
                var raw = RawDocument(id: record.id, origin: warc.source.name, bytes: record.html, format: .html)
                if record.id.hasPrefix("http://") || record.id.hasPrefix("https://") { raw.stated.url = record.id }
                document(raw)
            }
        case .files(let files):
            for file in files {
                if let raw = Ingestor(maxBytes: file.maxBytes).read(file: file.path, id: file.id, problem: {
                    problem(RecordProblem(file: $0.path, cause: $0.cause))
                }) { document(raw) }
            }
        }
    }

    /// The text an article is compared on: its body, or, when extraction removed every block
    /// (a page of one short paragraph that reads as boilerplate), the removed blocks, so that
    /// exact copies of such a page are still found.
    static func comparedText(of article: Article) -> String {
        guard article.paragraphs.isEmpty, !article.removed.isEmpty else { return article.text }
        return article.removed.map(\.text).joined(separator: "\n\n")
    }
}
