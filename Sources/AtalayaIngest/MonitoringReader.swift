public import AtalayaDomain
import Foundation

// MARK: - A program office's monitoring file (CSV or a workbook's sheet): indicator periods with baseline, target
// and actual

/// Reads a program office's monitoring CSV, or a sheet of its Excel workbook, one indicator period a line: every value
/// is checked and an error says file, line and field. The columns are named in the header, in any order:
/// `program,country,indicator,ascending,baseline,period_start,period_end,target,actual`. In a workbook, dates may be
/// Excel dates (read as `YYYY-MM-DD`) or text, and `ascending` a TRUE/FALSE cell or text.
public struct MonitoringReader: Sendable {
    /// The columns a monitoring file has, each once.
    public static let columns = [
        "program", "country", "indicator", "ascending", "baseline", "period_start", "period_end", "target", "actual",
    ]

    /// The one country every line must be for, when a partner-country counterpart reports for their own country.
    public var onlyCountry: String?

    /// Creates a reader; with `onlyCountry`, a line for any other country is an error.
    public init(onlyCountry: String? = nil) { self.onlyCountry = onlyCountry }

    /// Reads `path`, handing each period to `accept` in file order; returns how many there were. An Excel workbook is
    /// read from its sheet `sheet`, or its only sheet.
    @discardableResult
    public func read(
        path: String, displayName: String, sheet: String? = nil, period accept: (MonitoringPeriod) throws -> Void
    ) throws -> Int {
        if let sheet = try SheetRows.ofWorkbook(path: path, displayName: displayName, sheet: sheet) {
            return try read(sheet.rows, file: sheet.file, period: accept)
        }
        return try read(CSVReader(path: path, displayName: displayName), file: displayName, period: accept)
    }

    /// Reads the records of a monitoring file.
    private func read(_ csv: some RowSource, file: String, period accept: (MonitoringPeriod) throws -> Void) throws
        -> Int
    {
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let header = try (0..<csv.fieldCount).map { try csv.string($0, field: "header").trimmingSpaces().lowercased() }
        guard Set(header) == Set(Self.columns), header.count == Self.columns.count else {
            let missing = Self.columns.filter { !header.contains($0) }
            let unknown = header.filter { !Self.columns.contains($0) }
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { problems.append("not a monitoring column: \(unknown.joined(separator: ", "))") }
            if problems.isEmpty { problems.append("a column is named twice") }
            throw IngestError(
                file: file, line: 1,
                message: "a monitoring file's header names \(Self.columns.joined(separator: ",")) in any order ("
                    + problems.joined(separator: "; ") + ")")
        }
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var count = 0
        while try csv.next() {
            // A blank line (one empty field) is not a period.
            if csv.fieldCount == 1 && csv.isEmpty(0) { continue }
            try csv.requireFields(header.count)
            let line = csv.line
            func text(_ name: String) throws -> String? { try csv.optionalString(index[name]!, field: name) }
            func fail(_ field: String, _ message: String) -> IngestError {
                IngestError(file: file, line: line, field: field, message: message)
            }
            func required(_ name: String) throws -> String {
                guard let value = try text(name) else { throw fail(name, "empty; every period names its \(name)") }
                return value
            }
            func number(_ name: String) throws -> String? {
                guard let value = try text(name) else { return nil }
                guard Self.isDecimal(value) else {
                    throw fail(
                        name, "\(quoted(value)) is not a number (digits with an optional sign and decimal point)")
                }
                return value
            }
            func date(_ name: String) throws -> String {
                let value = try required(name)
                guard DayCount.isDate(value) else { throw fail(name, "\(quoted(value)) is not a date (YYYY-MM-DD)") }
                return value
            }
            let given = try required("country")
            let country = given.uppercased()
            guard Countries.iso2.contains(country) else {
                throw fail(
                    "country", "\(quoted(given)) is not an ISO 3166-1 alpha-2 code" + Countries.suggestion(for: given))
            }
            if let onlyCountry, country != onlyCountry {
                throw fail("country", "\(country) is not \(onlyCountry), the only country this file may report for")
            }
            let ascending: Bool
            switch try required("ascending").lowercased() {
            case "true": ascending = true
            case "false": ascending = false
            case let other:
                throw fail(
                    "ascending", "\(quoted(other)) is neither true (higher is better) nor false (lower is better)")
            }
            let start = try date("period_start")
            let end = try date("period_end")
            guard start <= end else { throw fail("period_end", "\(end) is before the period's start, \(start)") }
            try accept(
                MonitoringPeriod(
                    program: try required("program"), country: country, indicator: try required("indicator"),
                    ascending: ascending, baseline: try number("baseline"), periodStart: start, periodEnd: end,
                    target: try number("target"), actual: try number("actual"), line: line))
            count += 1
        }
        return count
    }

    /// True for decimal text: an optional sign, digits, an optional decimal point with digits.
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.allSatisfy { part in part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }
}
