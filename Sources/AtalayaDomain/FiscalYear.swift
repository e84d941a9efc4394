// MARK: - Fiscal years

/// How dates are grouped into years.
public enum FiscalYearBasis: String, Sendable, Codable, CaseIterable {
    /// U.S. federal fiscal year: 1 October to 30 September, named by the year it ends.
    case usFederal = "us_federal"
    /// Calendar year.
    case calendar

    /// The year a `YYYY-MM-DD` date falls in on this basis; nil when the date is unreadable.
    public func year(of date: String) -> Int? {
        guard let (year, month) = Self.yearMonth(date) else { return nil }
        switch self {
        case .calendar: return year
        case .usFederal: return month >= 10 ? year + 1 : year
        }
    }

    /// Reads the year and month of a `YYYY-MM-DD…` date.
    static func yearMonth(_ date: String) -> (Int, Int)? {
        let bytes = Array(date.utf8.prefix(7))
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        for byte in bytes[0..<4] {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            year = year * 10 + Int(byte - 0x30)
        }
        guard bytes[5] >= 0x30 && bytes[5] <= 0x39 && bytes[6] >= 0x30 && bytes[6] <= 0x39 else { return nil }
        let month = Int(bytes[5] - 0x30) * 10 + Int(bytes[6] - 0x30)
        guard (1...12).contains(month) else { return nil }
        return (year, month)
    }
}
