// MARK: - Money in integer cents

/// An amount in hundredths of its currency unit; money never passes through floating point.
public typealias Cents = Int64

/// A percentage in thousandths of a percent (so `33.333` is 33333); never floating point.
public typealias MilliPercent = Int64

/// Exact decimal parsing and formatting for amounts and percentages written as text.
public enum DecimalText {
    /// The result of reading a decimal numeral at a fixed scale.
    public struct Parsed: Sendable, Equatable {
        /// The value in units of 10^-scale.
        public var value: Int64
        /// True when non-zero digits beyond the scale were rounded (half away from zero).
        public var rounded: Bool

        /// A value read at some scale, and whether digits beyond it were rounded.
        @inlinable public init(value: Int64, rounded: Bool) {
            self.value = value
            self.rounded = rounded
        }
    }

    // The readers below are inlinable so that the readers in other modules get them specialized: through the generic
    // entry point, every step on the text and on `T` went through witness tables. Reading the 55 MB synthetic IATI
    // file alone (`import iati --check`) took 0.726 s that way and takes 0.664 s (medians of 7).

    /// Reads decimal text such as `-1234.5678` or `+12` at `scale` decimals; nil when it is not a plain number.
    @inlinable public static func scaled(_ text: some StringProtocol, scale: Int) -> Parsed? {
        scaled(text, scale: scale, as: Int64.self).map { Parsed(value: $0.value, rounded: $0.rounded) }
    }

    /// Reads decimal text at `scale` decimals into any signed integer type; nil on overflow (rounding included) or
    /// non-numbers.
    @inlinable public static func scaled<T: FixedWidthInteger & SignedInteger>(
        _ text: some StringProtocol, scale: Int, as type: T.Type
    ) -> (value: T, rounded: Bool)? {
        scaled(utf8: Substring(text).utf8[...], scale: scale, as: type)
    }

    /// Reads decimal UTF-8 at `scale` decimals into any signed integer type, as `scaled(_:scale:as:)` reads text.
    @inlinable public static func scaled<T: FixedWidthInteger & SignedInteger, Bytes: BidirectionalCollection>(
        utf8: Bytes, scale: Int, as type: T.Type
    ) -> (value: T, rounded: Bool)? where Bytes.Element == UInt8, Bytes.SubSequence == Bytes {
        var bytes = utf8
        while let first = bytes.first, isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        var value: T = 0
        var fractionDigits = 0
        var roundUp = false
        var dropped = false
        var seenDot = false
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if seenDot { return nil }
                seenDot = true
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let digit = T(byte - 0x30)
            digits += 1
            if seenDot && fractionDigits >= scale {
                if fractionDigits == scale { roundUp = digit >= 5 }
                if digit != 0 { dropped = true }
                fractionDigits += 1
                continue
            }
            if seenDot { fractionDigits += 1 }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = plus
        }
        guard digits > 0 else { return nil }
        while fractionDigits < scale {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = times
            fractionDigits += 1
        }
        // Rounding the largest value the type holds up would pass it: out of range, as an overflow above is.
        if roundUp {
            let (plus, overflow) = value.addingReportingOverflow(1)
            if overflow { return nil }
            value = plus
        }
        return (negative ? -value : value, dropped)
    }

    /// Reads an amount as cents; nil when it is not a plain decimal number.
    @inlinable public static func cents(_ text: some StringProtocol) -> Parsed? { scaled(text, scale: 2) }

    /// Reads a percentage as thousandths of a percent; nil when it is not a plain decimal number.
    @inlinable public static func milliPercent(_ text: some StringProtocol) -> MilliPercent? {
        scaled(text, scale: 3)?.value
    }

    /// A value as a number (an indicator's, a series'): decimal digits with a sign, a point and an exponent, and
    /// finite; nil for anything else. `Double.init` alone takes `NaN`, `inf` and hexadecimal, and `1e309` as
    /// infinity, which made a progress not a number and stopped the process where it was shown.
    public static func finiteNumber(_ text: some StringProtocol) -> Double? {
        let allowed = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
        guard text.utf8.allSatisfy(allowed), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// An IATI indicator value (baseline, target, actual) as a number: a `finiteNumber`, also with spaces around it
    /// or with its thousands grouped by commas (`198,412.00`, as the World Bank writes 87 of El Salvador's); nil for
    /// anything else, such as `Yes` or commas that do not group thousands (`72,0000`, `0,5`). One comma and no point
    /// (`227,601`) could be a decimal comma: it is read only when `pointIsDecimal`, that is when the values it is read
    /// with write their decimals with a point. A percent sign after the number (`88.8%`) is read only when
    /// `isPercentage`, that is in an indicator that measures a percentage, where it says what the number already
    /// is. IATI asks for a plain decimal; the value is kept as published and only read this way.
    public static func indicatorValue(
        _ text: some StringProtocol, pointIsDecimal: Bool, isPercentage: Bool = false
    ) -> Double? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
        if isPercentage, bytes.last == UInt8(ascii: "%") {
            bytes = bytes.dropLast()
            while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
        }
        guard bytes.contains(UInt8(ascii: ",")) else { return finiteNumber(Substring(bytes)) }
        var digits = bytes
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        let whole = digits.prefix { $0 != UInt8(ascii: ".") }
        let groups = whole.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard let lead = groups.first, (1...3).contains(lead.count), lead.first != UInt8(ascii: "0"),
            groups.allSatisfy({ $0.allSatisfy(isDigit) }), groups.dropFirst().allSatisfy({ $0.count == 3 }),
            !digits[whole.endIndex...].contains(UInt8(ascii: ",")),
            groups.count > 2 || whole.endIndex < digits.endIndex || pointIsDecimal
        else { return nil }
        return finiteNumber(String(decoding: bytes.filter { $0 != UInt8(ascii: ",") }, as: UTF8.self))
    }

    /// True when one of `values` is a number written with a decimal point (`0.00`, `198,412.00`): its publisher
    /// writes decimals with a point, so a comma among them groups thousands (`indicatorValue`, with `isPercentage`).
    public static func writesDecimalPoint(_ values: [String?], isPercentage: Bool = false) -> Bool {
        values.contains { value in
            guard let value, value.utf8.contains(UInt8(ascii: ".")) else { return false }
            return indicatorValue(value, pointIsDecimal: false, isPercentage: isPercentage) != nil
        }
    }

    /// Formats cents as `-1234.56`, exactly.
    public static func format(_ cents: Cents) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// Formats cents rounded to whole units with thousands separators, for tables read by people.
    public static func formatWhole(_ cents: Cents) -> String {
        let out = grouped(String((cents.magnitude + 50) / 100))
        return (cents < 0 && out != "0" ? "-" : "") + out
    }

    /// Formats cents exactly with thousands separators (`-12,000,000.05`), for amounts read by people to the cent.
    public static func formatGrouped(_ cents: Cents) -> String {
        let fraction = cents.magnitude % 100
        return (cents < 0 ? "-" : "") + grouped(String(cents.magnitude / 100)) + (fraction < 10 ? ".0" : ".")
            + String(fraction)
    }

    /// Formats a count with thousands separators (`-12,345`).
    public static func formatCount(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(String(value.magnitude))
    }

    /// `12345678` as `12,345,678`.
    private static func grouped(_ digits: String) -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// Formats thousandths of a percent as `33.333`, trimming trailing zeros.
    public static func formatPercent(_ milli: MilliPercent) -> String {
        let magnitude = milli.magnitude
        var fraction = String(magnitude % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (milli < 0 ? "-" : "") + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }

    @inlinable static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

// MARK: - Amounts that can be added

/// The bound that lets a list of amounts be added up in any order and any part of it, and two such sums be
/// subtracted, without passing `Cents`: the magnitudes of the list add up to at most 2^61 cents (about 23 quadrillion
/// units of its currency; in dollars, some two hundred times the world's yearly output). Each value fits in `Cents` on
/// its own; a ledger holding a few values near that limit (a broken or hostile file) would otherwise stop a report
/// or the server on an arithmetic overflow, where it now stops with an error naming what it was adding.
public enum AddableAmounts {
    /// The most the magnitudes of one list may add up to: 2^61 cents.
    public static let limit: UInt64 = 1 << 61

    /// Throws `AmountsTooLarge` naming `what` when the magnitudes of `amounts` add up past `limit`.
    public static func check(_ amounts: some Sequence<Cents>, _ what: @autoclosure () -> String) throws(AmountsTooLarge)
    {
        var total: UInt64 = 0
        for cents in amounts {
            let (sum, overflow) = total.addingReportingOverflow(cents.magnitude)
            guard !overflow, sum <= limit else { throw AmountsTooLarge(what: what()) }
            total = sum
        }
    }
}

/// Amounts whose magnitudes add up past `AddableAmounts.limit`: a report cannot add them.
public struct AmountsTooLarge: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was being added (`the portfolio's converted cells`, `activity X's transactions`).
    public var what: String

    /// An error naming what could not be added.
    public init(what: String) { self.what = what }

    /// The error as a person reads it, with where to look.
    public var description: String {
        "the amounts of \(what) add up past 2^61 cents (about 23 quadrillion), more than Atalaya can add exactly; "
            + "an imported file holds amounts beyond any real budget: find it with `atalaya runs` and take it out "
            + "with `atalaya runs --remove RUN`"
    }
}
