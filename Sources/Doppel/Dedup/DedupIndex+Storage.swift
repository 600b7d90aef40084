#if canImport(Glibc)
import Glibc
#endif

/// The index file: a little-endian binary file that holds everything but the bands, which are
/// rebuilt from the signatures on load.
///
///     "DOPPELIX" · version UInt32 · slots UInt32 · threshold Float64 · documents UInt64 · links UInt64
///     signatures  UInt32 × slots × documents
///     dates, added, sizes, id lengths  Int32 × documents each
///     ids  UTF-8 bytes, concatenated
///     links  (UInt32 first, UInt32 second, Float32 similarity) × links
extension DedupIndex {
    public struct StorageError: Error, CustomStringConvertible {
        public let description: String
    }

    private static let magic = Array("DOPPELIX".utf8)
    private static let version: UInt32 = 2

    /// Writes the index to `path` (through a temporary file, so a failure keeps the old one).
    public func save(to path: String) throws {
        let temporary = path + ".tmp"
        guard let file = fopen(temporary, "wb") else { throw StorageError(description: "\(path): cannot write the index") }
        var ok = true
        func write<T>(_ values: [T]) {
            values.withUnsafeBytes { ok = ok && ($0.isEmpty || fwrite($0.baseAddress, 1, $0.count, file) == $0.count) }
        }
        write(Self.magic)
        write([Self.version, UInt32(Sketch.slots)])
        write([threshold])
        write([UInt64(count), UInt64(links.count)])
        write(signatures)
        write(dates)
        write(added)
        write(sizes)
        let idBytes = ids.map { Array($0.utf8) }
        write(idBytes.map { Int32($0.count) })
        write(Array(idBytes.joined()))
        write(links.flatMap { [$0.first, $0.second, Int32(bitPattern: $0.similarity.bitPattern)] })
        ok = fclose(file) == 0 && ok
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StorageError(description: "\(path): cannot write the index")
        }
    }

    /// Reads an index written by ``save(to:)``.
    public static func load(from path: String) throws -> DedupIndex {
        guard let file = fopen(path, "rb") else { throw StorageError(description: "\(path): cannot open the index") }
        defer { fclose(file) }
        func read<T>(_ count: Int, of type: T.Type) throws -> [T] where T: FixedWidthInteger {
            var values = [T](repeating: 0, count: count)
            let got = values.withUnsafeMutableBytes { $0.isEmpty ? 0 : fread($0.baseAddress, 1, $0.count, file) }
            guard got == count * MemoryLayout<T>.size else { throw StorageError(description: "\(path): truncated index file") }
            return values
        }
        guard try read(8, of: UInt8.self) == magic else { throw StorageError(description: "\(path): not a Doppel index") }
        let header = try read(2, of: UInt32.self)
        guard header == [version, UInt32(Sketch.slots)] else {
            throw StorageError(description: "\(path): index version \(header[0]) is not supported")
        }
        let threshold = Double(bitPattern: try read(1, of: UInt64.self)[0])
        let counts = try read(2, of: UInt64.self)
        // The counts are the file's word: checked against its size before anything is allocated.
        let size = UInt64(max(0, lseek(fileno(file), 0, SEEK_END)))
        guard fseek(file, 40, SEEK_SET) == 0, counts[0] <= size / UInt64(4 * Sketch.slots + 16), counts[1] <= size / 12,
              counts[0] * UInt64(4 * Sketch.slots + 16) + counts[1] * 12 <= size else {
            throw StorageError(description: "\(path): damaged index file (counts beyond its size)")
        }
        let documents = Int(counts[0]), linkCount = Int(counts[1])
        let signatures = try read(documents * Sketch.slots, of: UInt32.self)
        let dates = try read(documents, of: Int32.self)
        let added = try read(documents, of: Int32.self)
        let sizes = try read(documents, of: Int32.self)
        let lengths = try read(documents, of: Int32.self)
        let idByteCount = lengths.reduce(0) { $0 + Int($1) }
        guard lengths.allSatisfy({ $0 >= 0 }), UInt64(idByteCount) <= size else {
            throw StorageError(description: "\(path): damaged index file (id lengths beyond its size)")
        }
        let idBytes = try read(idByteCount, of: UInt8.self)
        var ids: [String] = []
        ids.reserveCapacity(documents)
        var offset = 0
        for length in lengths {
            ids.append(String(decoding: idBytes[offset..<(offset + Int(length))], as: UTF8.self))
            offset += Int(length)
        }
        let linkWords = try read(linkCount * 3, of: Int32.self)
        let links = (0..<linkCount).map { k in
            Link(first: linkWords[3 * k], second: linkWords[3 * k + 1],
                 similarity: Float(bitPattern: UInt32(bitPattern: linkWords[3 * k + 2])))
        }
        guard links.allSatisfy({ (0..<Int32(documents)).contains($0.first) && (0..<Int32(documents)).contains($0.second) }) else {
            throw StorageError(description: "\(path): damaged index file (a link to no document)")
        }
        var index = DedupIndex(threshold: threshold)
        index.restore(ids: ids, dates: dates, added: added, sizes: sizes, signatures: signatures, links: links)
        return index
    }
}
