#if canImport(Glibc)
import Glibc
#endif

/// Reads a file or standard input in large blocks, inflating gzip as it goes (recognised by its
/// magic bytes, with concatenated members as WARC.gz files have them).
final class ByteStream {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The path, or `-` for standard input.
    let path: String
    private let descriptor: Int32
    private var inflater: Gzip.Inflater?
    private var raw: [UInt8]
    private var rawStart = 0, rawEnd = 0
    private var atEnd = false
    /// Bytes read from the file so far (compressed bytes for gzip), for progress.
    private(set) var consumed: Int64 = 0

    /// Opens `path` (`-` is standard input).
    init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = 0
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw Failure(description: "cannot open: \(String(cString: strerror(errno)))") }
        }
        raw = [UInt8](repeating: 0, count: 1 << 20)
        try fill()
        if raw.withUnsafeBytes({ Gzip.isCompressed(UnsafeRawBufferPointer(rebasing: $0[rawStart..<rawEnd])) }) {
            inflater = try Gzip.Inflater()
        }
    }

    deinit { if descriptor > 0 { close(descriptor) } }

    /// True when the input is gzip-compressed.
    var isCompressed: Bool { inflater != nil }

    /// Reads up to `buffer.count` bytes of content; returns 0 at the end. Throws on a read error
    /// or a corrupt or truncated gzip stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let inflater else {
            guard rawStart == rawEnd else {
                // What the gzip check read first.
                let count = min(buffer.count, rawEnd - rawStart)
                raw.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + rawStart, byteCount: count) }
                rawStart += count
                return count
            }
            // Straight into the caller's buffer: no second copy.
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            guard count >= 0 else { throw Failure(description: "read error: \(String(cString: strerror(errno)))") }
            consumed += Int64(count)
            return count
        }
        while true {
            if rawStart == rawEnd && !atEnd { try fill() }
            let (produced, used) = try raw.withUnsafeMutableBytes { input throws -> (Int, Int) in
                try inflater.inflate(UnsafeMutableRawBufferPointer(rebasing: input[rawStart..<rawEnd]), into: buffer, atEnd: atEnd)
            }
            rawStart += used
            if produced > 0 || (atEnd && rawStart == rawEnd) { return produced }
        }
    }

    private func fill() throws {
        rawStart = 0
        rawEnd = 0
        let count = raw.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw Failure(description: "read error: \(String(cString: strerror(errno)))") }
        if count == 0 { atEnd = true }
        rawEnd = count
        consumed += Int64(count)
    }
}
