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

/// Memory of its own, not zeroed when allocated, freed with its last owner.
final class ByteStorage: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        base = .allocate(byteCount: max(capacity, 1), alignment: 16)
        self.capacity = capacity
    }

    deinit { base.deallocate() }
}

/// A block's bytes: the first `count` bytes of a storage, not changed once the block is made.
struct BlockBytes: Sendable {
    private let storage: ByteStorage
    let count: Int

    init(_ storage: ByteStorage, count: Int) {
        self.storage = storage
        self.count = count
    }

    init(_ bytes: [UInt8]) {
        let own = ByteStorage(capacity: bytes.count)
        bytes.withUnsafeBytes { if let source = $0.baseAddress { own.base.copyMemory(from: source, byteCount: $0.count) } }
        storage = own
        count = bytes.count
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: count))
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
    /// The HTTP response body (decompressed when it was sent compressed).
    let html: [UInt8]
    /// Whether `html` is the input's bytes at `offset`, which can be read again there.
    let isRaw: Bool
}

/// A document file (.txt, .md, .html, optionally .gz) read as one record.
struct DocumentFile: Sendable {
    let source: Int32
    let path: RawPath
    /// The file's path relative to the argument it was found under.
    let id: String
    /// The largest document accepted, in bytes (after decompression).
    let maxBytes: Int
}

/// Where a record can be read again: a byte range of a plain input, or a whole document file.
public struct RecordLocation: Sendable, Hashable {
    public enum Kind: UInt8, Sendable { case line, warcPayload, file }
    let kind: Kind
    let source: Int32
    let offset: Int64
    let length: Int32
}
