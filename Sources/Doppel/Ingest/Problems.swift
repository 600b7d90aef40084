/// Why an input or a record was skipped, or what part of an input was lost.
public enum SkipReason: Error, Sendable, Hashable, CustomStringConvertible {
    case missing
    /// The kernel's reason (`strerror`).
    case unreadable(String)
    /// What the file is instead ("a FIFO", "a socket", …): reading it could block.
    case notRegular(String)
    case brokenLink
    /// A file whose name announces no format read here; `accepted` lists those that are.
    case unknownName(accepted: String)
    /// Content that is neither JSON Lines nor WARC.
    case unknownContent
    case empty
    case binary
    /// A document larger than the limit (bytes, after decompression).
    case tooLarge(limit: Int)
    /// A JSON line longer than the record limit (bytes).
    case lineTooLong(limit: Int)
    /// A line that is not a JSON object (RFC 8259); `column` is 1-based.
    case notJSON(reason: String, column: Int)
    case noText
    /// Damaged gzip data in the member that starts at `member` (a byte offset of the compressed
    /// input): decompression starts again at the next member, at `resumedAt`, or nothing more
    /// could be read.
    case corruptGzip(member: Int64, resumedAt: Int64?)
    /// The compressed input ends inside a member.
    case truncatedGzip
    /// A gzip stream that inflates to more than `limit` bytes.
    case gzipTooLarge(limit: Int)
    case notWARCHeader
    case badContentLength
    /// A record whose declared length (bytes) is above the record limit.
    case warcTooLarge(length: Int, limit: Int)
    /// The input ends before the record's declared length.
    case truncatedWARC
    /// The bytes after the declared length are not the record's end.
    case contentLengthMismatch
    /// An HTTP body in a `Content-Encoding` not read here.
    case unsupportedEncoding(String)
    /// An HTTP body that could not be decompressed.
    case corruptBody(String)
    /// A document whose id the dedup index holds with other content (the indexed one is kept).
    case idConflict
    /// `count` further problems of `kind` in the same input, not shown one by one.
    case repeated(kind: Kind, count: Int)

    /// Problems of one kind in one input are shown a few at a time, then counted.
    public enum Kind: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case file, notJSON, noText, lineTooLong, gzip, warc, body, idConflict, repeated

        public var description: String {
            switch self {
            case .file: return "unreadable input"
            case .notJSON: return "not JSON"
            case .noText: return "no \"text\" or \"html\" string"
            case .lineTooLong: return "line too long"
            case .gzip: return "gzip damage"
            case .warc: return "damaged WARC record"
            case .body: return "unreadable HTTP body"
            case .idConflict: return "id indexed with other content"
            case .repeated: return "repeated problems"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .missing, .unreadable, .notRegular, .brokenLink, .unknownName, .unknownContent, .empty, .binary, .tooLarge:
            return .file
        case .lineTooLong: return .lineTooLong
        case .notJSON: return .notJSON
        case .noText: return .noText
        case .corruptGzip, .truncatedGzip, .gzipTooLarge: return .gzip
        case .notWARCHeader, .badContentLength, .warcTooLarge, .truncatedWARC, .contentLengthMismatch: return .warc
        case .unsupportedEncoding, .corruptBody: return .body
        case .idConflict: return .idConflict
        case .repeated: return .repeated
        }
    }

    public var description: String {
        switch self {
        case .missing: return "no such file or directory"
        case .unreadable(let why): return "cannot be read: \(why)"
        case .notRegular(let what): return "\(what), not a regular file"
        case .brokenLink: return "a symbolic link to nothing"
        case .unknownName(let accepted): return "not a \(accepted) file"
        case .unknownContent: return "neither JSON Lines nor WARC"
        case .empty: return "empty"
        case .binary: return "binary content, not text"
        case .tooLarge(let limit): return "larger than the \(limit >> 20) MiB article limit"
        case .lineTooLong(let limit): return "line longer than \(limit >> 20) MiB"
        case .notJSON(let reason, let column): return "not JSON (\(reason) at column \(column))"
        case .noText: return "no \"text\" or \"html\" string"
        case .corruptGzip(let member, let resumedAt?):
            return "corrupt gzip data in the member that starts at byte \(member): what it held from here on is lost; reading resumed at the next member, at byte \(resumedAt)"
        case .corruptGzip(let member, nil):
            return "corrupt gzip data in the member that starts at byte \(member), and no gzip member after it: the rest of this input is lost"
        case .truncatedGzip: return "truncated gzip stream: the end of this input is missing"
        case .gzipTooLarge(let limit): return "decompresses to more than \(limit >> 20) MiB"
        case .notWARCHeader: return "not a WARC record header; reading resumed at the next WARC/1. line"
        case .badContentLength: return "WARC record without a valid Content-Length; reading resumed at the next WARC/1. line"
        case .warcTooLarge(let length, let limit):
            return "WARC record of \(length) bytes is larger than \(limit >> 20) MiB; reading resumed at the next WARC/1. line"
        case .truncatedWARC: return "truncated WARC record; reading resumed at the next WARC/1. line"
        case .contentLengthMismatch:
            return "WARC record's Content-Length does not end it; reading resumed at the next WARC/1. line"
        case .unsupportedEncoding(let encoding): return "HTTP body in Content-Encoding \(encoding), not read"
        case .corruptBody(let why): return "HTTP body cannot be decompressed: \(why)"
        case .idConflict: return "the index has another document with this id (kept; remove the id first to replace it)"
        case .repeated(let kind, let count): return "\(count) more problems of this kind (\(kind)), not shown one by one"
        }
    }
}

/// Where in an input a problem is.
public enum ProblemPlace: Sendable, Hashable {
    /// A 1-based line of a JSON Lines input.
    case line(Int)
    /// A byte offset: uncompressed for records, compressed for gzip damage.
    case byte(Int64)
}

/// A problem with one record or input; reading goes on with the next record.
public struct RecordProblem: Sendable, Error, CustomStringConvertible {
    /// The input, as given or found (invalid UTF-8 in its name escaped).
    public let file: String
    public let place: ProblemPlace?
    public let cause: SkipReason

    public init(file: String, place: ProblemPlace? = nil, cause: SkipReason) {
        self.file = file
        self.place = place
        self.cause = cause
    }

    /// The input and position, e.g. `news.jsonl:12` (line) or `crawl.warc.gz@1048576` (byte).
    public var position: String {
        switch place {
        case .line(let line): return "\(file):\(line)"
        case .byte(let offset): return "\(file)@\(offset)"
        case nil: return file
        }
    }

    public var reason: String { cause.description }
    public var description: String { "\(position): skipped: \(reason)" }
}

/// Why an input was skipped.
public struct IngestProblem: Sendable, Error, CustomStringConvertible {
    /// The file or directory, as given (invalid UTF-8 in its name escaped).
    public let path: String
    public let cause: SkipReason

    public init(path: String, cause: SkipReason) {
        self.path = path
        self.cause = cause
    }

    /// Why it was skipped.
    public var reason: String { cause.description }
    public var description: String { "\(path): skipped: \(reason)" }
}

/// Problems of one stretch of input, at most ``shown`` of each kind kept per input and the
/// rest only counted: a file of millions of bad lines costs a counter, not a message each.
struct ProblemList: Sendable {
    /// How many problems of one kind in one input are shown one by one.
    static let shown = 20
    private(set) var kept: [RecordProblem] = []
    /// Every problem added.
    private(set) var count = 0
    /// Problems per input and kind, but for the current run of one kind in one input.
    private var seen: [Key: Int] = [:]
    private var current: Key?, currentSeen = 0

    struct Key: Hashable, Sendable {
        let file: String
        let kind: SkipReason.Kind
    }

    /// Adds a problem; kept when fewer than ``shown`` of its kind in its input came before.
    mutating func add(_ problem: RecordProblem) {
        count += 1
        let kind = problem.cause.kind
        if kind != current?.kind || problem.file != current?.file {  // runs of one kind skip the dictionary
            if let current { seen[current] = currentSeen }
            let key = Key(file: problem.file, kind: kind)
            current = key
            currentSeen = seen[key] ?? 0
        }
        currentSeen += 1
        if currentSeen <= Self.shown { kept.append(problem) }
    }

    /// Problems counted but not kept, by input and kind.
    var hidden: [Key: Int] {
        var all = seen
        if let current { all[current] = currentSeen }
        return all.compactMapValues { $0 > Self.shown ? $0 - Self.shown : nil }
    }
}

/// Passes problems on in order, at most ``ProblemList/shown`` of each kind per input, and
/// reports how many more there were at the end.
final class ProblemReporter {
    private let report: (RecordProblem) -> Void
    private var seen: [ProblemList.Key: Int] = [:]
    private var order: [ProblemList.Key] = []
    /// Every problem, shown or not.
    private(set) var count = 0

    init(_ report: @escaping (RecordProblem) -> Void) { self.report = report }

    /// Shows `list`'s kept problems while their kind's quota lasts; counts the rest.
    func add(_ list: ProblemList) {
        count += list.count
        for problem in list.kept {
            let key = ProblemList.Key(file: problem.file, kind: problem.cause.kind)
            if note(key, 1) <= ProblemList.shown { report(problem) }
        }
        for (key, hidden) in list.hidden { _ = note(key, hidden) }
    }

    private func note(_ key: ProblemList.Key, _ count: Int) -> Int {
        let total = seen[key, default: 0] + count
        if seen[key] == nil { order.append(key) }
        seen[key] = total
        return total
    }

    /// Reports, per input and kind, how many problems were not shown.
    func finish() {
        for key in order where seen[key]! > ProblemList.shown {
            report(RecordProblem(file: key.file, cause: .repeated(kind: key.kind, count: seen[key]! - ProblemList.shown)))
        }
        seen = [:]
        order = []
    }
}
