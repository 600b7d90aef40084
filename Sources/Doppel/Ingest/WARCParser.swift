import Foundation

/// Reads WARC records (ISO 28500) from a stream and keeps the HTML responses.
///
/// A record is a `WARC/1.x` header block, `Content-Length` bytes of content and a blank line.
/// A record that cannot be trusted (a damaged header, a missing, oversized or wrong
/// `Content-Length`, a truncated end) is reported and the parser resumes at the next line that
/// starts with `WARC/1.`, so one bad record never takes the later ones with it.
enum WARCParser {
    private static let headerLimit = 64 << 10
    private static let marker = Array("WARC/".utf8)
    private static let resyncMarker = Array("\nWARC/1.".utf8)
    private static let blankLine = Array("\r\n\r\n".utf8)

    /// The next HTML response record, or nil at the end of the stream.
    static func next(from buffer: StreamBuffer, maxRecordBytes: Int,
                     problem: (Int64, SkipReason) -> Void) throws(SkipReason) -> WARCRecord? {
        while true {
            try buffer.fill(minimum: headerLimit)
            var leading = 0
            while leading < buffer.available && (buffer[leading] == 0x0D || buffer[leading] == 0x0A) { leading += 1 }
            buffer.drop(leading)
            if buffer.available == 0 { return nil }
            let recordOffset = buffer.offset
            // A record that compressed damage cut short is part of that damage, reported with it.
            let cutByDamage = buffer.atEnd && buffer.stream.endsInDamage
            guard buffer.firstIndex(of: marker, within: marker.count) == 0,
                  let headerEnd = buffer.firstIndex(of: blankLine, within: headerLimit) else {
                if cutByDamage { buffer.drop(buffer.available); return nil }
                problem(recordOffset, .notWARCHeader)
                try resynchronize(buffer)
                continue
            }
            let header = parseHeader(buffer.copy(0..<headerEnd))
            let contentStart = headerEnd + blankLine.count
            guard let lengthText = header["content-length"], let length = Int(lengthText), length >= 0 else {
                try skipRecord(buffer, at: recordOffset, headerEnd, .badContentLength, problem)
                continue
            }
            if length > maxRecordBytes {
                // Not read, so not checked: the next WARC/1. line is the next record.
                try skipRecord(buffer, at: recordOffset, headerEnd, .warcTooLarge(length: length, limit: maxRecordBytes), problem)
                continue
            }
            try buffer.fill(minimum: contentStart + length + 64)
            guard buffer.available >= contentStart + length else {
                if buffer.atEnd && buffer.stream.endsInDamage { buffer.drop(buffer.available); return nil }
                try skipRecord(buffer, at: recordOffset, headerEnd, .truncatedWARC, problem)
                continue
            }
            guard endsRecord(buffer, at: contentStart + length) else {
                try skipRecord(buffer, at: recordOffset, headerEnd, .contentLengthMismatch, problem)
                continue
            }
            let record = response(in: buffer, header: header, content: contentStart..<(contentStart + length),
                                  maxRecordBytes: maxRecordBytes) { problem(recordOffset, $0) }
            buffer.drop(contentStart + length)
            if let record { return record }
        }
    }

    /// Reports a record that cannot be trusted and resumes at the next `WARC/1.` line after its
    /// header.
    private static func skipRecord(_ buffer: StreamBuffer, at offset: Int64, _ headerEnd: Int, _ cause: SkipReason,
                                   _ problem: (Int64, SkipReason) -> Void) throws(SkipReason) {
        problem(offset, cause)
        buffer.drop(headerEnd)
        try resynchronize(buffer)
    }

    /// Whether the record's content ends at `end`: the blank line that ends a record, or other
    /// line ends and then the input's end or the next record.
    private static func endsRecord(_ buffer: StreamBuffer, at end: Int) -> Bool {
        if buffer.firstIndex(of: blankLine, within: end + blankLine.count, from: end) == end { return true }
        var i = end
        while i < buffer.available && (buffer[i] == 0x0D || buffer[i] == 0x0A) { i += 1 }
        if i == buffer.available { return true }  // the end, or a long run of line ends
        return buffer.firstIndex(of: marker, within: i + marker.count, from: i) == i
    }

    /// The HTML response in a record's content, or nil (reported when it is damaged).
    private static func response(in buffer: StreamBuffer, header: [String: String], content: Range<Int>,
                                 maxRecordBytes: Int, problem: (SkipReason) -> Void) -> WARCRecord? {
        guard header["warc-type"] == "response", let body = httpBody(in: buffer, content: content, warcType: header["content-type"]) else {
            return nil
        }
        var html = buffer.copy(body.range)
        if body.chunked {
            guard let joined = dechunked(html, limit: maxRecordBytes) else { problem(.corruptBody("bad chunked transfer encoding")); return nil }
            html = joined
        }
        switch body.encoding {
        case nil, "identity":
            break
        case "gzip", "x-gzip":
            do { html = try Gzip.decompress(html, limit: maxRecordBytes) } catch { problem(.corruptBody("\(error)")); return nil }
        case let other?:
            problem(.unsupportedEncoding(other))
            return nil
        }
        let id = header["warc-target-uri"] ?? header["warc-record-id"] ?? "record@\(buffer.offset)"
        let date = header["warc-date"].flatMap { Day(isoPrefix: $0.utf8)?.number }
        return WARCRecord(id: id, captureDate: date, offset: buffer.offset + Int64(body.range.lowerBound), html: html,
                          isRaw: !body.chunked && (body.encoding == nil || body.encoding == "identity"))
    }

    /// The data of a body sent with `Transfer-Encoding: chunked` (hex sizes, chunk extensions
    /// and trailers ignored), or nil when it is malformed or holds more than `limit` bytes. A
    /// body cut before its last chunk keeps what it holds.
    static func dechunked(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        var data: [UInt8] = []
        var i = 0
        while i < bytes.count {
            var size = 0, digits = 0
            while i < bytes.count, let digit = hexValue(bytes[i]) {
                guard size <= (limit - digit) / 16 else { return nil }
                size = size * 16 + digit
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }  // extensions, CR
            i += 1
            if size == 0 { return data }
            guard data.count + size <= limit else { return nil }
            data.append(contentsOf: bytes[min(i, bytes.count)..<min(i + size, bytes.count)])
            i += size
            if i < bytes.count && bytes[i] == 0x0D { i += 1 }
            if i < bytes.count && bytes[i] == 0x0A { i += 1 }
        }
        return data
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
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

    /// The range of a response's body, its `Content-Encoding` and whether it is sent chunked, when the response is a
    /// success with HTML (or unstated) content. A response without HTTP headers is its own body.
    static func httpBody(in buffer: StreamBuffer, content: Range<Int>, warcType: String?) -> (range: Range<Int>, encoding: String?, chunked: Bool)? {
        let http = Array("HTTP/".utf8)
        guard content.count >= http.count, buffer.firstIndex(of: http, within: content.lowerBound + http.count, from: content.lowerBound) != nil else {
            if let type = warcType?.lowercased(), !type.contains("html"), !type.hasPrefix("application/http") { return nil }
            return (content, nil, false)
        }
        guard let end = buffer.firstIndex(of: blankLine, within: min(content.upperBound, content.lowerBound + headerLimit),
                                          from: content.lowerBound) else { return nil }
        let header = buffer.copy(content.lowerBound..<end)
        let statusLine = header.prefix { $0 != 0x0D && $0 != 0x0A }
        let status = statusLine.split(separator: 0x20).dropFirst().first.map { String(decoding: $0, as: UTF8.self) }
        guard let status, status.hasPrefix("2") else { return nil }
        let fields = parseHeader(header)
        if let type = fields["content-type"]?.lowercased(), !type.contains("html") { return nil }
        return ((end + blankLine.count)..<content.upperBound, fields["content-encoding"]?.lowercased(),
                fields["transfer-encoding"]?.lowercased().contains("chunked") == true)
    }

    /// Drops bytes up to the next line that starts with `WARC/1.`.
    private static func resynchronize(_ buffer: StreamBuffer) throws(SkipReason) {
        let pattern = resyncMarker
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
