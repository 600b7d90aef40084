#if canImport(Glibc)
import Glibc
#endif

/// The fields Doppel reads from one JSON Lines record, located in the line's bytes without
/// building the whole object; other fields are checked for well-formedness and skipped.
struct JSONLine {
    /// A value's bytes in the line: a string's contents without quotes (escapes undecoded), or a
    /// literal.
    struct Value {
        var range: Range<Int>
        var isString: Bool
    }

    var id: Value?, url: Value?, title: Value?, date: Value?, text: Value?, html: Value?

    /// Why a line is not a JSON object, and where.
    struct Malformed: Error {
        let offset: Int
        let reason: String
    }

    /// Parses one line (without its newline).
    init(_ line: UnsafeRawBufferPointer) throws(Malformed) {
        var parser = Parser(bytes: line.bindMemory(to: UInt8.self))
        try parser.expect(UInt8(ascii: "{"), "a record must be a JSON object")
        parser.skipSpace()
        if parser.peek() == UInt8(ascii: "}") {
            parser.index += 1
        } else {
            while true {
                parser.skipSpace()
                guard parser.peek() == UInt8(ascii: "\"") else { throw parser.failure("expected a field name") }
                let key = try parser.string()
                try parser.expect(UInt8(ascii: ":"), "expected ':' after a field name")
                parser.skipSpace()
                let value = try parser.value()
                // Matched as written: a name spelled with escapes is not one of these.
                switch parser.word(key.range) {
                case "id": id = value
                case "url": url = value
                case "title": title = value
                case "date": date = value
                case "text": text = value
                case "html": html = value
                default: break
                }
                parser.skipSpace()
                let byte = parser.peek()
                parser.index += 1
                if byte == UInt8(ascii: "}") { break }
                guard byte == UInt8(ascii: ",") else { throw parser.failure("expected ',' or '}'", at: parser.index - 1) }
            }
        }
        parser.skipSpace()
        guard parser.index >= parser.bytes.count else { throw parser.failure("text after the record's closing brace") }
    }

    /// A value's bytes, with a string's escapes decoded (into `scratch` when there are any).
    static func withBytes<R>(of value: Value, in line: UnsafeRawBufferPointer, scratch: inout [UInt8],
                             _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let slice = UnsafeRawBufferPointer(rebasing: line[value.range])
        guard value.isString, let base = slice.baseAddress, let escape = memchr(base, 0x5C, slice.count) else {
            return body(slice)
        }
        let count = unescape(slice, firstEscape: UnsafeRawPointer(escape) - base, into: &scratch)
        return scratch.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// A value as a string (a literal such as a numeric id as written).
    static func string(_ value: Value, in line: UnsafeRawBufferPointer) -> String {
        var scratch: [UInt8] = []
        return withBytes(of: value, in: line, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
    }

    /// Decodes JSON string escapes, the first at `firstEscape`, into the start of `output`
    /// (grown as needed, never shrunk); returns the decoded length. Invalid escapes become U+FFFD.
    static func unescape(_ source: UnsafeRawBufferPointer, firstEscape: Int, into output: inout [UInt8]) -> Int {
        // Escapes shrink, except an invalid `\u`: two bytes that become three.
        let most = source.count + source.count / 2 + 4
        if output.count < most { output = [UInt8](repeating: 0, count: most) }
        return output.withUnsafeMutableBytes { output in
            let from = source.baseAddress!, to = output.baseAddress!
            let count = source.count
            var i = 0, written = 0
            func copy(upTo end: Int) {
                (to + written).copyMemory(from: from + i, byteCount: end - i)
                written += end - i
                i = end
            }
            func append(_ byte: UInt8) {
                to.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
                written += 1
            }
            func appendScalar(_ value: UInt32) {
                for byte in UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}")! { append(byte) }
            }
            func hex(_ at: Int) -> UInt32? {
                guard at + 4 <= count else { return nil }
                var value: UInt32 = 0
                for k in at..<(at + 4) {
                    let byte = source[k]
                    let digit: UInt8
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                    default: return nil
                    }
                    value = value << 4 | UInt32(digit)
                }
                return value
            }
            var escape = firstEscape
            while true {
                copy(upTo: escape)
                guard i + 1 < count else { i = count; break }  // a lone backslash at the end is dropped
                let kind = source[i + 1]
                i += 2
                switch kind {
                case UInt8(ascii: "n"): append(0x0A)
                case UInt8(ascii: "t"): append(0x09)
                case UInt8(ascii: "r"): append(0x0D)
                case UInt8(ascii: "b"): append(0x08)
                case UInt8(ascii: "f"): append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex(i) else { appendScalar(0xFFFD); break }
                    i += 4
                    if (0xD800..<0xDC00).contains(scalar), i + 6 <= count, source[i] == UInt8(ascii: "\\"),
                       source[i + 1] == UInt8(ascii: "u"), let low = hex(i + 2), (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                        i += 6
                    }
                    appendScalar(scalar)
                default: append(kind)  // \" \\ \/ and anything else taken literally
                }
                guard i < count else { break }
                escape = memchr(from + i, 0x5C, count - i).map { UnsafeRawPointer($0) - from } ?? count
            }
            return written
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        func peek() -> UInt8 { index < bytes.count ? bytes[index] : 0 }

        func failure(_ reason: String, at offset: Int? = nil) -> Malformed {
            Malformed(offset: offset ?? index, reason: reason)
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ reason: String) throws(Malformed) {
            skipSpace()
            guard peek() == byte else { throw failure(reason) }
            index += 1
        }

        func word(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// A string starting at its opening quote.
        mutating func string() throws(Malformed) -> Value {
            let start = index + 1
            var i = start
            let count = bytes.count
            let base = bytes.baseAddress!
            // The closing quote is the first one not preceded by an odd run of backslashes.
            while i < count, let quote = memchr(base + i, 0x22, count - i) {
                let end = UnsafePointer<UInt8>(quote.assumingMemoryBound(to: UInt8.self)) - base
                var backslashes = 0
                while end - backslashes - 1 >= start && base[end - backslashes - 1] == 0x5C { backslashes += 1 }
                if backslashes % 2 == 0 {
                    index = end + 1
                    return Value(range: start..<end, isString: true)
                }
                i = end + 1
            }
            throw failure("unterminated string", at: start - 1)
        }

        mutating func value() throws(Malformed) -> Value {
            switch peek() {
            case UInt8(ascii: "\""):
                return try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let start = index
                var depth = 0
                repeat {
                    switch peek() {
                    case UInt8(ascii: "\""): _ = try string(); continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    case 0 where index >= bytes.count: throw failure("unterminated object or array", at: start)
                    default: break
                    }
                    index += 1
                } while depth > 0
                return Value(range: start..<index, isString: false)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte <= 0x20 { break }
                    index += 1
                }
                return Value(range: start..<index, isString: false)
            default:
                throw failure("expected a value")
            }
        }
    }
}
