/// A calendar date, as days since 1970-01-01 (proleptic Gregorian), with no time zone: dossier
/// dates are civil dates and all arithmetic on them is exact.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// From year, month, day; nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146097 + dayOfEra - 719468
    }

    /// Parses `YYYY-MM-DD` exactly (an optional time-zone suffix as XML Schema allows is ignored).
    public init?(iso text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        if utf8.count > 10 {
            let rest = String(decoding: utf8[10...], as: UTF8.self)
            guard rest == "Z" || rest.hasPrefix("+") || rest.hasPrefix("-") else { return nil }
        }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var description: String {
        let (year, month, day) = components
        guard (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        // YYYY-MM-DD, written digit by digit: dates are shown in every report.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in (0..<width).reversed() {
                    buffer[offset + index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            return 10
        }
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Years from `self` to `other` on the calendar: the whole years first, then the rest of
    /// the way to the next anniversary as a fraction of that year. The `n`th anniversary is the
    /// same month and day `n` years on (29 February falls on 28 February in a common year);
    /// the whole years are the anniversaries reached, and the fraction is the days from the
    /// last one reached over the days from it to the next (365 or 366). So the result is a
    /// whole number exactly on an anniversary — 2017-10-01 to 2020-10-01 is 3 — and
    /// `years(a, b) >= n` holds exactly from the `n`th anniversary on. Backwards, it is the
    /// same count negated: `b.years(to: a) == -a.years(to: b)`.
    public func years(to other: Day) -> Double {
        if other < self { return -other.years(to: self) }
        let (year, month, day) = components
        // The anniversary `n` years on, as days since the epoch: always a date that exists, the
        // day being at most the month's length in that year.
        func anniversary(_ n: Int) -> Int {
            let target = year + n
            let dayOfMonth = min(day, Day.daysIn(month: month, year: target))
            return Day(year: target, month: month, day: dayOfMonth)!.daysSinceEpoch
        }
        // The whole years: a guess from the year numbers, corrected by at most one.
        var whole = other.components.year - year
        if anniversary(whole) > other.daysSinceEpoch { whole -= 1 }
        let last = anniversary(whole)
        let next = anniversary(whole + 1)
        return Double(whole) + Double(other.daysSinceEpoch - last) / Double(next - last)
    }
}
