#if canImport(Glibc)
import Glibc
#endif

/// Reads records again from plain input files, by location, for checks that need their text.
struct RecordStore: Sendable {
    /// Input paths by source index (as the reader numbered them).
    let paths: [RawPath]
    let names: [String]
    /// The largest document file accepted, in bytes.
    let maxBytes: Int

    /// A block holding only the record at `location`, or nil when it cannot be read.
    func block(at location: RecordLocation) -> RecordBlock? {
        let path = paths[Int(location.source)]
        switch location.kind {
        case .file:
            return .files([DocumentFile(source: location.source, path: path, id: names[Int(location.source)], maxBytes: maxBytes)])
        case .line, .warcPayload:
            let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes = [UInt8](repeating: 0, count: Int(location.length))
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(location.offset)) }
            guard count == bytes.count else { return nil }
            let source = BlockSource(index: location.source, name: path.description, rereadable: true)
            if location.kind == .line {
                return .lines(LineBlock(source: source, firstLine: 0, offset: location.offset, bytes: BlockBytes(bytes)))
            }
            return .warc(WARCBlock(source: source,
                                   records: [WARCRecord(id: "", captureDate: nil, offset: location.offset, html: bytes, isRaw: true)]))
        }
    }
}
