/// Splits a paragraph into sentences on UTF-8 bytes.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it) when
/// whitespace and then an uppercase letter, digit or opening quote follow. A period after a known
/// abbreviation ("Mr.", "Gen.", "U.S.") or a single-letter initial does not end a sentence.
public enum SentenceSplitter {
    /// Abbreviations (lowercase, without their final period) that do not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
        "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "nos", "vs", "etc", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
        "u.n", "e.u", "d.c", "a.m", "p.m", "i.e", "e.g", "fig", "approx", "dept", "univ", "ave",
        "blvd", "mt", "ft", "adm", "maj", "cmdr", "hon", "rev", "pres", "gov't", "ph.d", "u.s.a",
    ]

    /// The sentences of `paragraph`, trimmed, in order.
    public static func sentences(_ paragraph: String) -> [String] {
        let utf8 = Array(paragraph.utf8)
        return ranges(paragraph).map { String(decoding: utf8[$0], as: UTF8.self) }
    }

    /// The UTF-8 byte ranges of the sentences of `paragraph`, without surrounding whitespace.
    public static func ranges(_ paragraph: String) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var text = paragraph
        text.withUTF8 { bytes in
            let n = bytes.count
            var start = 0
            var i = 0
            while i < n {
                let b = bytes[i]
                var isTerminal = b == 0x2E || b == 0x21 || b == 0x3F
                var markLength = 1
                if b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA6 {
                    isTerminal = true  // "…"
                    markLength = 3
                }
                // 。！？ end a sentence with no space after them (Chinese, Japanese).
                if (b == 0xE3 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x82)
                    || (b == 0xEF && i + 2 < n && bytes[i + 1] == 0xBC && (bytes[i + 2] == 0x81 || bytes[i + 2] == 0x9F)) {
                    let end = skipClosers(bytes, from: i + 3)
                    if end < n { appendTrimmed(bytes, start..<end, to: &result); start = end }
                    i = max(end, i + 3)
                    continue
                }
                guard isTerminal else { i += 1; continue }
                var end = i + markLength
                end = skipClosers(bytes, from: end)
                guard end < n, isSpace(bytes[end]) else {
                    i = max(end, i + 1)
                    continue
                }
                var next = end
                while next < n && isSpace(bytes[next]) { next += 1 }
                if next < n && startsSentence(bytes, at: next)
                    && !(b == 0x2E && markLength == 1 && isAbbreviation(bytes, periodAt: i)) {
                    appendTrimmed(bytes, start..<end, to: &result)
                    start = next
                }
                i = next
            }
            if start < n { appendTrimmed(bytes, start..<n, to: &result) }
        }
        return result
    }

    static func appendTrimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                              to result: inout [Range<Int>]) {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        if lower < upper { result.append(lower..<upper) }
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// Skips closing quotes, brackets and repeated terminal marks after a sentence end.
    static func skipClosers(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D || b == 0x2E || b == 0x21 || b == 0x3F {
                i += 1
            } else if b == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80
                        && (bytes[i + 2] == 0x9D || bytes[i + 2] == 0x99 || bytes[i + 2] == 0xA6) {
                i += 3  // ” ’ …
            } else if b == 0xC2 && i + 1 < n && bytes[i + 1] == 0xBB {
                i += 2  // »
            } else {
                break
            }
        }
        return i
    }

    /// Whether the character at `i` can open a sentence: uppercase, digit, quote or bracket.
    static func startsSentence(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 {
            return (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x22 || b == 0x27
                || b == 0x28 || b == 0x5B
        }
        let (scalar, _) = Tokenizer.decode(bytes, at: i)
        switch scalar.value {
        case 0x201C, 0x2018, 0x00AB: return true
        default: return scalar.properties.isUppercase
        }
    }

    /// Whether the period at `i` closes an abbreviation or an initial rather than a sentence.
    static func isAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, periodAt i: Int) -> Bool {
        var s = i
        while s > 0 {
            let c = bytes[s - 1]
            if Tokenizer.isASCIIAlnum(c) || c == 0x2E || c == 0x27 { s -= 1 } else { break }
        }
        guard s < i else { return false }
        let word = String(decoding: bytes[s..<i], as: UTF8.self).lowercased()
        if abbreviations.contains(word) { return true }
        // A single capital letter is an initial ("J. R. Smith"); a lone digit is not.
        if i - s == 1, bytes[s] >= 0x41, bytes[s] <= 0x5A { return true }
        // Dotted acronyms such as "N.A.T.O".
        return word.contains(".") && word.split(separator: ".").allSatisfy { $0.count == 1 }
    }
}
