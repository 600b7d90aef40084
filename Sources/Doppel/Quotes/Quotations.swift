/// Finds the spans of text inside quotation marks in a paragraph.
///
/// Curly (“…”), guillemet («…») and straight ("…") double quotes are recognized, and single
/// curly quotes (‘…’) as British outlets use them (a ’ closes one only at a word's end, so
/// apostrophes stay apostrophes). A double-quoted quotation left open at the end of a paragraph
/// runs to its end, as multi-paragraph quotes do in news; a paragraph that goes on with such a
/// quotation without opening it again (text whose paragraphs were split mid-quote) starts inside
/// it, up to its first closing mark.
public enum Quotations {
    /// A quoted span: the UTF-8 range of its inner text, and of the whole span with its marks.
    public struct Span: Sendable, Hashable {
        public let inner: Range<Int>
        public let outer: Range<Int>
        /// Whether the paragraph ended before a closing mark: the quotation goes on in the next.
        public var isOpenEnded = false
    }

    /// The quoted spans of a paragraph, in order. `continuing`: the paragraph before ended inside
    /// an open quotation.
    public static func spans(in paragraph: String, continuing: Bool = false) -> [Span] {
        let b = Array(paragraph.utf8)
        var spans: [Span] = []
        var open = continuing ? continuedQuotation(b) : nil
        var i = 0
        func isWordByte(_ k: Int) -> Bool {
            guard k >= 0, k < b.count else { return false }
            return Tokenizer.isASCIIAlnum(b[k]) || b[k] >= 0x80
        }
        while i < b.count {
            var width = 1
            var kind = 0  // 1 opens, 2 closes, 3 straight
            var style = Style.curly
            if b[i] == 0x22 {
                kind = 3
            } else if b[i] == 0xE2, i + 2 < b.count, b[i + 1] == 0x80 {
                width = 3
                switch b[i + 2] {
                case 0x9C, 0x9E: kind = 1
                case 0x9D: kind = 2
                case 0x98:  // ‘ opens a single-quoted quotation (British style) after a space or start
                    if open == nil, i == 0 || !isWordByte(i - 1), isWordByte(i + 3) { kind = 1; style = .single }
                case 0x99:  // ’ closes it only at a word's end: elsewhere it is an apostrophe
                    if open?.style == .single, !isWordByte(i + 3), i > 0, b[i - 1] != 0x20 { kind = 2; style = .single }
                default: break
                }
            } else if b[i] == 0xC2, i + 1 < b.count {
                width = 2
                if b[i + 1] == 0xAB { kind = 1 } else if b[i + 1] == 0xBB { kind = 2 }
            }
            if kind == 3 {
                // A straight mark closes only a straight quotation; inside a curly one it is text.
                guard open == nil || open!.style == .straight else { i += width; continue }
                kind = open == nil ? 1 : 2
                style = .straight
            }
            if kind == 1 && open == nil {
                open = (i, i + width, style)
            } else if kind == 2, let o = open, (o.style == .single) == (style == .single) {
                if i > o.inner { spans.append(Span(inner: o.inner..<i, outer: o.mark..<(i + width))) }
                open = nil
            } else if kind == 1, let o = open, o.style == .curly {
                // A new opening mark inside an open curly quote: the earlier one was never closed.
                open = (i, i + width, .curly)
            }
            i += width
        }
        if let o = open, b.count > o.inner, o.style != .single {
            spans.append(Span(inner: o.inner..<b.count, outer: o.mark..<b.count, isOpenEnded: true))
        }
        return spans
    }

    private enum Style { case curly, straight, single }

    /// The quotation a continuing paragraph starts inside: only when its first quotation mark
    /// closes (a curly ”, or a straight one after a word and before a space or the end), since
    /// a paragraph that opens a new quotation first has left the old one.
    private static func continuedQuotation(_ b: [UInt8]) -> (mark: Int, inner: Int, style: Style)? {
        guard let first = b.indices.first(where: { b[$0] == 0x22 || isCurlyMark(b, $0) }), first > 0 else { return nil }
        if b[first] != 0x22 { return b[first + 2] == 0x9D ? (0, 0, .curly) : nil }
        let after = first + 1 < b.count ? b[first + 1] : 0x20
        let closes = b[first - 1] != 0x20 && !Tokenizer.isASCIIAlnum(after) && after < 0x80
        return closes ? (0, 0, .straight) : nil
    }

    /// Whether a curly double quotation mark (“ or ”) starts at `i`.
    private static func isCurlyMark(_ b: [UInt8], _ i: Int) -> Bool {
        b[i] == 0xE2 && i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0x9C || b[i + 2] == 0x9D)
    }

    /// The paragraph with every quoted span replaced by a space.
    public static func textOutsideQuotes(_ paragraph: String) -> String {
        let b = Array(paragraph.utf8)
        var out: [UInt8] = []
        var cursor = 0
        for span in spans(in: paragraph) {
            out.append(contentsOf: b[cursor..<span.outer.lowerBound])
            out.append(0x20)
            cursor = span.outer.upperBound
        }
        out.append(contentsOf: b[cursor...])
        return String(decoding: out, as: UTF8.self)
    }
}
