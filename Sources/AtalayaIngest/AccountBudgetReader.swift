public import AtalayaDomain

// MARK: - The State Department's budget by country and account (CBJ tables as CSV)

/// The text encoding of a budget table: the CSIS copies of FY2012 on are Windows-1252 (`’` is byte 0x92).
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (the default; any other byte sequence is an error).
    case utf8 = "utf-8"
    /// Windows-1252: every byte is a character (the five the code page leaves undefined read as U+FFFD).
    case windows1252 = "windows-1252"
}

/// Reads one fiscal year's table of the State Department's foreign-assistance budget by country and account, as
/// the CSV files of `../shared/data/state-dept-cbj-account-by-country`: a `Country` column, one column per account
/// (headings vary by year and are read through `BudgetAccount.heading`), a row total (`Total` or `All Accounts`,
/// and in FY2008–09 `Total without GHCS-State`) and `Fiscal Year`. Amounts are thousands of dollars written
/// `"1,250"`, `-` for zero. Every row total is checked against its accounts; every account figure is kept. A sheet
/// of the CSIS workbook those files were saved from (one a fiscal year) is read as the same table.
public struct AccountBudgetReader: Sendable {
    /// The encoding of the file's text.
    public var encoding: TextEncoding

    /// Creates a reader.
    public init(encoding: TextEncoding = .utf8) { self.encoding = encoding }

    /// The subtotal rows: the table's total and its regions.
    public static let subtotalNames: Set<String> = [
        "TOTAL", "Africa", "East Asia and Pacific", "Europe and Eurasia", "Near East", "South and Central Asia",
        "Western Hemisphere",
    ]

    /// The largest file read (the tables are about 30 KB; each is read whole, then checked).
    public static let maxBytes = 8 << 20

    /// The table in `path`, checked; an `IngestError` (file, line, field) at the first thing that is not right. A
    /// CSV file is read in the reader's encoding; an Excel workbook's sheet `sheet` (or its only sheet) is read as
    /// the same table, whose errors name `book.xlsx[Sheet]` and the sheet's row, and whose amounts may be numbers
    /// (`41613692`) as well as text.
    public func read(
        path: String, displayName: String, sheet: String? = nil, warning: (ImportWarning) -> Void = { _ in }
    ) throws -> AccountBudgetTable {
        if encoding != .utf8, Workbook.isWorkbook(path: path) {
            throw IngestError(
                file: displayName, field: "--encoding",
                message: "a workbook's text is Unicode; --encoding windows-1252 is for the CSV copies")
        }
        if let (rows, place) = try SheetRows.ofWorkbook(
            path: path, displayName: displayName, sheet: sheet, maxBytes: Self.maxBytes)
        {
            return try read(
                rows, file: place, sheet: true, bytesRead: { 0 },
                text: { index, field in try rows.optionalString(index, field: field) }, warning: warning)
        }
        let csv = try CSVReader(path: path, displayName: displayName)
        return try read(
            csv, file: displayName, sheet: false, bytesRead: { csv.bytesRead },
            text: { index, field in try decode(csv, index, field: field, file: displayName) }, warning: warning)
    }

    /// The table in `rows`: `text` gives a field's trimmed text (nil when empty); `sheet` says the rows are a
    /// workbook's, whose short rows are empty cells left out and whose amounts may be plain numbers.
    private func read<Rows: RowSource>(
        _ rows: Rows, file displayName: String, sheet: Bool, bytesRead: () -> Int,
        text: (Int, String) throws -> String?, warning: (ImportWarning) -> Void
    ) throws -> AccountBudgetTable {
        guard try rows.next() else { throw IngestError(file: displayName, line: 1, message: "the file is empty") }
        let (header, columns) = try Self.header(rows, file: displayName, text: text)
        var lines: [AccountFigure] = []
        var fiscalYear: Int?
        var sourceDocument: String?
        var withoutFigures = 0
        /// A name on a line with no figures, which the next line's figures may carry on.
        var pending: (name: String, line: Int)?
        var countriesSeen: [String: Int] = [:]
        /// Every row with figures, zeros included, summed by account: what the regions' subtotals are checked with.
        var sums: [RowSums] = []
        while try rows.next() {
            if bytesRead() > Self.maxBytes {
                throw IngestError(file: displayName, line: rows.line, message: "larger than \(Self.maxBytes >> 20) MB")
            }
            let line = rows.line
            // A sheet leaves a row's empty cells out, so a short row is one with empty cells; a CSV record has them.
            if sheet {
                try rows.requireFields(header.count)
            } else if rows.fieldCount != header.count {
                // The table's closing note: a link to the State Department document it was taken from.
                if rows.fieldCount == 1, let text = try text(0, "Country"), text.hasPrefix("http") {
                    sourceDocument = text
                    continue
                }
                try rows.requireFields(header.count)
                continue
            }
            let name = try text(0, header[0]) ?? ""
            func field(_ index: Int) throws -> Int64? {
                guard let text = try text(index, header[index]) else { return nil }
                guard let value = Self.thousands(text) ?? (sheet ? Self.wholeNumber(text) : nil) else {
                    throw IngestError(
                        file: displayName, line: line, field: header[index],
                        message: "\(quoted(text)) is not an amount in thousands of dollars (e.g. \"1,250\""
                            + (sheet ? ", a whole number" : "") + " or - for zero)")
                }
                return value
            }
            let yearText = try text(columns.fiscalYear, header[columns.fiscalYear])
            var figures: [(index: Int, value: Int64)] = []
            for index in columns.accounts.map(\.index) {
                if let value = try field(index) { figures.append((index, value)) }
            }
            let total = try field(columns.total)
            let withoutState = try columns.totalWithoutState.map(field) ?? nil
            if figures.isEmpty && total == nil && withoutState == nil {
                if name.hasPrefix("http"), yearText == nil {
                    sourceDocument = name
                } else if !name.isEmpty {
                    // A name no figures followed (a heading), unless the next name is its continuation.
                    if pending != nil { withoutFigures += 1 }
                    pending = (name, line)
                }
                continue
            }
            guard let yearText, yearText.utf8.count == 4, let year = Int(yearText), (1946...2100).contains(year) else {
                throw IngestError(
                    file: displayName, line: line, field: "Fiscal Year",
                    message: "\(quoted(yearText ?? "")) is not a fiscal year (e.g. 2016)")
            }
            if let fiscalYear, fiscalYear != year {
                throw IngestError(
                    file: displayName, line: line, field: "Fiscal Year",
                    message: "FY\(year) in a table of FY\(fiscalYear): one file holds one fiscal year")
            }
            fiscalYear = year
            // A name wrapped onto two lines: the figures are on the second, which may carry the rest of the name or
            // none of it. A country's own name is never a continuation.
            var rowName = Self.squeezed(name)
            var country = Self.country(rowName)
            if let heading = pending {
                if country == nil {
                    rowName = Self.squeezed(heading.name + " " + name)
                    country = Self.country(rowName)
                } else {
                    withoutFigures += 1
                }
                pending = nil
            }
            guard !rowName.isEmpty else {
                throw IngestError(file: displayName, line: line, field: header[0], message: "figures with no name")
            }
            let kind: BudgetRowKind =
                country != nil ? .country : Self.subtotalNames.contains(rowName) ? .subtotal : .other
            if let country {
                if let first = countriesSeen[country] {
                    throw IngestError(
                        file: displayName, line: line, field: header[0],
                        message: "\(cut(rowName)) (\(country)) again: its figures are on line \(first) already")
                }
                countriesSeen[country] = line
            }
            let sum = figures.reduce(Int64(0)) { $0 + $1.value }
            if (total ?? 0) != sum {
                warning(
                    ImportWarning(
                        kind: .totalMismatch, line: line, activity: nil,
                        message: "\(cut(rowName)): \(cut(header[columns.total])) \(Self.grouped(total)) is not "
                            + "\(Self.grouped(sum)), the sum of its accounts; the accounts are kept"))
            }
            if let index = columns.totalWithoutState, let withoutState {
                let state = figures.first { columns.account(at: $0.index)?.key == "GHP-STATE" }?.value ?? 0
                if withoutState != (total ?? 0) - state {
                    warning(
                        ImportWarning(
                            kind: .totalMismatch, line: line, activity: nil,
                            message: "\(cut(rowName)): \(cut(header[index])) \(Self.grouped(withoutState)) is not "
                                + "\(Self.grouped((total ?? 0) - state)), the total less GHCS-State; the accounts "
                                + "are kept"))
                }
            }
            var byAccount: [String: Int64] = [:]
            for (index, value) in figures where value != 0 {
                guard let account = columns.account(at: index) else { continue }
                byAccount[account.key, default: 0] += value
                lines.append(
                    AccountFigure(
                        line: line, name: rowName, kind: kind, country: country, account: account.key,
                        heading: header[index], thousands: value))
            }
            sums.append(RowSums(line: line, name: rowName, kind: kind, accounts: byAccount, total: sum))
        }
        if pending != nil { withoutFigures += 1 }
        let regions = Self.regions(sums, warning: warning)
        for index in lines.indices { lines[index].region = regions[lines[index].line] }
        guard let fiscalYear else {
            throw IngestError(file: displayName, line: rows.line, message: "no row gives a figure and a fiscal year")
        }
        return AccountBudgetTable(
            fiscalYear: fiscalYear, lines: lines, sourceDocument: sourceDocument, linesWithoutFigures: withoutFigures)
    }

    /// The header and where its columns are. A header may take two rows, as the workbook's FY2009 sheet's does
    /// (`Total` below, `Total without GHCS-State` above, each column's heading in one of them): when the first row is
    /// no header and the next holds text only where the first has none, the two are read as one.
    private static func header<Rows: RowSource>(
        _ rows: Rows, file: String, text: (Int, String) throws -> String?
    ) throws -> ([String], Layout) {
        func cells() throws -> [String] { try (0..<rows.fieldCount).map { try text($0, "header") ?? "" } }
        let first = try cells()
        let line = rows.line
        do {
            return (first, try Layout(header: first, line: line, file: file))
        } catch let error as IngestError {
            guard try rows.next() else { throw error }
            let second = try cells()
            let width = max(first.count, second.count)
            let pairs = (0..<width).map { index in
                (index < first.count ? first[index] : "", index < second.count ? second[index] : "")
            }
            guard !pairs.contains(where: { !$0.0.isEmpty && !$0.1.isEmpty }) else { throw error }
            let merged = pairs.map { $0.0.isEmpty ? $0.1 : $0.0 }
            guard let layout = try? Layout(header: merged, line: line, file: file) else { throw error }
            return (merged, layout)
        }
    }

    /// One row's figures summed by account.
    struct RowSums {
        let line: Int
        let name: String
        let kind: BudgetRowKind
        let accounts: [String: Int64]
        let total: Int64
    }

    /// The region of each row, by line: a region's subtotal counts the rows after it, in file order, until their
    /// totals reach its own; the region is theirs when they add up to it account by account as well. Otherwise (a
    /// subtotal reached before, or sums that differ) a `region_unbalanced` warning, and no row placed in it.
    static func regions(_ rows: [RowSums], warning: (ImportWarning) -> Void) -> [Int: String] {
        var out: [Int: String] = [:]
        for (position, subtotal) in rows.enumerated() where subtotal.kind == .subtotal {
            guard let code = BudgetRegion.codes[subtotal.name] else { continue }
            var members: [Int] = []
            var total: Int64 = 0
            var accounts: [String: Int64] = [:]
            var next = position + 1
            while total != subtotal.total || members.isEmpty, next < rows.count, rows[next].kind != .subtotal {
                members.append(rows[next].line)
                total += rows[next].total
                accounts.merge(rows[next].accounts, uniquingKeysWith: +)
                next += 1
            }
            guard total == subtotal.total, accounts.filter({ $0.value != 0 }) == subtotal.accounts else {
                warning(
                    ImportWarning(
                        kind: .regionUnbalanced, line: subtotal.line, activity: nil,
                        message: "\(subtotal.name): the rows after its subtotal do not add up to it account by "
                            + "account; no row is placed in the region"))
                continue
            }
            for line in members { out[line] = code }
        }
        return out
    }

    /// Where the columns are.
    private struct Layout {
        let accounts: [(index: Int, account: BudgetAccount)]
        let total: Int
        let totalWithoutState: Int?
        let fiscalYear: Int

        /// The headings a table's first column has: `Country` in the CSV copies; in the workbook, none, or the
        /// table's unit (`$ in thousands for all items`, `($ in thousands)`).
        static func isNameHeading(_ heading: String) -> Bool {
            heading == "Country" || heading.isEmpty || heading.contains("$ in thousands")
        }

        init(header: [String], line: Int, file: String) throws {
            func fail(_ index: Int, _ message: String) -> IngestError {
                IngestError(file: file, line: line, column: index + 1, field: "header", message: message)
            }
            guard let first = header.first, Self.isNameHeading(first) else {
                throw fail(0, "the first column is \(quoted(header.first ?? "")) where a budget table has \"Country\"")
            }
            guard header.count >= 4, header.last == "Fiscal Year" || header.last == "Year" else {
                throw fail(
                    header.count - 1,
                    "the last column is \(quoted(header.last ?? "")) where a budget table has "
                        + "\"Fiscal Year\" (or, in the workbook, \"Year\")")
            }
            var accounts: [(Int, BudgetAccount)] = []
            var total: Int?
            var withoutState: Int?
            for index in 1..<(header.count - 1) {
                let heading = header[index]
                switch heading {
                case "Total", "All Accounts":
                    guard total == nil else { throw fail(index, "a second row total, \(quoted(heading))") }
                    total = index
                case "Total without GHCS-State":
                    withoutState = index
                case "":
                    throw fail(
                        index,
                        "a column with no heading: its figures are an account's, and the table does not say which "
                            + "(the workbook's FY2010 sheet leaves two out; its CSV copy names them)")
                default:
                    guard let account = BudgetAccount.heading(heading) else {
                        throw fail(
                            index,
                            "unknown account \(quoted(heading)) (known: "
                                + BudgetAccount.all.map(\.key).joined(separator: ", ") + ")")
                    }
                    if let earlier = accounts.first(where: { $0.1 == account }) {
                        throw fail(
                            index,
                            "\(quoted(heading)) is the account of column \(earlier.0 + 1) (\(cut(header[earlier.0]))) again"
                        )
                    }
                    accounts.append((index, account))
                }
            }
            guard let total else {
                throw fail(header.count - 1, "no row total (\"Total\" or \"All Accounts\")")
            }
            self.accounts = accounts
            self.total = total
            totalWithoutState = withoutState
            fiscalYear = header.count - 1
        }

        func account(at index: Int) -> BudgetAccount? { accounts.first { $0.index == index }?.account }
    }

    /// A field's text, trimmed, in the reader's encoding; nil when empty.
    private func decode(_ csv: CSVReader, _ index: Int, field: String, file: String) throws -> String? {
        switch encoding {
        case .utf8:
            do {
                return try csv.optionalString(index, field: field)
            } catch var error as IngestError where error.message.hasPrefix("not valid UTF-8") {
                error.message =
                    "not valid UTF-8; the CSIS copies of these tables from FY2012 on are Windows-1252: "
                    + "import them with --encoding windows-1252"
                throw error
            }
        case .windows1252:
            let text = csv.windows1252(index).trimmingSpaces()
            if text.unicodeScalars.contains("\0") {
                throw IngestError(file: file, line: csv.line, field: field, message: "holds a NUL byte (0x00)")
            }
            return text.isEmpty ? nil : text
        }
    }

    /// `"1,250"` → 1250, `-` → 0, `-875,000` → -875000; nil for anything else (groups of three digits only, at most
    /// four: 999,999,999,999 thousands is a quadrillion dollars, and a fifth group would pass what `Cents` holds).
    public static func thousands(_ text: String) -> Int64? {
        if text == "-" { return 0 }
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let groups = digits.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.count <= 4,
            groups.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
        else { return nil }
        let value = groups.reduce(Int64(0)) { total, group in total * 1000 + Int64(group)! }
        return negative ? -value : value
    }

    /// A workbook's number of thousands as Excel writes it, `41613692` or `-875000`; nil for anything else (a
    /// fraction, an exponent, or more than 12 digits, as `thousands` allows).
    static func wholeNumber(_ text: String) -> Int64? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard (1...12).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }

    /// The ISO alpha-2 code of a country row's name; nil for anything else.
    static func country(_ name: String) -> String? {
        USGovernmentCodes.countryNames[USGovernmentCodes.fold(name)] ?? otherNames[name]
    }

    /// Country names the tables use that neither ISO 3166 nor the Greenbook spell so.
    static let otherNames = [
        "The Bahamas": "BS", "The Gambia": "GM", "Burma": "MM", "Cape Verde": "CV",
        "Democratic Republic of the Congo": "CD", "Macedonia": "MK", "Micronesia": "FM", "Swaziland": "SZ",
    ]

    /// A name with runs of spaces made one (the tables wrap and pad names).
    static func squeezed(_ name: String) -> String {
        name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    private static func grouped(_ thousands: Int64?) -> String {
        guard let thousands else { return "(empty)" }
        return DecimalText.formatWhole(thousands * 100)
    }
}
