import Foundation

/// Streams records from JSON Lines files, WARC files, document files, directories of them and
/// standard input, in blocks of complete records, holding one block at a time.
///
/// JSON Lines (`.jsonl`, `.ndjson`) and WARC (`.warc`) may be gzip-compressed (`.gz`); standard
/// input (`-`) is recognised by its first byte. A bad record is reported with its position and
/// skipped; a truncated or corrupt compressed input keeps the records before the damage.
final class RecordReader {
    enum Format { case jsonLines, warc, document }

    struct Input {
        let path: String
        /// The id prefix for a document file: its path relative to the argument.
        let name: String
        let format: Format?
    }

    let inputs: [Input]
    /// Total size of the inputs on disk, when all are files (for progress).
    let totalBytes: Int64?
    private let blockBytes: Int
    private let maxRecordBytes: Int
    /// Problems found since the last ``takeProblems()``.
    private var problems: [RecordProblem]
    private var position = 0
    private var current: (index: Int, buffer: StreamBuffer, format: Format, line: Int)?
    /// A plain JSON Lines file, read from its mapping: no copies.
    private var mapped: (index: Int, file: MappedFile, position: Int, line: Int)?
    private var finishedBytes: Int64 = 0

    /// - Parameters:
    ///   - paths: files, directories (walked recursively in sorted order) and `-` for standard input.
    ///   - blockBytes: about how many bytes of records make a block.
    ///   - maxRecordBytes: a larger record is reported and skipped.
    init(paths: [String], blockBytes: Int = 4 << 20, maxRecordBytes: Int = 16 << 20) {
        var inputs: [Input] = []
        var problems: [RecordProblem] = []
        func problem(_ found: RecordProblem) { problems.append(found) }
        for path in paths {
            var isDirectory: ObjCBool = false
            if path == "-" {
                inputs.append(Input(path: path, name: "stdin", format: nil))
            } else if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                problem(RecordProblem(position: path, reason: "no such file or directory"))
            } else if isDirectory.boolValue {
                for relative in Ingestor().filesUnder(path) {
                    let full = (path as NSString).appendingPathComponent(relative)
                    if let format = Self.format(ofFileNamed: relative) {
                        inputs.append(Input(path: full, name: relative, format: format))
                    } else {
                        problem(RecordProblem(position: full, reason: "not a .jsonl, .warc, .txt, .md or .html file"))
                    }
                }
            } else {
                inputs.append(Input(path: path, name: (path as NSString).lastPathComponent, format: Self.format(ofFileNamed: path)))
            }
        }
        self.inputs = inputs
        self.blockBytes = blockBytes
        self.maxRecordBytes = maxRecordBytes
        self.problems = problems
        var total: Int64 = 0
        var known = true
        for input in inputs {
            if input.path == "-" { known = false; continue }
            total += ((try? FileManager.default.attributesOfItem(atPath: input.path)[.size]) as? NSNumber)?.int64Value ?? 0
        }
        totalBytes = known ? total : nil
    }

    /// Returns and forgets the problems found so far.
    func takeProblems() -> [RecordProblem] {
        defer { problems = [] }
        return problems
    }

    private func problem(_ found: RecordProblem) { problems.append(found) }

    /// The format a file's name announces; nil when it must be recognised by content.
    static func format(ofFileNamed name: String) -> Format? {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        if lower.hasSuffix(".warc") { return .warc }
        return Ingestor.format(ofFileNamed: name) == nil ? nil : .document
    }

    /// Bytes read so far from the inputs on disk (compressed bytes for gzip).
    var consumedBytes: Int64 {
        finishedBytes + (current?.buffer.stream.consumed ?? 0) + Int64(mapped?.position ?? 0)
    }

    /// The next block, or nil when every input is read.
    func next() -> RecordBlock? {
        while true {
            if let (index, file, _, _) = mapped {
                if let block = nextMappedLines(index, file) { return block }
                finishedBytes += Int64(file.bytes.count)
                mapped = nil
                continue
            }
            if current == nil {
                guard position < inputs.count else { return nil }
                let index = position
                let input = inputs[position]
                if input.format == .document {
                    // Consecutive document files make one block.
                    var files: [DocumentFile] = []
                    while position < inputs.count && inputs[position].format == .document && files.count < 64 {
                        files.append(DocumentFile(source: Int32(position), path: inputs[position].path, id: inputs[position].name))
                        position += 1
                    }
                    return .files(files)
                }
                position += 1
                if input.path != "-", let file = MappedFile(path: input.path), Self.isPlainJSONLines(file.bytes, named: input.format) {
                    mapped = (index, file, 0, 1)
                    continue
                }
                do {
                    let buffer = try StreamBuffer(stream: ByteStream(path: input.path))
                    guard let format = input.format ?? buffer.sniffFormat() else {
                        problem(RecordProblem(position: input.path, reason: "neither JSON Lines nor WARC"))
                        finishedBytes += buffer.stream.consumed
                        continue
                    }
                    current = (index, buffer, format, 1)
                } catch {
                    problem(RecordProblem(position: input.path, reason: "\(error)"))
                    continue
                }
            }
            guard let (index, buffer, format, _) = current else { continue }
            do {
                let block = try format == .jsonLines ? nextLines(index, buffer) : nextWARC(index, buffer)
                if let block { return block }
            } catch {
                problem(RecordProblem(position: "\(inputs[index].path)@\(buffer.offset)",
                                      reason: "\(error); the rest of this input is lost"))
            }
            finishedBytes += buffer.stream.consumed
            current = nil
        }
    }

    private func source(_ index: Int, _ buffer: StreamBuffer) -> BlockSource {
        BlockSource(index: Int32(index), name: inputs[index].path,
                    rereadable: !buffer.stream.isCompressed && inputs[index].path != "-")
    }

    /// The next run of complete lines; lines longer than the record limit are skipped.
    private func nextLines(_ index: Int, _ buffer: StreamBuffer) throws -> RecordBlock? {
        while true {
            try buffer.fill(minimum: blockBytes)
            if buffer.available == 0 { return nil }
            var end = buffer.lastIndex(of: 0x0A).map { $0 + 1 }
            // A line longer than a block: read on (doubling) until its end or the record limit.
            var searched = buffer.available
            while end == nil && !buffer.atEnd && buffer.available <= maxRecordBytes {
                try buffer.fill(minimum: min(buffer.available * 2, maxRecordBytes + 1))
                end = buffer.firstIndex(of: 0x0A, from: searched).map { $0 + 1 }
                searched = buffer.available
            }
            if end == nil && buffer.available > maxRecordBytes {
                longLine(index, current!.line)
                try buffer.skip(through: 0x0A)
                current!.line += 1
                continue
            }
            let length = end ?? buffer.available
            let offset = buffer.offset
            let bytes = buffer.take(length)
            let firstLine = current!.line
            current!.line += bytes.withUnsafeBytes(Self.newlines)
            return .lines(LineBlock(source: source(index, buffer), firstLine: firstLine, offset: offset, bytes: BlockBytes(bytes)))
        }
    }

    /// Whether a mapped file is uncompressed JSON Lines (by its name, else by its content).
    private static func isPlainJSONLines(_ bytes: UnsafeRawBufferPointer, named format: Format?) -> Bool {
        !Gzip.isCompressed(bytes) && (format ?? sniffFormat(bytes)) == .jsonLines
    }

    /// JSON Lines or WARC, from the first non-space byte.
    static func sniffFormat(_ bytes: UnsafeRawBufferPointer) -> Format? {
        guard let first = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        if bytes[first] == UInt8(ascii: "{") { return .jsonLines }
        return bytes[first...].starts(with: "WARC/".utf8) ? .warc : nil
    }

    /// The number of newlines in `bytes`.
    private static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var lines = 0, at = 0
        while at < bytes.count, let found = memchr(base + at, 0x0A, bytes.count - at) {
            lines += 1
            at = UnsafeRawPointer(found) - base + 1
        }
        return lines
    }

    private func longLine(_ index: Int, _ line: Int) {
        problem(RecordProblem(position: "\(inputs[index].path):\(line)", reason: "line longer than \(maxRecordBytes >> 20) MiB"))
    }

    /// The next run of complete lines of a mapped file, as a range of the mapping; a line longer
    /// than the record limit is reported and skipped.
    private func nextMappedLines(_ index: Int, _ file: MappedFile) -> RecordBlock? {
        let all = file.bytes, base = all.baseAddress!
        func lineEnd(from: Int) -> Int {  // just past the newline at or after `from`, or the end
            memchr(base + from, 0x0A, all.count - from).map { UnsafeRawPointer($0) - base + 1 } ?? all.count
        }
        while let (_, _, start, line) = mapped, start < all.count {
            // Lines inside a block are shorter than it; only a block's first line, or the line
            // that crosses its planned end, can be longer than the limit.
            let first = lineEnd(from: start)
            if first - start > maxRecordBytes {
                longLine(index, line)
                mapped = (index, file, first, line + 1)
                continue
            }
            var end = start + blockBytes >= all.count ? all.count : max(first, lineEnd(from: start + blockBytes - 1))
            var last = end - 1  // the start of the block's last line
            while last > start && all[last - 1] != 0x0A { last -= 1 }
            if end - last > maxRecordBytes { end = last }  // read it as the next block's first line
            mapped = (index, file, end, line + Self.newlines(in: UnsafeRawBufferPointer(rebasing: all[start..<end])))
            return .lines(LineBlock(source: BlockSource(index: Int32(index), name: inputs[index].path, rereadable: true),
                                    firstLine: line, offset: Int64(start), bytes: BlockBytes(file, start..<end)))
        }
        return nil
    }

    /// The next run of WARC response records with HTML payloads; other records are passed over.
    private func nextWARC(_ index: Int, _ buffer: StreamBuffer) throws -> RecordBlock? {
        let input = inputs[index]
        var records: [WARCRecord] = []
        var bytes = 0
        while bytes < blockBytes && records.count < 256 {
            guard let record = try WARCParser.next(from: buffer, maxRecordBytes: maxRecordBytes, problem: { offset, reason in
                problem(RecordProblem(position: "\(input.path)@\(offset)", reason: reason))
            }) else { break }
            bytes += record.html.count
            records.append(record)
        }
        if records.isEmpty { return nil }
        return .warc(WARCBlock(source: source(index, buffer), records: records))
    }
}

/// A growable window over a byte stream.
final class StreamBuffer {
    let stream: ByteStream
    private var bytes: [UInt8]
    private var start = 0, end = 0
    private(set) var atEnd = false
    /// Offset in the stream of the first available byte.
    private(set) var offset: Int64 = 0

    init(stream: ByteStream) throws {
        self.stream = stream
        bytes = [UInt8](repeating: 0, count: 1 << 20)
        try fill(minimum: 1)
    }

    var available: Int { end - start }

    /// Reads until at least `minimum` bytes are available or the stream ends.
    func fill(minimum: Int) throws {
        guard available < minimum && !atEnd else { return }
        if start > 0 {
            bytes.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: end - start) }
            end -= start
            start = 0
        }
        if bytes.count < minimum { bytes.append(contentsOf: repeatElement(0, count: minimum - bytes.count)) }
        while end < minimum {
            let count = try bytes.withUnsafeMutableBytes { buffer throws in
                try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            }
            if count == 0 { atEnd = true; return }
            end += count
        }
    }

    /// The byte at `index` from the first available one.
    subscript(index: Int) -> UInt8 { bytes[start + index] }

    /// Index (from the first available byte) of the last `byte` available.
    func lastIndex(of byte: UInt8) -> Int? {
        bytes[start..<end].lastIndex(of: byte).map { $0 - start }
    }

    /// Index of the first `byte` at or after `from`.
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        bytes[(start + from)..<end].firstIndex(of: byte).map { $0 - start }
    }

    /// Index of the first occurrence of `pattern` within the first `limit` available bytes.
    func firstIndex(of pattern: [UInt8], within limit: Int) -> Int? {
        let stop = min(end, start + limit) - pattern.count
        guard stop >= start else { return nil }
        var i = start
        while i <= stop {
            if bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i - start }
            i += 1
        }
        return nil
    }

    /// A copy of `range` (relative to the first available byte).
    func copy(_ range: Range<Int>) -> [UInt8] { Array(bytes[(start + range.lowerBound)..<(start + range.upperBound)]) }

    /// Removes and returns the first `count` available bytes.
    func take(_ count: Int) -> [UInt8] {
        defer { drop(count) }
        return copy(0..<count)
    }

    /// Drops the first `count` available bytes.
    func drop(_ count: Int) {
        start += count
        offset += Int64(count)
    }

    /// Drops bytes up to and including the next `byte`, reading as needed.
    func skip(through byte: UInt8) throws {
        while true {
            if let found = bytes[start..<end].firstIndex(of: byte) { drop(found - start + 1); return }
            drop(available)
            if atEnd { return }
            try fill(minimum: 1 << 20)
            if available == 0 { return }
        }
    }

    /// Drops `count` bytes, reading as needed; false when the stream ends first.
    func skip(_ count: Int) throws -> Bool {
        var remaining = count
        while remaining > 0 {
            if available == 0 { try fill(minimum: min(remaining, 1 << 20)) }
            if available == 0 { return false }
            let step = min(remaining, available)
            drop(step)
            remaining -= step
        }
        return true
    }

    /// JSON Lines or WARC, from the first non-space byte of what is available.
    func sniffFormat() -> RecordReader.Format? {
        bytes.withUnsafeBytes { RecordReader.sniffFormat(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}
