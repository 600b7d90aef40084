import Foundation

/// Turns one line of markdown (or markdown-ish scraped text) into plain text.
enum Markdown {
    /// The plain text of `line` and its heading level (0 when it is not a heading).
    static func plain(_ line: Substring) -> (text: String, heading: Int) {
        var s = line.drop(while: { $0 == " " || $0 == "\t" })
        var heading = 0
        while s.first == "#" && heading < 7 { heading += 1; s = s.dropFirst() }
        if heading > 0, heading > 6 || (s.first.map { $0 != " " } ?? false) {
            s = line[...]  // "#hashtag" or "#######": text, not a heading
            heading = 0
        }
        s = s.drop(while: { $0 == " " })
        while s.hasPrefix(">") { s = s.dropFirst().drop(while: { $0 == " " }) }
        if let rest = listItemText(s) { s = rest }
        let trimmed = s.trimmingSpaces
        if let first = trimmed.first, "-*_=".contains(first), trimmed.count >= 3, trimmed.allSatisfy({ $0 == first }) {
            return ("", 0)  // horizontal rule or setext underline
        }
        return (inline(String(s)), heading)
    }

    /// The text after a list marker ("- ", "* ", "+ ", "1. "), or nil.
    static func listItemText(_ s: Substring) -> Substring? {
        if let first = s.first, "-*+•".contains(first), s.dropFirst().first == " " {
            return s.dropFirst(2)
        }
        let digits = s.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 3 {
            let rest = s.dropFirst(digits.count)
            if (rest.first == "." || rest.first == ")") && rest.dropFirst().first == " " {
                return rest.dropFirst(2)
            }
        }
        return nil
    }

    /// The absolute URLs that links in `line` point to (`[text](https://…)`), which the plain
    /// text loses: a "Source: [Name](https://…)" line still states the canonical URL.
    static func linkTargets(_ line: Substring) -> [String] {
        line.components(separatedBy: "](").dropFirst().compactMap { rest in
            guard rest.hasPrefix("http://") || rest.hasPrefix("https://") else { return nil }
            return String(rest.prefix { $0 != ")" && $0 != " " })
        }
    }

    /// Removes inline markup: images, links (keeping their text), autolinks, emphasis, code.
    ///
    /// One pass in linear time, whatever the nesting or the brackets left open: `InlineMarks`
    /// finds every bracket's partner and every next closing mark beforehand, and the text of a
    /// link is read in place, with a stack of where reading goes on after it.
    static func inline(_ s: String) -> String {
        // Most lines hold no markup at all: check the bytes before building characters.
        guard s.utf8.contains(where: { $0 == 0x5B || $0 == 0x2A || $0 == 0x5F || $0 == 0x60 || $0 == 0x3C || $0 == 0x5C }) else {
            return s
        }
        let chars = Array(s)
        let marks = InlineMarks(chars)
        var out = ""
        // The text being read, chars[start..<end]: the line, or the text of a link inside it.
        var start = 0, end = chars.count
        var resume: [(at: Int, start: Int, end: Int)] = []  // per link being read: where the text around it goes on
        var i = 0
        while true {
            guard i < end else {
                guard let outer = resume.popLast() else { break }
                (i, start, end) = outer
                continue
            }
            let c = chars[i]
            if c == "\\" && i + 1 < end && "\\`*_{}[]()#+-.!<>".contains(chars[i + 1]) {
                out.append(chars[i + 1]); i += 2; continue
            }
            if c == "!" && i + 1 < end && chars[i + 1] == "[", let link = marks.link(at: i + 1, within: end) {
                i = link.end; continue  // images carry no article text
            }
            if c == "[", let link = marks.link(at: i, within: end) {
                resume.append((link.end, start, end))
                (i, start, end) = (i + 1, i + 1, link.textEnd)
                continue
            }
            if c == "<", let close = marks.nextAngle(from: i + 1, within: end) {
                let inner = chars[(i + 1)..<close]
                if inner.starts(with: "http://") || inner.starts(with: "https://") || inner.starts(with: "mailto:") {
                    out.append(contentsOf: inner); i = close + 1; continue
                }
            }
            if c == "`" { i += 1; continue }
            if c == "*" || c == "_" {
                var run = 0
                while i + run < end && chars[i + run] == c { run += 1 }
                let before = i > start ? chars[i - 1] : " "
                let after = i + run < end ? chars[i + run] : " "
                // Emphasis markers touch a word on one side only; "snake_case" and "2 * 3" stay,
                // and so do longer runs ("****", "____").
                let isMarker = c == "*" ? !(before == " " && after == " ")
                                        : (!before.isLetter || !after.isLetter)
                if !(isMarker && run <= 3) { out.append(contentsOf: chars[i..<(i + run)]) }
                i += run
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}

/// Where the links and autolinks of a line close, found in linear time before reading it.
private struct InlineMarks {
    /// Per character: for a `[`, the index of its matching `]` (nesting counted, escapes not),
    /// else -1.
    private var textEnd: [Int32]
    /// Per character: for a `[` whose `]` is followed by `(` or `[`, the index of the first `)`
    /// or `]` after that, else -1.
    private var targetEnd: [Int32]
    /// Per position: the index of the next `>` at or after it (the count when there is none).
    private var nextAngle: [Int32]

    init(_ chars: [Character]) {
        let n = chars.count
        textEnd = [Int32](repeating: -1, count: n)
        targetEnd = textEnd
        var open: [Int32] = []
        for (k, c) in chars.enumerated() {
            if c == "[" { open.append(Int32(k)) } else if c == "]", let o = open.popLast() { textEnd[Int(o)] = Int32(k) }
        }
        var nextParen = [Int32](repeating: Int32(n), count: n + 1)
        var nextBracket = nextParen
        nextAngle = nextParen
        for k in stride(from: n - 1, through: 0, by: -1) {
            nextParen[k] = chars[k] == ")" ? Int32(k) : nextParen[k + 1]
            nextBracket[k] = chars[k] == "]" ? Int32(k) : nextBracket[k + 1]
            nextAngle[k] = chars[k] == ">" ? Int32(k) : nextAngle[k + 1]
        }
        for k in 0..<n where textEnd[k] >= 0 {
            let j = Int(textEnd[k])
            guard j + 2 < n, chars[j + 1] == "(" || chars[j + 1] == "[" else { continue }
            let close = chars[j + 1] == "(" ? nextParen[j + 2] : nextBracket[j + 2]
            if close < n { targetEnd[k] = close }
        }
    }

    /// The first `>` at or after `from` and before `end`.
    func nextAngle(from: Int, within end: Int) -> Int? {
        guard from < end else { return nil }
        let found = Int(nextAngle[from])
        return found < end ? found : nil
    }

    /// The `[text](target)` or `[text][ref]` link whose `[` is at `i`, when it closes before
    /// `end`: where its text ends (its `]`) and the index after the link.
    func link(at i: Int, within end: Int) -> (textEnd: Int, end: Int)? {
        let close = Int(targetEnd[i])
        guard close >= 0, close < end else { return nil }
        return (Int(textEnd[i]), close + 1)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let s = self[...].drop(while: { $0 == " " || $0 == "\t" })
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)] == " " || s[s.index(before: end)] == "\t" {
            end = s.index(before: end)
        }
        return Substring(s[s.startIndex..<end])
    }
}
