/// Folds typographic variants so that two renderings of the same text compare equal.
///
/// Curly and straight quotes and apostrophes, the ellipsis character and three dots, the dash
/// family, non-breaking and other exotic spaces all map to one ASCII form; letters are lowercased.
/// The original text is never changed: this is only used to build comparison keys.
public enum Normalizer {
    /// Returns the comparison form of `text`: typography folded, lowercased, whitespace collapsed.
    public static func comparisonForm(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var lastWasSpace = true
            func emit(_ b: UInt8) {
                if b == 0x20 {
                    if lastWasSpace { return }
                    lastWasSpace = true
                } else {
                    lastWasSpace = false
                }
                out.append(b)
            }
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {  // ASCII fast path
                    emit(b >= 0x41 && b <= 0x5A ? b + 32 : (b == 0x09 || b == 0x0A || b == 0x0D) ? 0x20 : b)
                    i += 1
                    continue
                }
                let (scalar, length) = Tokenizer.decode(bytes, at: i)
                for unit in fold(scalar).utf8 { emit(unit) }
                i += length
            }
            while out.last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The folded, lowercased form of one non-ASCII scalar, as a string (usually one character).
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        switch v {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x00B4: return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: return "\""
        case 0x2026: return "..."
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: return "-"
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x00AD: return ""
        default: return scalar.properties.lowercaseMapping
        }
    }
}
