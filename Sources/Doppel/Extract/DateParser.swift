import Foundation

/// Finds publication dates written in text or URLs.
enum DateParser {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
        "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    ]

    /// The first valid date in `text`: ISO (`2025-08-21`), else the earliest of a numeric date
    /// (`21.08.2025`, `21-08-2025`, `21/08/2025`, `08/21/2025`; see `numericDates`) and a written
    /// one ("August 21, 2025", "21 Aug 2025", "Thursday, 21st August 2025").
    /// Dates after `latest` (default: now) are ignored: a publication date is never in the future.
    static func firstDate(in text: String, latest: Day = .today) -> Day? {
        let limit = latest
        if let iso = isoDates(in: text).first(where: { $0 <= limit }) { return iso }
        let numeric = numericDates(in: text).first { $0.date <= limit }
        let written = writtenDate(in: text, limit: limit)
        switch (numeric, written) {
        case let (n?, w?): return n.offset <= w.offset ? n.date : w.date
        case let (n?, nil): return n.date
        case let (nil, w?): return w.date
        case (nil, nil): return nil
        }
    }

    /// The first date written with a month name, month-day-year or day-month-year, no later
    /// than `limit`, with the byte offset where it starts.
    static func writtenDate(in text: String, limit: Day) -> (offset: Int, date: Day)? {
        let tokens = Tokenizer.tokens(text)
        for (i, token) in tokens.enumerated() {
            guard let month = months[token.word] else { continue }
            // Month Day Year
            if i + 2 < tokens.count, let day = dayOfMonth(tokens[i + 1].word), let year = Int(tokens[i + 2].word),
               let date = make(year, month, day), date <= limit {
                return (token.range.lowerBound, date)
            }
            // Day Month Year
            if i >= 1, i + 1 < tokens.count, let day = dayOfMonth(tokens[i - 1].word), let year = Int(tokens[i + 1].word),
               let date = make(year, month, day), date <= limit {
                return (tokens[i - 1].range.lowerBound, date)
            }
        }
        return nil
    }

    /// A day of the month written as a number, with or without an English ordinal suffix ("21st").
    static func dayOfMonth(_ word: String) -> Int? {
        if let day = Int(word) { return day }
        guard word.count >= 3, ["st", "nd", "rd", "th"].contains(String(word.suffix(2))) else { return nil }
        return Int(word.dropLast(2))
    }

    /// Every valid day written as `a.b.yyyy`, `a-b-yyyy` or `a/b/yyyy` (`a` and `b` of one or two
    /// digits) in `text`, in order, with the byte offset where it starts.
    ///
    /// Dotted and dashed dates are day-first: that is the convention of the forms. A slashed one
    /// is day-first when `a` > 12 and month-first when `b` > 12; when both are at most 12 (and
    /// differ) it is read only if `text` settles the order elsewhere, by a dotted, dashed or
    /// unambiguous slashed date (day-first wins a tie), and is skipped otherwise: guessing
    /// would be wrong for half the world's news.
    static func numericDates(in text: String) -> [(offset: Int, date: Day)] {
        let candidates = numericCandidates(Array(text.utf8))
        let slashed = candidates.filter { $0.separator == 0x2F }
        let dayFirstElsewhere = candidates.contains { $0.separator != 0x2F || $0.a > 12 }
        let monthFirstElsewhere = slashed.contains { $0.b > 12 }
        let slashedDayFirst: Bool? = dayFirstElsewhere ? true : monthFirstElsewhere ? false : nil
        return candidates.compactMap { c in
            let dayFirst: Bool
            if c.separator != 0x2F || c.a > 12 || c.a == c.b {
                dayFirst = true
            } else if c.b > 12 {
                dayFirst = false
            } else if let order = slashedDayFirst {
                dayFirst = order
            } else {
                return nil
            }
            guard let date = dayFirst ? make(c.year, c.b, c.a) : make(c.year, c.a, c.b) else { return nil }
            return (c.offset, date)
        }
    }

    /// The numeric dates of `b` as written: two numbers of one or two digits and a four-digit
    /// year, one separator (`.`, `-` or `/`) between them, not part of a longer run of numbers
    /// (a version, an IP address, an ISO date).
    static func numericCandidates(_ b: [UInt8]) -> [(offset: Int, a: Int, b: Int, year: Int, separator: UInt8)] {
        func isDigit(_ k: Int) -> Bool { k >= 0 && k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x2D || byte == 0x2F }
        /// The number of one or two digits at `k` and the index after it.
        func small(_ k: Int) -> (value: Int, end: Int)? {
            guard isDigit(k) else { return nil }
            let two = isDigit(k + 1)
            guard !(two && isDigit(k + 2)) else { return nil }
            let value = Int(b[k] - 0x30)
            return two ? (value * 10 + Int(b[k + 1] - 0x30), k + 2) : (value, k + 1)
        }
        var found: [(offset: Int, a: Int, b: Int, year: Int, separator: UInt8)] = []
        var i = 0
        while i < b.count {
            // A date starts at a digit that follows neither a digit nor a separator after one.
            guard isDigit(i), !isDigit(i - 1), !(i >= 2 && isSeparator(b[i - 1]) && isDigit(i - 2)),
                  let first = small(i), first.end < b.count, isSeparator(b[first.end]),
                  let second = small(first.end + 1), second.end < b.count, b[second.end] == b[first.end],
                  (1...4).allSatisfy({ isDigit(second.end + $0) }), !isDigit(second.end + 5),
                  !(second.end + 6 < b.count && isSeparator(b[second.end + 5]) && isDigit(second.end + 6)) else {
                i += 1
                continue
            }
            var year = 0
            for k in (second.end + 1)...(second.end + 4) { year = year * 10 + Int(b[k] - 0x30) }
            found.append((i, first.value, second.value, year, b[first.end]))
            i = second.end + 5
        }
        return found
    }

    /// Every `YYYY-MM-DD` or `YYYY/MM/DD` in `text`, in order.
    static func isoDates(in text: String) -> [Day] {
        let b = Array(text.utf8)
        var found: [Day] = []
        guard b.count >= 10 else { return found }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for k in at..<(at + count) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            return value
        }
        for i in 0...(b.count - 10) {
            let sep = b[i + 4]
            guard (sep == 0x2D || sep == 0x2F), b[i + 7] == sep,
                  i == 0 || !(b[i - 1] >= 0x30 && b[i - 1] <= 0x39),
                  let y = digits(i, 4), let m = digits(i + 5, 2), let d = digits(i + 8, 2),
                  let date = make(y, m, d) else { continue }
            found.append(date)
        }
        return found
    }

    /// The day of a date as a publication date: a real day of a year from 1990 to 2100.
    static func make(_ year: Int, _ month: Int, _ day: Int) -> Day? {
        (1990...2100).contains(year) ? Day(year: year, month: month, day: day) : nil
    }
}
