// MARK: - Conversion to U.S. dollars

/// Annual-average exchange rates (units of a currency per U.S. dollar), exact to 18 decimals.
public struct ExchangeRates: Sendable, Equatable {
    /// A rate in units of 10^-18 currency units per dollar. Eighteen decimals hold the IMF table's smallest rates
    /// (the cruzeiro's 1950s rate in today's reais, 8.2 × 10^-15) to four significant digits, where twelve made
    /// them 0; its largest (6.7 × 10^9) times 10^18, and any `Cents` times 10^18, stay far inside `Int128`.
    public typealias ScaledRate = Int128

    /// The scale of a `ScaledRate`.
    public static let scale: Int128 = 1_000_000_000_000_000_000

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

    /// Converts cents of `currency` to U.S. cents at the year's rate, rounding half away from zero; nil with no rate,
    /// or when the dollars would not fit in cents (`conversion` says which).
    public func usdCents(_ cents: Cents, currency: String, year: Int) -> Cents? {
        if case .usd(let usd) = conversion(cents, currency: currency, year: year) { return usd }
        return nil
    }

    /// What converting cents of `currency` at the year's rate gives: U.S. cents, or why there are none.
    public enum Conversion: Equatable, Sendable {
        /// U.S. cents, rounded half away from zero.
        case usd(Cents)
        /// The table has no rate for the currency in that year.
        case noRate
        /// The dollars would pass what `Cents` holds: a rate from decades before a redenomination (Brazil's 1955 rate
        /// makes a million reais some 3 × 10^19 dollars), most likely a mistyped value date.
        case beyondCents
    }

    /// Converts cents of `currency` to U.S. cents at the year's rate, saying why when it cannot.
    public func conversion(_ cents: Cents, currency: String, year: Int) -> Conversion {
        guard let rate = rate(currency: currency, year: year), rate > 0 else { return .noRate }
        if currency == "USD" { return .usd(cents) }
        let numerator = Int128(cents) * Self.scale
        var quotient = numerator / rate
        let remainder = numerator % rate
        if remainder.magnitude * 2 >= rate.magnitude { quotient += numerator < 0 ? -1 : 1 }
        guard let result = Int64(exactly: quotient) else { return .beyondCents }
        return .usd(result)
    }

    /// A currency in a year, as the rates file keys its rows.
    private struct CurrencyYear: Hashable {
        var currency: String
        var year: Int
    }

    /// A problem in a rates file, naming its line and field.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// The 1-based line.
        public var line: Int
        /// The column at fault (`Rate`), when one is.
        public var field: String?
        /// What is wrong.
        public var message: String

        /// `line N: field: message`.
        public var description: String { "line \(line): " + (field.map { "field \($0): " } ?? "") + message }
    }

    /// Reads the IMF annual-average CSV (`Date,Rate,Currency,Frequency,Source,Country code,Country`).
    ///
    /// Where a currency appears for several countries in a year (the euro), the Euro Area row (`U2`) is
    /// used, else the first row. The rows mostly agree to about 15 significant digits, but not always: for 2021–2024
    /// the rows of Andorra and Kosovo differ from the Euro Area's in the fourth (2024: 0.92437 against 0.92389).
    public static func parseIMF(_ text: String, source: String) throws -> ExchangeRates {
        var text = text
        return try text.withUTF8 { try parseIMF(bytes: $0, source: source) }
    }

    /// Reads the IMF annual-average CSV from its bytes, as `parseIMF(_:source:)` reads its text (the one field that
    /// may hold other than ASCII, the country's name, is never read, so the bytes need not be valid UTF-8 first).
    public static func parseIMF(bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> ExchangeRates {
        var table: [String: [Int: ScaledRate]] = [:]
        /// The currency-years whose rate came from a Euro Area row.
        var fromEuroArea: Set<CurrencyYear> = []
        // Bytes, not Characters, and no String but the currency's: every import and report reads the 0.8 MB bundled
        // file at start-up (splitting by Character took 35 ms; fields split into an array and a key made by
        // interpolation, 22 ms; a String for each year and rate, 2 ms; validating the file as UTF-8 and looking up
        // the currency twice a line, 2 of the remaining 5). Lines may end in LF, CRLF (as the IMF publishes it) or CR.
        let (newline, carriageReturn, comma) = (UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","))
        /// Where each of the first six fields of the line starts; the seventh (the country's name, which may
        /// hold quoted commas) is never read.
        var starts = [Int](repeating: 0, count: 7)
        /// The rows come a country at a time, so the currency of the line before is most often this line's: its
        /// years are kept out of `table` while its lines last, and the currency is looked up once a run.
        var current: (currency: String, bytes: UnsafeBufferPointer<UInt8>, years: [Int: ScaledRate])?
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != newline, bytes[end] != carriageReturn { end += 1 }
            let lineStart = start
            start = end + (end + 1 < bytes.count && bytes[end] == carriageReturn && bytes[end + 1] == newline ? 2 : 1)
            lineNumber += 1
            if lineNumber == 1 {
                guard UnsafeBufferPointer(rebasing: bytes[lineStart..<end]).starts(with: "Date,Rate,Currency".utf8)
                else {
                    throw Invalid(line: 1, message: "expected the header Date,Rate,Currency,…")
                }
                continue
            }
            if lineStart == end { continue }
            // starts[k] is where field k begins; field k ends one byte before starts[k + 1].
            starts[0] = lineStart
            var fields = 1
            var index = lineStart
            while fields < 7, index < end {
                if bytes[index] == comma {
                    starts[fields] = index + 1
                    fields += 1
                }
                index += 1
            }
            guard fields >= 6 else { throw Invalid(line: lineNumber, message: "too few fields") }
            if fields == 6 { starts[6] = end + 1 }
            func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[starts[k]..<(starts[k + 1] - 1)])
            }
            let date = field(0)
            guard let year = Self.year(date) else {
                let shown = String(decoding: date, as: UTF8.self)
                throw Invalid(line: lineNumber, field: "Date", message: "\"\(shown)\" is not a date")
            }
            let rateText = field(1)
            if rateText.isEmpty { continue }  // no rate that year
            // Units of the currency per dollar: a rate of zero or below (or below 10^-18, which would read as
            // 0) would divide by nothing or turn money negative, so it is an error in the file, not a missing rate.
            guard let rate = DecimalText.scaled(utf8: rateText[...], scale: 18, as: Int128.self)?.value, rate > 0
            else {
                let shown = String(decoding: rateText, as: UTF8.self)
                throw Invalid(
                    line: lineNumber, field: "Rate",
                    message: "\"\(shown)\" is not a positive number of at least 10^-18")
            }
            let currencyBytes = field(2)
            if current == nil || !current!.bytes.elementsEqual(currencyBytes) {
                if let done = current { table[done.currency] = done.years }
                let currency = String(decoding: currencyBytes, as: UTF8.self)
                current = (currency, currencyBytes, table.removeValue(forKey: currency) ?? [:])
            }
            let euroArea = field(5).elementsEqual("U2".utf8)
            if current!.years[year] == nil {
                current!.years[year] = rate
                if euroArea { fromEuroArea.insert(CurrencyYear(currency: current!.currency, year: year)) }
            } else if euroArea, fromEuroArea.insert(CurrencyYear(currency: current!.currency, year: year)).inserted {
                current!.years[year] = rate
            }
        }
        if let done = current { table[done.currency] = done.years }
        return ExchangeRates(source: source, rates: table)
    }

    /// The year a date field starts with, read as `Int` reads its first four bytes (four ASCII digits without making
    /// a String, as dates are; anything else through `Int`).
    static func year(_ date: UnsafeBufferPointer<UInt8>) -> Int? {
        let head = date.prefix(4)
        guard head.count == 4, head.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return Int(String(decoding: head, as: UTF8.self))
        }
        return head.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
