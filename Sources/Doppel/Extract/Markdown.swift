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
    static func inline(_ s: String) -> String {
        // Most lines hold no markup at all: check the bytes before building characters.
        guard s.utf8.contains(where: { $0 == 0x5B || $0 == 0x2A || $0 == 0x5F || $0 == 0x60 || $0 == 0x3C || $0 == 0x5C }) else {
            return s
        }
        let chars = Array(s)
        var out = ""
        var i = 0
        let n = chars.count
        while i < n {
            let c = chars[i]
            if c == "\\" && i + 1 < n && "\\`*_{}[]()#+-.!<>".contains(chars[i + 1]) {
                out.append(chars[i + 1]); i += 2; continue
            }
            if c == "!" && i + 1 < n && chars[i + 1] == "[", let (_, end) = link(chars, at: i + 1) {
                i = end; continue  // images carry no article text
            }
            if c == "[", let (text, end) = link(chars, at: i) {
                out += inline(text); i = end; continue
            }
            if c == "<", let close = chars[i...].firstIndex(of: ">") {
                let inner = String(chars[(i + 1)..<close])
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") || inner.hasPrefix("mailto:") {
                    out += inner; i = close + 1; continue
                }
            }
            if c == "`" { i += 1; continue }
            if c == "*" || c == "_" {
                var run = 0
                while i + run < n && chars[i + run] == c { run += 1 }
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + run < n ? chars[i + run] : " "
                // Emphasis markers touch a word on one side only; "snake_case" and "2 * 3" stay.
                let isMarker = c == "*" ? !(before == " " && after == " ")
                                        : (!before.isLetter || !after.isLetter)
                if isMarker && run <= 3 { i += run; continue }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// A `[text](target)` or `[text][ref]` link at `i`: its text and the index after it.
    static func link(_ chars: [Character], at i: Int) -> (String, Int)? {
        guard chars[i] == "[" else { return nil }
        var depth = 0
        var j = i
        while j < chars.count {
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" { depth -= 1; if depth == 0 { break } }
            j += 1
        }
        guard j < chars.count, j + 1 < chars.count else { return nil }
        let text = String(chars[(i + 1)..<j])
        let open = chars[j + 1]
        guard open == "(" || open == "[" else { return nil }
        let close: Character = open == "(" ? ")" : "]"
        guard let end = chars[(j + 2)...].firstIndex(of: close) else { return nil }
        return (text, end + 1)
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
