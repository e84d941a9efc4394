// MARK: - Conversion to U.S. dollars

/// Annual-average exchange rates (units of a currency per U.S. dollar), exact to 12 decimals.
public struct ExchangeRates: Sendable, Equatable {
    /// A rate in units of 10^-12 currency units per dollar.
    public typealias ScaledRate = Int128

    /// The scale of a `ScaledRate`.
    public static let scale: Int128 = 1_000_000_000_000

    /// Where the rates come from, for the sources of every report.
    public var source: String
    private var rates: [String: [Int: ScaledRate]]

    /// Creates a table from `rates[currency][year]`.
    public init(source: String, rates: [String: [Int: ScaledRate]]) {
        self.source = source
        self.rates = rates
    }

    /// The rate for a currency in a year, if the table has one (USD is always 1).
    public func rate(currency: String, year: Int) -> ScaledRate? {
        if currency == "USD" { return Self.scale }
        return rates[currency]?[year]
    }

    /// The years the table covers for a currency.
    public func years(currency: String) -> ClosedRange<Int>? {
        guard let years = rates[currency]?.keys, let low = years.min(), let high = years.max() else { return nil }
        return low...high
    }

    /// Converts cents of `currency` to U.S. cents at the year's rate, rounding half away from zero; nil with no rate.
    public func usdCents(_ cents: Cents, currency: String, year: Int) -> Cents? {
        guard let rate = rate(currency: currency, year: year), rate > 0 else { return nil }
        if currency == "USD" { return cents }
        let numerator = Int128(cents) * Self.scale
        var quotient = numerator / rate
        let remainder = numerator % rate
        if remainder.magnitude * 2 >= rate.magnitude { quotient += numerator < 0 ? -1 : 1 }
        guard let result = Int64(exactly: quotient) else { return nil }
        return result
    }

    /// A problem in a rates file, naming its line.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong and where.
        public var description: String
    }

    /// Reads the IMF annual-average CSV (`Date,Rate,Currency,Frequency,Source,Country code,Country`).
    ///
    /// Where a currency appears for several countries in a year (the euro), the Euro Area row (`U2`) is
    /// used, else the first row; the rows agree to about 15 significant digits.
    public static func parseIMF(_ text: String, source: String) throws -> ExchangeRates {
        var table: [String: [Int: ScaledRate]] = [:]
        var fromEuroArea: Set<String> = []
        var text = text
        // Bytes, not Characters: the bundled file is 0.8 MB, and splitting it by Character took half of a small
        // file's import (70 ms → 35 ms). Lines may end in LF, CRLF (as the IMF publishes it) or CR.
        try text.withUTF8 { bytes in
            let (newline, carriageReturn, comma) = (UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","))
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != newline, bytes[end] != carriageReturn { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start =
                    end + (end + 1 < bytes.count && bytes[end] == carriageReturn && bytes[end + 1] == newline ? 2 : 1)
                lineNumber += 1
                if lineNumber == 1 {
                    guard line.starts(with: "Date,Rate,Currency".utf8) else {
                        throw Invalid(description: "\(source):1: expected the header Date,Rate,Currency,…")
                    }
                    continue
                }
                if line.isEmpty { continue }
                let fields = line.split(separator: comma, maxSplits: 6, omittingEmptySubsequences: false)
                guard fields.count >= 6 else { throw Invalid(description: "\(source):\(lineNumber): too few fields") }
                let date = String(decoding: fields[0], as: UTF8.self)
                guard let year = Int(date.prefix(4)) else {
                    throw Invalid(description: "\(source):\(lineNumber): field Date: \"\(date)\" is not a date")
                }
                if fields[1].isEmpty { continue }  // no rate that year
                let text = String(decoding: fields[1], as: UTF8.self)
                guard let rate = DecimalText.scaled(text, scale: 12, as: Int128.self)?.value else {
                    throw Invalid(description: "\(source):\(lineNumber): field Rate: \"\(text)\" is not a number")
                }
                let currency = String(decoding: fields[2], as: UTF8.self)
                let euroArea = fields[5].elementsEqual("U2".utf8)
                let key = "\(currency)#\(year)"
                if table[currency]?[year] == nil || (euroArea && !fromEuroArea.contains(key)) {
                    table[currency, default: [:]][year] = rate
                    if euroArea { fromEuroArea.insert(key) }
                }
            }
        }
        return ExchangeRates(source: source, rates: table)
    }
}
