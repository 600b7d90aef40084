import Foundation

/// Streams records from JSON Lines files, WARC files, document files, directories of them and
/// standard input, in blocks of complete records, holding one block at a time.
///
/// JSON Lines (`.jsonl`, `.ndjson`) and WARC (`.warc`) may be gzip-compressed (`.gz`); standard
/// input (`-`) is recognised by its first byte. A bad record is reported with its position and
/// skipped; a truncated or corrupt compressed input keeps every record before the damage, and
/// after a corrupt gzip member reading resumes at the next member. Inputs are read with
/// `read(2)`, each opened once; in directories, only regular files are read.
final class RecordReader {
    enum Format { case jsonLines, warc, document }

    struct Input {
        let path: RawPath
        /// The id prefix for a document file: its path relative to the argument.
        let name: String
        let format: Format?
        /// The content, for an input in memory.
        var bytes: [UInt8]? = nil
    }

    let inputs: [Input]
    /// Total size of the inputs on disk, when all are regular files (for progress).
    let totalBytes: Int64?
    private let blockBytes: Int
    private let maxRecordBytes: Int
    /// Problems found since the last ``takeProblems()``.
    private var problems = ProblemList()
    private var position = 0
    private var current: (index: Int, buffer: StreamBuffer, format: Format, line: Int)?
    private var finishedBytes: Int64 = 0
    /// When set, receives the bytes of each JSON line too long to read, in pieces (the last
    /// with `true`), before the block that follows it: `--unique` passes such lines through.
    var longLineSink: ((_ piece: UnsafeRawBufferPointer, _ last: Bool) -> Void)?

    /// - Parameters:
    ///   - paths: files, directories (walked recursively in sorted order) and `-` for standard input.
    ///   - blockBytes: about how many bytes of records make a block.
    ///   - maxRecordBytes: a larger record or document file is reported and skipped.
    convenience init(paths: [String], blockBytes: Int = 4 << 20, maxRecordBytes: Int = 16 << 20) {
        self.init(rawPaths: paths.map(RawPath.init), blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
    }

    /// Reads the inputs at raw paths (names that need not be valid UTF-8), as `init(paths:)` does.
    convenience init(rawPaths paths: [RawPath], blockBytes: Int = 4 << 20, maxRecordBytes: Int = 16 << 20) {
        var inputs: [Input] = []
        var problems = ProblemList()
        var total: Int64? = 0
        for path in paths {
            if path == .standardInput {
                inputs.append(Input(path: path, name: "stdin", format: nil))
                total = nil
                continue
            }
            guard let status = path.status() else {
                problems.add(RecordProblem(file: path.description, cause: errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))))
                continue
            }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                inputs.append(Input(path: path, name: RawPath.escaped(path.lastComponent), format: Self.format(ofFileNamed: path.description)))
                total = status.st_mode & S_IFMT == S_IFREG ? total.map { $0 + Int64(status.st_size) } : nil
                continue
            }
            let files = FileWalker.files(under: path) { problems.add(RecordProblem(file: $0.description, cause: $1)) }
            for file in files {
                guard let format = Self.format(ofFileNamed: file.relative.description) else {
                    problems.add(RecordProblem(file: file.path.description, cause: .unknownName(accepted: ".jsonl, .warc, .txt, .md or .html")))
                    continue
                }
                inputs.append(Input(path: file.path, name: file.relative.description, format: format))
                total = total.map { $0 + Int64(file.path.status()?.st_size ?? 0) }
            }
        }
        self.init(inputs: inputs, totalBytes: total, problems: problems, blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
    }

    /// Reads `bytes` as one input named `name`, of `format` (nil: recognised by content).
    convenience init(bytes: [UInt8], name: String, format: Format?, blockBytes: Int = 4 << 20, maxRecordBytes: Int = 16 << 20) {
        self.init(inputs: [Input(path: RawPath(name), name: name, format: format, bytes: bytes)], totalBytes: Int64(bytes.count),
                  problems: ProblemList(), blockBytes: blockBytes, maxRecordBytes: maxRecordBytes)
    }

    private init(inputs: [Input], totalBytes: Int64?, problems: ProblemList, blockBytes: Int, maxRecordBytes: Int) {
        self.inputs = inputs
        self.totalBytes = totalBytes
        self.problems = problems
        self.blockBytes = blockBytes
        self.maxRecordBytes = maxRecordBytes
    }

    /// Returns and forgets the problems found so far (at most ``ProblemList/shown`` of a kind
    /// per input kept, the rest counted).
    func takeProblems() -> ProblemList {
        defer { problems = ProblemList() }
        return problems
    }

    private func problem(_ index: Int, _ place: ProblemPlace?, _ cause: SkipReason) {
        problems.add(RecordProblem(file: inputs[index].path.description, place: place, cause: cause))
    }

    /// The format a file's name announces; nil when it must be recognised by content.
    static func format(ofFileNamed name: String) -> Format? {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        if lower.hasSuffix(".warc") { return .warc }
        return Ingestor.format(ofFileNamed: name) == nil ? nil : .document
    }

    /// Bytes read so far from the inputs (compressed bytes for gzip).
    var consumedBytes: Int64 {
        finishedBytes + (current?.buffer.stream.consumed ?? 0)
    }

    /// The next block, or nil when every input is read.
    func next() -> RecordBlock? {
        while true {
            if current == nil {
                guard position < inputs.count else { return nil }
                if inputs[position].format == .document { return nextFiles() }
                open(position)
                position += 1
                continue
            }
            guard let (index, buffer, format, _) = current else { continue }
            do throws(SkipReason) {
                let block = try format == .jsonLines ? nextLines(index, buffer) : nextWARC(index, buffer)
                reportDamage(index, buffer)
                if let block { return block }
                if buffer.resume() { continue }  // past a gap left by damage
            } catch {
                problem(index, .byte(buffer.offset), error)  // the input cannot be read on
            }
            reportDamage(index, buffer)
            finishedBytes += buffer.stream.consumed
            current = nil
        }
    }

    /// Consecutive document files, as one block.
    private func nextFiles() -> RecordBlock {
        var files: [DocumentFile] = []
        while position < inputs.count && inputs[position].format == .document && files.count < 64 {
            files.append(DocumentFile(source: Int32(position), path: inputs[position].path, id: inputs[position].name,
                                      maxBytes: maxRecordBytes))
            position += 1
        }
        return .files(files)
    }

    /// Opens a record input (once: a FIFO is read as the stream it is), or reports why not.
    private func open(_ index: Int) {
        let input = inputs[index]
        do throws(SkipReason) {
            let stream = if let bytes = input.bytes { ByteStream(bytes: bytes) } else { try ByteStream(path: input.path) }
            let buffer = try StreamBuffer(stream: stream)
            buffer.dropByteOrderMark()
            guard let format = input.format ?? buffer.sniffFormat() else {
                problem(index, nil, .unknownContent)
                finishedBytes += buffer.stream.consumed
                return
            }
            current = (index, buffer, format, 1)
        } catch {
            problem(index, nil, error)
        }
    }

    /// Reports the damage the input's stream found (compressed offsets).
    private func reportDamage(_ index: Int, _ buffer: StreamBuffer) {
        for damage in buffer.stream.takeDamage() { problem(index, .byte(damage.offset), damage.cause) }
    }

    private func source(_ index: Int, _ buffer: StreamBuffer) -> BlockSource {
        BlockSource(index: Int32(index), name: inputs[index].path.description,
                    rereadable: buffer.stream.isRegularFile && !buffer.stream.isCompressed)
    }

    /// The next run of complete lines; lines longer than the record limit are reported, passed
    /// to ``longLineSink`` and skipped.
    private func nextLines(_ index: Int, _ buffer: StreamBuffer) throws(SkipReason) -> RecordBlock? {
        while true {
            try buffer.fill(minimum: blockBytes)
            if buffer.available == 0 { return nil }
            // The first line's end, reading on (doubling) while it is longer than what is read,
            // up to the record limit.
            var firstEnd = buffer.firstIndex(of: 0x0A, from: 0)
            var searched = buffer.available
            while firstEnd == nil && !buffer.atEnd && buffer.available <= maxRecordBytes {
                try buffer.fill(minimum: min(buffer.available * 2, maxRecordBytes + 1))
                firstEnd = buffer.firstIndex(of: 0x0A, from: searched)
                searched = buffer.available
            }
            if (firstEnd ?? buffer.available) > maxRecordBytes {
                problem(index, .line(current!.line), .lineTooLong(limit: maxRecordBytes))
                try buffer.skip(through: 0x0A, sink: longLineSink)
                current!.line += 1
                continue
            }
            let cutByDamage = buffer.atEnd && buffer.stream.endsInDamage
            if firstEnd == nil && cutByDamage {
                buffer.drop(buffer.available)  // a line cut by the damage, which is reported
                continue
            }
            let run = buffer.lineRun(limit: maxRecordBytes, withUnterminatedEnd: !cutByDamage)
            let offset = buffer.offset
            let bytes = buffer.take(run.length)
            let firstLine = current!.line
            current!.line += run.newlines
            return .lines(LineBlock(source: source(index, buffer), firstLine: firstLine, offset: offset, bytes: bytes))
        }
    }

    /// JSON Lines or WARC, from the first non-space byte.
    static func sniffFormat(_ bytes: UnsafeRawBufferPointer) -> Format? {
        guard let first = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        if bytes[first] == UInt8(ascii: "{") { return .jsonLines }
        return bytes[first...].starts(with: "WARC/".utf8) ? .warc : nil
    }

    /// The next run of WARC response records with HTML payloads; other records are passed over.
    private func nextWARC(_ index: Int, _ buffer: StreamBuffer) throws(SkipReason) -> RecordBlock? {
        var records: [WARCRecord] = []
        var bytes = 0
        while bytes < blockBytes && records.count < 256 {
            guard let record = try WARCParser.next(from: buffer, maxRecordBytes: maxRecordBytes, problem: { offset, cause in
                problem(index, .byte(offset), cause)
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
    private var storage: ByteStorage
    private var start = 0, end = 0
    private(set) var atEnd = false
    /// Offset in the stream of the first available byte.
    private(set) var offset: Int64 = 0

    init(stream: ByteStream) throws(SkipReason) {
        self.stream = stream
        storage = ByteStorage(capacity: 1 << 20)
        try fill(minimum: 3)
    }

    /// Drops a UTF-8 byte order mark at the start of the input.
    func dropByteOrderMark() {
        if offset == 0 && available >= 3 && self[0] == 0xEF && self[1] == 0xBB && self[2] == 0xBF { drop(3) }
    }

    /// At the end of what the stream gave before a gap left by damage, goes on after it
    /// (dropping what is left before the gap); false at the real end.
    func resume() -> Bool {
        guard atEnd, stream.resume() else { return false }
        drop(available)
        atEnd = false
        return true
    }

    var available: Int { end - start }

    /// What is available.
    private var window: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.base + start, count: available) }

    /// Reads until at least `minimum` bytes are available or the stream ends.
    func fill(minimum: Int) throws(SkipReason) {
        guard available < minimum && !atEnd else { return }
        if storage.capacity < minimum {
            let grown = ByteStorage(capacity: minimum)
            grown.base.copyMemory(from: storage.base + start, byteCount: available)
            storage = grown
        } else if start > 0 {
            // The storage is this buffer's alone (a block that takes it gets it whole and the
            // buffer a new one), so the rest moves to its front in place.
            storage.base.copyMemory(from: storage.base + start, byteCount: available)
        }
        end -= start
        start = 0
        while end < minimum {
            let count = try stream.read(into: UnsafeMutableRawBufferPointer(start: storage.base + end, count: storage.capacity - end))
            if count == 0 { atEnd = true; return }
            end += count
        }
    }

    /// The byte at `index` from the first available one.
    subscript(index: Int) -> UInt8 { storage.base.load(fromByteOffset: start + index, as: UInt8.self) }

    /// The complete lines at the start of what is available, up to the first line longer than
    /// `limit`: their length and number of newlines. The input's last line, without a newline,
    /// is one of them when it is complete (`withUnterminatedEnd`).
    func lineRun(limit: Int, withUnterminatedEnd: Bool) -> (length: Int, newlines: Int) {
        let base = storage.base + start
        var at = 0, newlines = 0
        while at < available, let found = memchr(base + at, 0x0A, available - at) {
            let lineEnd = UnsafeMutableRawPointer(found) - base
            if lineEnd - at > limit { return (at, newlines) }  // the next run starts with it
            newlines += 1
            at = lineEnd + 1
        }
        if atEnd && withUnterminatedEnd && available - at <= limit { at = available }
        return (at, newlines)
    }

    /// Index of the first `byte` at or after `from`.
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard from < available else { return nil }
        let base = storage.base + start
        return memchr(base + from, Int32(byte), available - from).map { UnsafeMutableRawPointer($0) - base }
    }

    /// Index of the first occurrence of `pattern` at or after `from` that lies within the first
    /// `limit` available bytes.
    func firstIndex(of pattern: [UInt8], within limit: Int, from: Int = 0) -> Int? {
        let stop = min(available, limit) - pattern.count  // the last place the pattern can start
        let base = storage.base + start
        var i = from
        while i <= stop, let hit = memchr(base + i, Int32(pattern[0]), stop - i + 1) {
            i = UnsafeMutableRawPointer(hit) - base
            if memcmp(base + i, pattern, pattern.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// A copy of `range` (relative to the first available byte).
    func copy(_ range: Range<Int>) -> [UInt8] { Array(window[range]) }

    /// Removes and returns the first `count` available bytes. A run that fills most of the
    /// buffer takes the buffer itself, which is then replaced: no copy of the run.
    func take(_ count: Int) -> BlockBytes {
        guard start == 0 && count >= storage.capacity / 2 else {
            let own = ByteStorage(capacity: count)
            own.base.copyMemory(from: storage.base + start, byteCount: count)
            drop(count)
            return BlockBytes(own, count: count)
        }
        let taken = storage
        storage = ByteStorage(capacity: taken.capacity)
        storage.base.copyMemory(from: taken.base + count, byteCount: end - count)
        end -= count
        offset += Int64(count)
        return BlockBytes(taken, count: count)
    }

    /// Drops the first `count` available bytes.
    func drop(_ count: Int) {
        start += count
        offset += Int64(count)
    }

    /// Drops bytes up to and including the next `byte`, reading as needed; `sink` receives
    /// them in pieces, the last with `true` (ending in `byte`, or where the input ends).
    func skip(through byte: UInt8, sink: ((UnsafeRawBufferPointer, Bool) -> Void)? = nil) throws(SkipReason) {
        func pass(_ count: Int, last: Bool) {
            sink?(UnsafeRawBufferPointer(rebasing: window[..<count]), last)
            drop(count)
        }
        while true {
            if let found = firstIndex(of: byte, from: 0) { pass(found + 1, last: true); return }
            pass(available, last: atEnd)
            if atEnd { return }
            try fill(minimum: 1 << 20)
            if available == 0 { pass(0, last: true); return }
        }
    }

    /// JSON Lines or WARC, from the first non-space byte of what is available.
    func sniffFormat() -> RecordReader.Format? { RecordReader.sniffFormat(window) }
}
