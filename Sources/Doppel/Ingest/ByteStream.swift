#if canImport(Glibc)
import Glibc
#endif

/// Reads a file, standard input or bytes in memory with `read(2)` in large blocks (never a
/// mapping: a file truncated while it is read ends early instead of faulting), inflating gzip
/// as it goes (recognised by its magic bytes, with concatenated members as WARC.gz files have
/// them). Each input is opened once, so a FIFO is read as the stream it is.
///
/// Damage does not end a compressed stream: after a corrupt member, reading resumes at the next
/// gzip member header. The content then has a gap: ``read(into:)`` returns 0 at it, and
/// ``resume()`` goes on past it. What was lost is kept for ``takeDamage()``.
final class ByteStream {
    /// Damage found in the input: where (a byte offset in the compressed input) and what.
    struct Damage {
        let offset: Int64
        let cause: SkipReason
    }

    private enum Source {
        case descriptor(Int32)
        case memory([UInt8])
    }

    private let source: Source
    /// A regular file, which can be read again at an offset.
    let isRegularFile: Bool
    private var inflater: Gzip.Inflater?
    private var raw: [UInt8]
    private var rawStart = 0, rawEnd = 0
    private var rawAtEnd = false
    /// Bytes read from the source so far (compressed bytes for gzip), for progress.
    private(set) var consumed: Int64 = 0
    private var damage: [Damage] = []
    /// Corruption found after the bytes last returned: handled at the next read.
    private var corruptPending = false
    /// At a gap: reads return 0 until ``resume()``.
    private var atGap = false
    /// The last read returned 0 because of damage (a gap or a truncated end), not a clean end:
    /// a record cut there is part of the damage.
    private(set) var endsInDamage = false
    /// Offset in the source where the member being inflated starts.
    private var memberStart: Int64 = 0

    /// Opens `path` (`-` is standard input); throws why it cannot be read.
    init(path: RawPath) throws(SkipReason) {
        let descriptor: Int32
        if path == .standardInput {
            descriptor = 0
        } else {
            descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
            guard descriptor >= 0 else { throw errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno))) }
        }
        var status = stat()
        if fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw .notRegular("a directory")
        }
        source = .descriptor(descriptor)
        isRegularFile = status.st_mode & S_IFMT == S_IFREG
        // A small file (an article) needs no megabyte of buffer.
        let size = isRegularFile ? Int(status.st_size) : Int.max
        raw = [UInt8](repeating: 0, count: min(1 << 20, max(4096, size &+ 1)))
        try detectCompression(nil)
    }

    /// Reads `bytes` as a file with that content; `compressed` nil recognises gzip by its magic,
    /// true always inflates.
    init(bytes: [UInt8], compressed: Bool? = nil) {
        source = .memory(bytes)
        isRegularFile = false
        raw = [UInt8](repeating: 0, count: 1 << 16)
        try? detectCompression(compressed)
    }

    deinit { if case .descriptor(let descriptor) = source, descriptor > 0 { close(descriptor) } }

    private func detectCompression(_ compressed: Bool?) throws(SkipReason) {
        while rawEnd - rawStart < 2 && !rawAtEnd { try fill() }
        let magic = raw.withUnsafeBytes { Gzip.isCompressed(UnsafeRawBufferPointer(rebasing: $0[rawStart..<rawEnd])) }
        if compressed ?? magic { inflater = Gzip.Inflater() }
    }

    /// True when the input is gzip-compressed.
    var isCompressed: Bool { inflater != nil }

    /// Returns and forgets the damage found so far.
    func takeDamage() -> [Damage] {
        defer { damage = [] }
        return damage
    }

    /// Reads up to `buffer.count` bytes of content; returns 0 at the end, or at a gap left by
    /// damage (see ``resume()``). Throws only when the input cannot be read at all.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SkipReason) -> Int {
        guard let inflater else {
            guard rawStart == rawEnd else {  // what the gzip check read first
                let count = min(buffer.count, rawEnd - rawStart)
                raw.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + rawStart, byteCount: count) }
                rawStart += count
                return count
            }
            // Straight into the caller's buffer: no second copy.
            let count = rawAtEnd ? 0 : try readSource(into: buffer)
            if count == 0 { rawAtEnd = true }
            consumed += Int64(count)
            return count
        }
        guard !atGap else { return 0 }
        while true {
            if corruptPending { return try skipDamage() }
            if rawStart == rawEnd && !rawAtEnd { try fill() }
            if rawStart == rawEnd {
                if inflater.inMember {
                    damage.append(Damage(offset: consumed, cause: .truncatedGzip))
                    inflater.reset()
                    endsInDamage = true
                }
                return 0
            }
            if !inflater.inMember { memberStart = offset(ofRaw: rawStart) }
            let step = raw.withUnsafeBytes { inflater.inflate(UnsafeRawBufferPointer(rebasing: $0[rawStart..<rawEnd]), into: buffer) }
            rawStart += step.used
            corruptPending = step.failed
            if step.produced > 0 { return step.produced }
        }
    }

    /// Goes on past a gap; false at the real end of the input.
    func resume() -> Bool {
        guard atGap else { return false }
        atGap = false
        endsInDamage = false
        return true
    }

    /// Reads everything (up to `limit` bytes; more is an error).
    func readAll(limit: Int) throws(SkipReason) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        repeat {
            while true {
                let count = try chunk.withUnsafeMutableBytes { buffer in Result { () throws(SkipReason) in try read(into: buffer) } }.get()
                if count == 0 { break }
                output.append(contentsOf: chunk[0..<count])
                if output.count > limit { throw .tooLarge(limit: limit) }
            }
        } while resume()
        return output
    }

    /// Records corruption at the current position and moves to the next plausible member
    /// header; returns 0, the gap (or the end when no member follows).
    private func skipDamage() throws(SkipReason) -> Int {
        corruptPending = false
        inflater?.reset()
        let at = offset(ofRaw: rawStart)
        let resumed = try findMember()
        damage.append(Damage(offset: at, cause: .corruptGzip(member: memberStart, resumedAt: resumed)))
        atGap = resumed != nil
        endsInDamage = true
        return 0
    }

    /// Drops raw bytes up to the next plausible gzip member header (after the current byte);
    /// returns its offset, or nil when the input ends first.
    private func findMember() throws(SkipReason) -> Int64? {
        var from = rawStart + 1
        while true {
            let found: Int? = raw.withUnsafeBytes { all in
                let window = UnsafeRawBufferPointer(rebasing: all[..<rawEnd])
                var i = from
                while i + 10 <= rawEnd, let hit = memchr(all.baseAddress! + i, 0x1F, rawEnd - i - 9) {
                    i = UnsafeRawPointer(hit) - all.baseAddress!
                    if Gzip.isMemberHeader(window, at: i) { return i }
                    i += 1
                }
                return nil
            }
            if let found {
                rawStart = found
                return offset(ofRaw: found)
            }
            // Keep the last 9 bytes: a header may start there.
            rawStart = min(max(from, rawEnd - 9), rawEnd)
            if rawAtEnd {
                rawStart = rawEnd
                return nil
            }
            try fill()
            from = rawStart
        }
    }

    /// The offset in the source of `raw[index]`.
    private func offset(ofRaw index: Int) -> Int64 { consumed - Int64(rawEnd - index) }

    /// Moves what is left of the raw buffer to its front and reads more after it.
    private func fill() throws(SkipReason) {
        if rawStart > 0 {
            let count = rawEnd - rawStart
            raw.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: $0.baseAddress! + rawStart, byteCount: count) }
            rawStart = 0
            rawEnd = count
        }
        guard rawEnd < raw.count, !rawAtEnd else { return }
        let count = try raw.withUnsafeMutableBytes { raw in
            Result { () throws(SkipReason) in try readSource(into: UnsafeMutableRawBufferPointer(rebasing: raw[rawEnd...])) }
        }.get()
        if count == 0 { rawAtEnd = true }
        rawEnd += count
        consumed += Int64(count)
    }

    /// One `read(2)` (retried when interrupted), or a copy from memory.
    private func readSource(into buffer: UnsafeMutableRawBufferPointer) throws(SkipReason) -> Int {
        switch source {
        case .descriptor(let descriptor):
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                guard errno == EINTR else { throw .unreadable(String(cString: strerror(errno))) }
            }
        case .memory(let bytes):
            let count = min(buffer.count, bytes.count - Int(consumed))
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + Int(consumed), byteCount: count) }
            return count
        }
    }
}
