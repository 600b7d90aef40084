import Foundation

/// A calendar day (UTC): what articles, index entries and expiry cut-offs are dated by. It is
/// a count of days since 1970-01-01, written and read as `YYYY-MM-DD`.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let number: Int32

    /// The day `number` days after 1970-01-01.
    public init(number: Int32) { self.number = number }

    /// The day of a calendar date, or nil for one that does not exist (2025-02-30) or lies
    /// outside years 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysInMonth(month, of: year) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The day written exactly `YYYY-MM-DD`, or nil.
    public init?(iso text: some StringProtocol) {
        guard text.utf8.count == 10 else { return nil }
        self.init(isoPrefix: text.utf8)
    }

    /// The day that `bytes` start with, written `YYYY-MM-DD` (a time may follow, as in
    /// `2026-03-14T08:30:00Z`), or nil.
    init?(isoPrefix bytes: some Collection<UInt8>) {
        var digits: [Int] = []
        for (k, byte) in bytes.prefix(10).enumerated() {
            if k == 4 || k == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                digits.append(Int(byte - UInt8(ascii: "0")))
            }
        }
        guard digits.count == 8 else { return nil }
        let value = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + $1 } }
        self.init(year: value(0..<4), month: value(4..<6), day: value(6..<8))
    }

    /// The UTC day of an instant.
    public init(_ date: Date) {
        number = Int32((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Today (UTC).
    public static var today: Day { Day(Date()) }

    /// Year, month and day of the month (Howard Hinnant's civil-from-days).
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD` (String(format:) is slow on Linux).
    public var iso: String {
        let (year, month, day) = components
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    public var description: String { iso }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: Day) -> Int { Int(other.number) - Int(number) }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    /// Encoded as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a calendar date written YYYY-MM-DD: \(text)")
        }
        self = day
    }

    /// The number of days of `month` in `year` (Gregorian leap years).
    static func daysInMonth(_ month: Int, of year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
