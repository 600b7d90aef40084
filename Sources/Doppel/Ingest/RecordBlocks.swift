#if canImport(Glibc)
import Glibc
#endif

/// Records read from a stream, grouped in blocks that can be processed in parallel.
///
/// A block is a run of complete JSON lines, of WARC response records, or of document files.
enum RecordBlock: Sendable {
    case lines(LineBlock)
    case warc(WARCBlock)
    case files([DocumentFile])
}

/// The input a block comes from.
struct BlockSource: Sendable {
    /// Index of the input in the reader's input list.
    let index: Int32
    /// The input's path, for messages.
    let name: String
    /// Whether the input is a plain file whose records can be read again at their offsets.
    let rereadable: Bool
}

/// Complete JSON lines of one input.
struct LineBlock: Sendable {
    let source: BlockSource
    /// Line number of the first line (1-based).
    let firstLine: Int
    /// Offset of the first byte in the (uncompressed) input.
    let offset: Int64
    let bytes: BlockBytes
}

/// A block's bytes: an array of its own, or a range of a mapped input file.
struct BlockBytes: Sendable {
    private let array: [UInt8]
    private let range: MappedRange?

    init(_ array: [UInt8]) {
        self.array = array
        range = nil
    }

    init(_ file: MappedFile, _ range: Range<Int>) {
        array = []
        self.range = MappedRange(file: file, range: range)
    }

    var count: Int { range?.range.count ?? array.count }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        guard let range else { return try array.withUnsafeBytes(body) }
        return try body(UnsafeRawBufferPointer(rebasing: range.file.bytes[range.range]))
    }
}

/// An input file mapped into memory, read-only, until its last block is gone.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps a regular, non-empty file; nil otherwise (it is then read as a stream).
    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0,
              let memory = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
              memory != MAP_FAILED else { return nil }
        _ = madvise(memory, Int(status.st_size), MADV_SEQUENTIAL)
        bytes = UnsafeRawBufferPointer(start: memory, count: Int(status.st_size))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// A block's range of a mapped file. Once the block is processed, its whole pages are dropped
/// from memory: the process does not keep a corpus of gigabytes resident (the file stays in the
/// page cache, not in the process's footprint).
private final class MappedRange: Sendable {
    let file: MappedFile
    let range: Range<Int>

    init(file: MappedFile, range: Range<Int>) {
        self.file = file
        self.range = range
    }

    deinit {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page * page, last = range.upperBound / page * page
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: file.bytes.baseAddress! + first), last - first, MADV_DONTNEED)
    }
}

/// HTML payloads of WARC response records of one input.
struct WARCBlock: Sendable {
    let source: BlockSource
    let records: [WARCRecord]
}

/// One WARC response record with an HTML payload.
struct WARCRecord: Sendable {
    /// `WARC-Target-URI`, else `WARC-Record-ID`.
    let id: String
    /// `WARC-Date`, the capture date, used when the page states none.
    let captureDate: Int32?
    /// Offset of the payload in the (uncompressed) input.
    let offset: Int64
    /// The HTTP response body.
    let html: [UInt8]
}

/// A document file (.txt, .md, .html, optionally .gz) read as one record.
struct DocumentFile: Sendable {
    let source: Int32
    let path: String
    /// The file's path relative to the argument it was found under.
    let id: String
}

/// Where a record can be read again: a byte range of a plain input, or a whole document file.
public struct RecordLocation: Sendable, Hashable {
    public enum Kind: UInt8, Sendable { case line, warcPayload, file }
    let kind: Kind
    let source: Int32
    let offset: Int64
    let length: Int32
}

/// A problem with one record or input; reading goes on with the next record.
public struct RecordProblem: Sendable, Error, CustomStringConvertible {
    /// The input and position, e.g. `news.jsonl:12` (line) or `crawl.warc.gz@1048576` (byte).
    public let position: String
    public let reason: String
    public var description: String { "\(position): skipped: \(reason)" }
}

/// Days since 1970-01-01 of a date written as `YYYY-MM-DD` (optionally followed by a time).
func dayNumber(isoDate bytes: some Collection<UInt8>) -> Int32? {
    let digits = Array(bytes.prefix(10))
    guard digits.count == 10, digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for byte in digits[range] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
          (1...12).contains(month), (1...31).contains(day) else { return nil }
    // Days from civil (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return Int32(era * 146_097 + dayOfEra - 719_468)
}
