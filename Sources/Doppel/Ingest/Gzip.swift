import CZlib

/// Gzip decompression through zlib.
public enum Gzip {
    /// Whether bytes start with the gzip magic number.
    static func isCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Whether the 10 bytes at `at` can start a gzip member: magic, deflate, no reserved flag,
    /// a known extra-flags value and operating system. Used to find the next member after
    /// damage without taking random compressed bytes for one.
    static func isMemberHeader(_ bytes: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard at + 10 <= bytes.count, bytes[at] == 0x1F, bytes[at + 1] == 0x8B, bytes[at + 2] == 0x08 else { return false }
        let flags = bytes[at + 3], extra = bytes[at + 8], system = bytes[at + 9]
        return flags & 0xE0 == 0 && (extra == 0 || extra == 2 || extra == 4) && (system <= 13 || system == 255)
    }

    /// Inflates a whole gzip stream (all its members); throws the first damage, or when the
    /// output would exceed `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws(SkipReason) -> [UInt8] {
        let stream = ByteStream(bytes: input, compressed: true)
        let output: [UInt8]
        do { output = try stream.readAll(limit: limit) } catch { throw .gzipTooLarge(limit: limit) }  // memory cannot fail to read
        if let damage = stream.takeDamage().first { throw damage.cause }
        return output
    }

    /// What one call of ``Inflater/inflate(_:into:)`` did.
    struct Step {
        var produced: Int
        var used: Int
        /// The member ended (the inflater is ready for the next one).
        var memberEnded: Bool
        /// The data is corrupt at the input position reached (`used`).
        var failed: Bool
    }

    /// A zlib gzip inflater for one member at a time.
    final class Inflater {
        private var stream = z_stream()
        /// A member has been started and has not ended.
        private(set) var inMember = false

        init() {
            // Fails only without memory, which Swift treats as fatal anyway.
            precondition(inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        }

        deinit { inflateEnd(&stream) }

        /// Forgets the member being read, to start again at the next one.
        func reset() {
            inflateReset(&stream)
            inMember = false
        }

        /// Inflates from `input` into `output` (both non-empty).
        func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Step {
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            inMember = true
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            var step = Step(produced: output.count - Int(stream.avail_out), used: input.count - Int(stream.avail_in),
                            memberEnded: false, failed: false)
            switch status {
            case Z_STREAM_END:
                reset()
                step.memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                step.failed = step.produced == 0 && step.used == 0  // no progress is possible
            default:
                step.failed = true
            }
            return step
        }
    }
}
