/// A word of a text: its place in the UTF-8 bytes and its comparison form.
public struct Token: Sendable, Hashable {
    /// Byte offsets of the word in the UTF-8 of the text it came from.
    public let range: Range<Int>
    /// The word in comparison form: lowercase, apostrophes folded to ASCII.
    public let word: String
    /// A stable 64-bit hash of `word` (FNV-1a), the same in every process.
    public let hash: UInt64
    /// Whether the word starts with an uppercase letter in the original text.
    public let isCapitalized: Bool
    /// Whether the word starts with a digit.
    public let isNumber: Bool
}

/// Splits text into words on UTF-8 bytes: runs of letters and digits, with inner apostrophes
/// ("Russia's", "don’t") kept inside the word. ASCII takes a fast path; other scalars are decoded
/// and classified by their Unicode properties.
public enum Tokenizer {
    /// The words of `text`, in order.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token]? = []
        scan(text, collecting: &tokens)
        return tokens!
    }

    /// The number of words in `text` (as `tokens(text).count`, without building them).
    public static func wordCount(_ text: String) -> Int {
        var none: [Token]?
        return scan(text, collecting: &none)
    }

    /// Finds the words of `text`, appending them to `tokens` unless it is nil; returns their number.
    @discardableResult
    private static func scan(_ text: String, collecting tokens: inout [Token]?) -> Int {
        var count = 0
        var text = text
        text.withUTF8 { bytes in
            tokens?.reserveCapacity(bytes.count / 6)
            var i = 0
            let n = bytes.count
            var word: [UInt8] = []
            var start = -1
            var capitalized = false
            func flush(_ end: Int) {
                guard start >= 0 else { return }
                // An apostrophe can only join letters: drop one left dangling at the end.
                while word.last == 0x27 { word.removeLast() }
                if !word.isEmpty {
                    count += 1
                    let first = word[0]
                    tokens?.append(Token(range: start..<end,
                                        word: String(decoding: word, as: UTF8.self),
                                        hash: fnv1a(word),
                                        isCapitalized: capitalized,
                                        isNumber: first >= 0x30 && first <= 0x39))
                }
                word.removeAll(keepingCapacity: true)
                start = -1
            }
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    if isASCIIAlnum(b) {
                        if start < 0 { start = i; capitalized = b >= 0x41 && b <= 0x5A }
                        word.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
                    } else if b == 0x27 && start >= 0 && i + 1 < n && isWordStart(bytes, i + 1) {
                        word.append(0x27)
                    } else {
                        flush(i)
                    }
                    i += 1
                    continue
                }
                let (scalar, length) = decode(bytes, at: i)
                if scalar.value == 0x2019 || scalar.value == 0x02BC {
                    if start >= 0 && i + length < n && isWordStart(bytes, i + length) {
                        word.append(0x27)
                    } else {
                        flush(i)
                    }
                } else if isIdeographic(scalar.value) {
                    // Chinese, Japanese and Korean write words without spaces: each character
                    // is a token of its own.
                    flush(i)
                    start = i
                    capitalized = false
                    word.append(contentsOf: bytes[i..<(i + length)])
                    flush(i + length)
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    if start < 0 { start = i; capitalized = scalar.properties.isUppercase }
                    // Counting only needs to know the word is not empty (a lowercase is never empty).
                    if tokens != nil || word.isEmpty { word.append(contentsOf: scalar.properties.lowercaseMapping.utf8) }
                } else {
                    flush(i)
                }
                i += length
            }
            flush(n)
        }
        return count
    }

    /// Han, kana and Hangul syllables.
    @inline(__always)
    static func isIdeographic(_ v: UInt32) -> Bool {
        (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v)
    }

    @inline(__always)
    static func isASCIIAlnum(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    static func isWordStart(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return isASCIIAlnum(b) }
        return decode(bytes, at: i).0.properties.isAlphabetic
    }

    /// Decodes one scalar at `i`; an invalid sequence yields U+FFFD of length 1.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b = bytes[i]
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(c & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

/// FNV-1a over bytes: a small, stable hash for words and shingles.
@inline(__always)
public func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h
}

/// Mixes two hashes into one (for shingles of several words).
@inline(__always)
public func mixHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var x = a ^ (b &+ 0x9e3779b97f4a7c15 &+ (a << 6) &+ (a >> 2))
    x = (x ^ (x >> 30)) &* 0xbf58476d1ce4e5b9
    x = (x ^ (x >> 27)) &* 0x94d049bb133111eb
    return x ^ (x >> 31)
}
