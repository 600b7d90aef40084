import Foundation

/// Reads WARC records (ISO 28500) from a stream and keeps the HTML responses.
///
/// A record is a `WARC/1.x` header block, `Content-Length` bytes of content and a blank line.
/// A damaged header is reported and the parser moves on to the next `WARC/` line; a record
/// that the stream ends inside is reported as truncated.
enum WARCParser {
    private static let headerLimit = 64 << 10
    private static let marker = Array("WARC/".utf8)
    private static let blankLine = Array("\r\n\r\n".utf8)

    /// The next HTML response record, or nil at the end of the stream.
    static func next(from buffer: StreamBuffer, maxRecordBytes: Int,
                     problem: (Int64, String) -> Void) throws -> WARCRecord? {
        while true {
            try buffer.fill(minimum: headerLimit)
            var leading = 0
            while leading < buffer.available && (buffer[leading] == 0x0D || buffer[leading] == 0x0A) { leading += 1 }
            buffer.drop(leading)
            if buffer.available == 0 { return nil }
            let recordOffset = buffer.offset
            guard buffer.firstIndex(of: marker, within: marker.count) == 0,
                  let headerEnd = buffer.firstIndex(of: blankLine, within: headerLimit) else {
                problem(recordOffset, "not a WARC record header")
                try resynchronize(buffer)
                continue
            }
            let header = parseHeader(buffer.copy(0..<headerEnd))
            guard let lengthText = header["content-length"], let length = Int(lengthText), length >= 0 else {
                problem(recordOffset, "WARC record without a valid Content-Length")
                buffer.drop(headerEnd)
                try resynchronize(buffer)
                continue
            }
            buffer.drop(headerEnd + blankLine.count)
            let contentOffset = buffer.offset
            if length > maxRecordBytes {
                problem(recordOffset, "WARC record of \(length >> 20) MiB is larger than \(maxRecordBytes >> 20) MiB")
                guard try buffer.skip(length) else { return nil }
                continue
            }
            try buffer.fill(minimum: length)
            guard buffer.available >= length else {
                problem(recordOffset, "truncated WARC record")
                buffer.drop(buffer.available)
                return nil
            }
            guard header["warc-type"] == "response",
                  let body = httpBody(in: buffer, length: length) else {
                buffer.drop(length)
                continue
            }
            let html = buffer.copy(body)
            buffer.drop(length)
            let id = header["warc-target-uri"] ?? header["warc-record-id"] ?? "record@\(recordOffset)"
            let date = header["warc-date"].flatMap { dayNumber(isoDate: Array($0.utf8)) }
            return WARCRecord(id: id, captureDate: date, offset: contentOffset + Int64(body.lowerBound), html: html)
        }
    }

    /// Header fields by lowercased name.
    static func parseHeader(_ bytes: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for line in bytes.split(separator: 0x0A).dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            fields[name] = value.trimmingCharacters(in: [" ", "\t", "\r", "<", ">"])
        }
        return fields
    }

    /// The range of an HTTP response's body when the response is a success with HTML (or
    /// unstated) content.
    static func httpBody(in buffer: StreamBuffer, length: Int) -> Range<Int>? {
        guard let end = buffer.firstIndex(of: blankLine, within: min(length, headerLimit)) else { return nil }
        let header = buffer.copy(0..<end)
        guard header.starts(with: Array("HTTP/".utf8)) else { return nil }
        let statusLine = header.prefix { $0 != 0x0D && $0 != 0x0A }
        let status = statusLine.split(separator: 0x20).dropFirst().first.map { String(decoding: $0, as: UTF8.self) }
        guard let status, status.hasPrefix("2") else { return nil }
        let fields = parseHeader(header)
        if let type = fields["content-type"]?.lowercased(), !type.contains("html") { return nil }
        return (end + blankLine.count)..<length
    }

    /// Drops bytes up to the next line that starts with `WARC/`.
    private static func resynchronize(_ buffer: StreamBuffer) throws {
        let pattern = [UInt8(0x0A)] + marker
        while true {
            if let found = buffer.firstIndex(of: pattern, within: buffer.available) {
                buffer.drop(found + 1)
                return
            }
            let keep = pattern.count - 1
            buffer.drop(max(0, buffer.available - keep))
            if buffer.atEnd { buffer.drop(buffer.available); return }
            try buffer.fill(minimum: headerLimit)
            if buffer.available <= keep && buffer.atEnd { buffer.drop(buffer.available); return }
        }
    }
}
