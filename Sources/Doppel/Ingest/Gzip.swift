import CZlib

/// Gzip decompression through zlib.
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Whether bytes start with the gzip magic number.
    static func isCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates a whole gzip stream (all its members); throws on a corrupt or truncated stream,
    /// or when the output would exceed `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        var offset = 0
        try input.withUnsafeMutableBytes { input in
            while true {
                let (produced, used) = try chunk.withUnsafeMutableBytes { chunk in
                    try inflater.inflate(UnsafeMutableRawBufferPointer(rebasing: input[offset...]), into: chunk, atEnd: true)
                }
                offset += used
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { throw Failure(reason: "decompresses to more than \(limit) bytes") }
                if produced == 0 && used == 0 { return }
            }
        }
        return output
    }

    /// A zlib gzip inflater that restarts after each member, as WARC.gz files need.
    final class Inflater {
        private var stream = z_stream()
        private var inMember = false

        init() throws {
            guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Failure(reason: "zlib could not start")
            }
        }

        deinit { inflateEnd(&stream) }

        /// Inflates from `input` into `output`; returns bytes produced and input bytes used.
        /// `atEnd` says no input follows: a member still open then is a truncated stream.
        func inflate(_ input: UnsafeMutableRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                     atEnd: Bool) throws -> (Int, Int) {
            if input.isEmpty {
                if atEnd && inMember { throw Failure(reason: "truncated gzip stream") }
                return (0, 0)
            }
            stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(input.count)
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            inMember = true
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.avail_out)
            let used = input.count - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                inMember = false
                inflateReset(&stream)
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                throw Failure(reason: "corrupt gzip stream")
            }
            return (produced, used)
        }
    }
}
