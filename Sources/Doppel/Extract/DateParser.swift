import Foundation

/// Finds publication dates written in text or URLs and returns them as `YYYY-MM-DD`.
enum DateParser {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
        "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    ]

    /// The first valid date in `text`: ISO (`2025-08-21`), "August 21, 2025", "21 Aug 2025".
    /// Dates after `latest` (default: now) are ignored: a publication date is never in the future.
    static func firstDate(in text: String, latest: Date = Date()) -> String? {
        let limit = isoDay(latest)
        if let iso = isoDates(in: text).first(where: { $0 <= limit }) { return iso }
        let words = Tokenizer.tokens(text).map(\.word)
        for (i, word) in words.enumerated() {
            guard let month = months[word] else { continue }
            // Month Day Year
            if i + 2 < words.count, let day = Int(words[i + 1]), let year = Int(words[i + 2]),
               let date = make(year, month, day), date <= limit {
                return date
            }
            // Day Month Year
            if i >= 1, i + 1 < words.count, let day = Int(words[i - 1]), let year = Int(words[i + 1]),
               let date = make(year, month, day), date <= limit {
                return date
            }
        }
        return nil
    }

    /// The first `YYYY-MM-DD` (or `YYYY/MM/DD` as in URLs) in `text`.
    static func isoDate(in text: String) -> String? { isoDates(in: text).first }

    /// Every `YYYY-MM-DD` or `YYYY/MM/DD` in `text`, in order.
    static func isoDates(in text: String) -> [String] {
        let b = Array(text.utf8)
        var found: [String] = []
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

    static func make(_ year: Int, _ month: Int, _ day: Int) -> String? {
        guard (1990...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= daysInMonth else { return nil }
        return isoDate(year, month, day)
    }

    /// `YYYY-MM-DD` (String(format:) is slow on Linux).
    static func isoDate(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// Today (UTC), `YYYY-MM-DD`.
    static var today: String { isoDay(Date()) }

    /// The UTC day of `date`, `YYYY-MM-DD` (Howard Hinnant's civil-from-days).
    static func isoDay(_ date: Date) -> String {
        let z = Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return isoDate(year, month, day)
    }
}
