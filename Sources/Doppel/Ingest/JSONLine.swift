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

        /// Values nested deeper than this are refused (RFC 8259 lets a parser limit depth);
        /// no news record comes close, and recursion stays shallow on hostile input.
        static let maxDepth = 256

        /// A string starting at its opening quote, checked as RFC 8259 defines it: no raw
        /// control character, and only the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`.
        mutating func string() throws(Malformed) -> Value {
            let start = index + 1
            var i = start
            while true {
                i = nextSpecial(from: i)
                guard i < bytes.count else { throw failure("unterminated string", at: start - 1) }
                switch bytes[i] {
                case 0x22:
                    index = i + 1
                    return Value(range: start..<i, isString: true)
                case 0x5C:
                    i = try escape(at: i)
                default:
                    throw failure("control character 0x\(String(bytes[i], radix: 16)) not escaped in a string", at: i)
                }
            }
        }

        /// The index of the first quote, backslash or control byte at or after `from`, or the
        /// end: 32, then 8 bytes at a time.
        @inline(__always)
        func nextSpecial(from: Int) -> Int {
            let count = bytes.count, base = UnsafeRawPointer(bytes.baseAddress!)
            func word(_ at: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            var i = from
            while i + 32 <= count, Self.special(word(i)) | Self.special(word(i + 8)) | Self.special(word(i + 16)) | Self.special(word(i + 24)) == 0 {
                i += 32
            }
            while i + 8 <= count {
                let found = Self.special(word(i))
                if found != 0 { return i + found.trailingZeroBitCount >> 3 }  // the lowest flag is exact
                i += 8
            }
            while i < count && bytes[i] >= 0x20 && bytes[i] != 0x22 && bytes[i] != 0x5C { i += 1 }
            return i
        }

        /// Nonzero when 8 bytes may hold a quote, a backslash or a byte below 0x20 (zero exactly
        /// when they hold none; the bytes are then looked at one by one).
        @inline(__always)
        static func special(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            // XOR 0x02 maps the quote (0x22) to 0x20 and control bytes among themselves: one
            // "byte below 0x21" test finds both; a second test finds the backslash.
            let shifted = word ^ (ones &* 0x02), backslash = word ^ (ones &* 0x5C)
            let found = ((shifted &- ones &* 0x21) & ~shifted) | ((backslash &- ones) & ~backslash)
            return found & (ones &* 0x80)
        }

        /// Checks the escape at `at` (its backslash); returns the index after it.
        func escape(at: Int) throws(Malformed) -> Int {
            guard at + 1 < bytes.count else { throw failure("unterminated string", at: at) }
            switch bytes[at + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return at + 2
            case UInt8(ascii: "u"):
                guard at + 6 <= bytes.count, bytes[(at + 2)..<(at + 6)].allSatisfy(Self.isHexDigit) else {
                    throw failure("\\u not followed by four hexadecimal digits", at: at)
                }
                return at + 6
            default:
                throw failure("invalid escape \\\(String(decoding: [bytes[at + 1]], as: UTF8.self))", at: at)
            }
        }

        static func isHexDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        mutating func value(depth: Int = 0) throws(Malformed) -> Value {
            let start = index
            switch peek() {
            case UInt8(ascii: "\""):
                return try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < Self.maxDepth else { throw failure("values nested deeper than \(Self.maxDepth)") }
                if peek() == UInt8(ascii: "{") { try object(depth: depth) } else { try array(depth: depth) }
                return Value(range: start..<index, isString: false)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
                return Value(range: start..<index, isString: false)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try literal()
                return Value(range: start..<index, isString: false)
            default:
                throw failure("expected a value")
            }
        }

        /// A nested object, from its `{`.
        mutating func object(depth: Int) throws(Malformed) {
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name") }
                _ = try string()
                try expect(UInt8(ascii: ":"), "expected ':' after a field name")
                skipSpace()
                _ = try value(depth: depth + 1)
                skipSpace()
                let byte = peek()
                index += 1
                if byte == UInt8(ascii: "}") { return }
                guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '}'", at: index - 1) }
            }
        }

        /// An array, from its `[`.
        mutating func array(depth: Int) throws(Malformed) {
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipSpace()
                _ = try value(depth: depth + 1)
                skipSpace()
                let byte = peek()
                index += 1
                if byte == UInt8(ascii: "]") { return }
                guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or ']'", at: index - 1) }
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws(Malformed) {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if peek() == UInt8(ascii: "-") { index += 1 }
            if peek() == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { throw failure("invalid number", at: start) }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw failure("invalid number", at: start) }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("invalid number", at: start) }
            }
        }

        /// `true`, `false` or `null`.
        mutating func literal() throws(Malformed) {
            for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return
            }
            throw failure("expected a value")
        }
    }
}
