// MARK: - Fiscal years

/// How dates are grouped into years.
public enum FiscalYearBasis: String, Sendable, Codable, CaseIterable {
    /// U.S. federal fiscal year: 1 October to 30 September, named by the year it ends.
    case usFederal = "us_federal"
    /// Calendar year.
    case calendar

    /// The year a `YYYY-MM-DD` date falls in on this basis; nil when the date is unreadable.
    public func year(of date: String) -> Int? {
        Self.yearMonth(date).map(year)
    }

    /// The last year a date closes on this basis: the year before the date's own, or the date's own on its last day
    /// (30 September for U.S. fiscal years, 31 December for calendar years); nil when it is not a date.
    public func lastCompleteYear(asOf date: String) -> Int? {
        guard date.utf8.count >= 10, let year = year(of: date) else { return nil }
        return date.prefix(10).hasSuffix(self == .usFederal ? "-09-30" : "-12-31") ? year : year - 1
    }

    /// The year a date's (year, month) falls in on this basis.
    func year(_ yearMonth: (year: Int, month: Int)) -> Int {
        switch self {
        case .calendar: yearMonth.year
        case .usFederal: yearMonth.month >= 10 ? yearMonth.year + 1 : yearMonth.year
        }
    }

    /// Reads the year and month of a `YYYY-MM-DD…` date (without copying it: the allocator reads three dates a
    /// transaction).
    static func yearMonth(_ date: String) -> (year: Int, month: Int)? {
        var digits = (year: 0, month: 0)
        var count = 0
        for byte in date.utf8 {
            if count == 4 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                if count < 4 {
                    digits.year = digits.year * 10 + Int(byte - 0x30)
                } else {
                    digits.month = digits.month * 10 + Int(byte - 0x30)
                }
            }
            count += 1
            if count == 7 { break }
        }
        guard count == 7, (1...12).contains(digits.month) else { return nil }
        return digits
    }
}

/// A year as a person writes one to filter by: `2020`, or `FY2020` (any case) for a U.S. fiscal year, as the tables
/// head their columns; the command line's `--from`/`--to` and the API's `from`/`to` read it alike.
public struct WrittenYear: Sendable, Equatable {
    /// The year, 1946–2100 (the years a ledger holds).
    public var year: Int
    /// Whether it was written as a fiscal year (`FY2020`).
    public var saysFiscal: Bool

    /// Why a text is not a year, in words that say what to give.
    public struct Refusal: Error, Sendable, Equatable {
        /// The message.
        public var message: String
    }

    /// Reads `2020` or `FY2020`; a two-digit year (`FY25`, read as 2025; `FY99`, 1999) or one outside 1946–2100 is
    /// refused with what to give.
    public static func parse(_ text: String) throws(Refusal) -> WrittenYear {
        let saysFiscal = text.uppercased().hasPrefix("FY")
        let digits = saysFiscal ? text.dropFirst(2) : Substring(text)
        let allDigits = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        if allDigits && digits.count == 2, let twoDigits = Int(digits) {
            let century = twoDigits <= 46 ? "20" : "19"
            throw Refusal(
                message: "\"\(text)\" is not a year: give all four digits (\(text.dropLast(2))\(century)\(digits))")
        }
        guard allDigits, digits.count == 4, let year = Int(digits), (1946...2100).contains(year) else {
            throw Refusal(message: "\"\(text)\" is not a year from 1946 to 2100 (2020, or FY2020 for a fiscal year)")
        }
        return WrittenYear(year: year, saysFiscal: saysFiscal)
    }

    /// The refusal of a fiscal year (`FY2020`) given where the years are calendar years (asked for by `option`),
    /// `name` the field; nil when the year may stand.
    public func refusal(calendarYears: Bool, name: String, option: String) -> Refusal? {
        guard saysFiscal, calendarYears else { return nil }
        return Refusal(
            message: "\(name) FY\(year) is a fiscal year; with \(option) give the calendar year (\(year))")
    }
}
