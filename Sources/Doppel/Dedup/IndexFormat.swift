#if canImport(Glibc)
import Glibc
#endif

/// The index file, format 3: little-endian; everything but the bands, which are rebuilt from
/// the signatures on load. Each section ends with its ``Checksum`` (UInt64).
///
///     header      "DOPPELIX" · format UInt32 · slots UInt32 · threshold Float64
///                 · documents UInt64 · links UInt64 · id bytes UInt64 · checksum
///     signatures  UInt32 × slots × documents · checksum
///     documents   dates, added, sizes, id lengths: Int32 × documents each · checksum
///     ids         UTF-8 bytes, concatenated · checksum
///     links       (UInt32 first, UInt32 second, Float32 similarity) × links · checksum
///
/// A loader checks the header's counts against the file's size before it allocates anything,
/// every section against its checksum, and then every id and link against the counts.
extension DedupIndex {
    /// The format that ``save(to:)`` writes and ``load(from:)`` reads.
    public static let formatVersion: UInt32 = 3
    static let magic = Array("DOPPELIX".utf8)

    /// Writes the index to `file` in the current format.
    func encode(to file: FileOutput) throws {
        let idBytes = Array(ids.joined().utf8)
        var header = Self.magic
        header.appendBytes(of: Self.formatVersion)
        header.appendBytes(of: UInt32(Sketch.slots))
        header.appendBytes(of: threshold.bitPattern)
        for count in [count, links.count, idBytes.count] { header.appendBytes(of: UInt64(count)) }
        var section = SectionWriter(file: file)
        try section.write(header)
        try section.end()
        try section.write(signatures)
        try section.end()
        for column in [dates, added, sizes, ids.map { Int32($0.utf8.count) }] { try section.write(column) }
        try section.end()
        try section.write(idBytes)
        try section.end()
        try section.write(links.flatMap { [UInt32(bitPattern: $0.first), UInt32(bitPattern: $0.second), $0.similarity.bitPattern] })
        try section.end()
    }

    /// Reads an index in the current format from `source`; `name` names it in errors.
    static func decode<Source: IndexSource>(_ source: Source, name: String) throws -> DedupIndex {
        var reader = SectionReader(source: source, name: name)
        let header = try IndexHeader(&reader)
        let documents = Int(header.documents), linkCount = Int(header.links)
        let signatures = try reader.read(documents * Sketch.slots, of: UInt32.self)
        try reader.end("signatures")
        let dates = try reader.read(documents, of: Int32.self)
        let added = try reader.read(documents, of: Int32.self)
        let sizes = try reader.read(documents, of: Int32.self)
        let lengths = try reader.read(documents, of: Int32.self)
        try reader.end("document table")
        let idBytes = try reader.read(Int(header.idBytes), of: UInt8.self)
        try reader.end("ids")
        let linkWords = try reader.read(3 * linkCount, of: UInt32.self)
        try reader.end("links")

        func damaged(_ damage: Damage) -> StorageError { .damaged(path: name, damage) }
        if let empty = sizes.firstIndex(where: { $0 < 1 }) { throw damaged(.noShingles(document: empty)) }
        let ids = try Self.ids(idBytes, lengths: lengths, name: name)
        let links = try (0..<linkCount).map { k in
            let link = Link(first: Int32(bitPattern: linkWords[3 * k]), second: Int32(bitPattern: linkWords[3 * k + 1]),
                            similarity: Float(bitPattern: linkWords[3 * k + 2]))
            guard link.first >= 0, link.first < link.second, link.second < documents, (0...1).contains(link.similarity) else {
                throw damaged(.link(number: k))
            }
            return link
        }
        var index = DedupIndex(threshold: header.threshold)
        if let repeated = index.restore(ids: ids, dates: dates, added: added, sizes: sizes, signatures: signatures, links: links) {
            throw damaged(.repeatedID(repeated))
        }
        return index
    }

    /// The ids, cut from their concatenated UTF-8 bytes by their lengths.
    private static func ids(_ bytes: [UInt8], lengths: [Int32], name: String) throws -> [String] {
        guard lengths.allSatisfy({ $0 >= 0 }), lengths.reduce(0, { $0 + Int($1) }) == bytes.count else {
            throw StorageError.damaged(path: name, .idLengths)
        }
        var ids: [String] = []
        ids.reserveCapacity(lengths.count)
        var offset = 0
        for (document, length) in lengths.enumerated() {
            guard let id = String(validating: bytes[offset..<(offset + Int(length))], as: UTF8.self) else {
                throw StorageError.damaged(path: name, .idEncoding(document: document))
            }
            ids.append(id)
            offset += Int(length)
        }
        return ids
    }
}

/// An index file's header, checked: magic, format, checksum, slots, threshold, and counts that
/// account for the file's size exactly.
struct IndexHeader {
    static let bytes = 48
    let threshold: Double
    let documents: UInt64, links: UInt64, idBytes: UInt64

    init<Source: IndexSource>(_ reader: inout SectionReader<Source>) throws {
        let name = reader.name, size = reader.source.size
        guard size >= 12 else { throw DedupIndex.StorageError.notAnIndex(path: name) }
        let start = try reader.read(12, of: UInt8.self)
        guard Array(start[..<8]) == DedupIndex.magic else { throw DedupIndex.StorageError.notAnIndex(path: name) }
        let version: UInt32 = start.field(at: 8)
        guard version == DedupIndex.formatVersion else { throw DedupIndex.StorageError.unsupportedVersion(path: name, found: version) }
        guard size >= Self.bytes + 8 else { throw DedupIndex.StorageError.damaged(path: name, .truncated(bytes: size)) }
        let header = start + (try reader.read(Self.bytes - 12, of: UInt8.self))
        try reader.end("header", covering: header)
        let slots: UInt32 = header.field(at: 12)
        guard slots == Sketch.slots else { throw DedupIndex.StorageError.slotMismatch(path: name, found: slots) }
        threshold = Double(bitPattern: header.field(at: 16))
        guard threshold > 0 && threshold <= 1 else { throw DedupIndex.StorageError.damaged(path: name, .threshold(threshold)) }
        (documents, links, idBytes) = (header.field(at: 24), header.field(at: 32), header.field(at: 40))
        let expected = Self.fileSize(documents: documents, links: links, idBytes: idBytes)
        guard expected == UInt64(size) else {
            throw DedupIndex.StorageError.damaged(path: name, .fileSize(documents: documents, links: links, idBytes: idBytes,
                                                                        expected: expected, actual: size))
        }
    }

    /// The size of a file with these counts (nil if it overflows 64 bits).
    static func fileSize(documents: UInt64, links: UInt64, idBytes: UInt64) -> UInt64? {
        let (table, tableOverflow) = documents.multipliedReportingOverflow(by: UInt64(4 * Sketch.slots + 16))
        let (pairs, pairsOverflow) = links.multipliedReportingOverflow(by: 12)
        var total = UInt64(bytes + 5 * 8)  // the header and five checksums
        var overflow = tableOverflow || pairsOverflow
        for part in [table, pairs, idBytes] {
            let sum = total.addingReportingOverflow(part)
            (total, overflow) = (sum.partialValue, overflow || sum.overflow)
        }
        return overflow ? nil : total
    }
}

/// Where an index's bytes come from, in order: a file or memory.
protocol IndexSource {
    /// All the bytes there are.
    var size: Int { get }
    /// Fills `buffer` with the next bytes; false when the source ends first.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Bool
}

/// Bytes in memory as an index source.
struct MemorySource: IndexSource {
    let bytes: [UInt8]
    private var offset = 0
    var size: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard buffer.count <= bytes.count - offset else { return false }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + buffer.count)])) }
        offset += buffer.count
        return true
    }
}

/// An open file as an index source.
struct FileSource: IndexSource {
    let descriptor: Int32, path: String, size: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Bool {
        var done = 0
        while done < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw DedupIndex.StorageError.cannotRead(path: path, reason: DedupIndex.StorageError.reason()) }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}

/// Reads the arrays of sections, each followed by its checksum.
struct SectionReader<Source: IndexSource> {
    var source: Source
    let name: String
    private var checksum = Checksum()

    init(source: Source, name: String) {
        self.source = source
        self.name = name
    }

    /// The next `count` values (the caller has checked that the source holds them).
    mutating func read<T: FixedWidthInteger>(_ count: Int, of type: T.Type) throws -> [T] {
        let values = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let complete = try count == 0 || source.read(into: UnsafeMutableRawBufferPointer(buffer))
            guard complete else {
                throw DedupIndex.StorageError.damaged(path: name, .truncated(bytes: source.size))
            }
            initialized = count
        }
        checksum.add(values)
        return values
    }

    /// Checks the checksum that ends a section; with `covering`, of those bytes instead of the
    /// values read since the last section.
    mutating func end(_ section: String, covering bytes: [UInt8]? = nil) throws {
        if let bytes {
            checksum = Checksum()
            checksum.add(bytes)
        }
        let computed = checksum.value
        let stored = try read(1, of: UInt64.self)[0]
        checksum = Checksum()
        guard stored == computed else { throw DedupIndex.StorageError.damaged(path: name, .checksum(section: section)) }
    }
}

/// Writes the arrays of sections, each followed by its checksum.
struct SectionWriter {
    let file: FileOutput
    private var checksum = Checksum()

    init(file: FileOutput) { self.file = file }

    mutating func write<T>(_ values: [T]) throws {
        checksum.add(values)
        try file.write(values)
    }

    /// Ends a section with the checksum of what was written since the last one.
    mutating func end() throws {
        try file.write([checksum.value])
        checksum = Checksum()
    }
}

extension IndexHeader {
    /// The bytes of an index file with every checksum rewritten (only the header's when
    /// `headerOnly`), so that tests and the fuzzer can change its contents and reach the checks
    /// behind the checksums. Sections that the counts put past the end are left as they are.
    static func resealed(_ file: [UInt8], headerOnly: Bool = false) -> [UInt8] {
        var bytes = file
        var offset = 0
        func seal(_ pieces: [Int]) -> Bool {
            let total = pieces.reduce(0) { $0 &+ $1 }
            guard pieces.allSatisfy({ $0 >= 0 }), total >= 0, total <= bytes.count - offset - 8 else { return false }
            var checksum = Checksum()
            for length in pieces {
                bytes.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + length)])) }
                offset += length
            }
            withUnsafeBytes(of: checksum.value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
            offset += 8
            return true
        }
        guard seal([Self.bytes]), !headerOnly else { return bytes }
        func count(at field: Int, times size: Int) -> Int? {
            let value: UInt64 = bytes.field(at: field)
            let (product, overflow) = value.multipliedReportingOverflow(by: UInt64(size))
            return overflow || product > UInt64(Int.max) ? nil : Int(product)
        }
        guard let signatures = count(at: 24, times: 4 * Sketch.slots), let table = count(at: 24, times: 4),
              let pairs = count(at: 32, times: 12), let ids = count(at: 40, times: 1) else { return bytes }
        _ = seal([signatures]) && seal(Array(repeating: table, count: 4)) && seal([ids]) && seal([pairs])
        return bytes
    }
}

extension [UInt8] {
    /// Appends a value's little-endian bytes.
    mutating func appendBytes<T: FixedWidthInteger>(of value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// The little-endian value at a byte offset.
    func field<T: FixedWidthInteger>(at offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
