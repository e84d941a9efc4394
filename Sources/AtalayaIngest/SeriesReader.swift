public import AtalayaDomain
import Foundation

// MARK: - Indicator files into outcome series points

/// Reads WGI, World Bank WDI (homicide) and long-format CSV files into `SeriesPoint`s, one at a time.
public struct SeriesReader: Sendable {
    /// Size limits for the CSV reader.
    public var limits: CSVReader.Limits

    /// Creates a reader.
    public init(limits: CSVReader.Limits = CSVReader.Limits()) {
        self.limits = limits
    }

    /// The header of the WGI long file (its first column is an R row index with an empty name).
    static let wgiHeader = [
        "", "Country/Territory", "Code", "Year", "Estimate", "Lower", "NumSrc", "Rank", "StdErr", "Upper", "Indicator",
    ]
    /// The columns of a World Bank WDI bulk file before the years.
    static let worldBankHeader = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    /// The long layout: `country,indicator,year,value` then optional `standard_error`.
    static let longHeader = ["country", "indicator", "year", "value"]

    /// What a file gave besides its points.
    public struct FileFacts: Sendable, Equatable {
        /// The edition read from the file (WDI's "Last Updated Date"), when it states one.
        public var statedEdition: String?
        /// Points read.
        public var points: Int
        /// Cells left empty or `NA` (missing values are not points, and not zero).
        public var missing: Int
        /// Cells that give two ratings (Freedom House's `3(6)`), of which none is kept.
        public var twoScores = 0
    }

    /// Streams `path` as `source`, calling `point` for each value; `edition` names the release (required for `wgi`
    /// and `long`, whose files carry no date; WDI files state theirs). Errors name file, line and field.
    /// An Excel workbook is read from its sheet `sheet` (or its only sheet), laid out as the source's CSV file is;
    /// the WGI long file is read from CSV only.
    @discardableResult
    public func read(
        path: String, displayName: String, source: SeriesSource, edition: String?, sheet: String? = nil,
        point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        if source == .wgi, Workbook.isWorkbook(path: path) {
            throw IngestError(file: displayName, message: "the WGI file is read as its long CSV, not from a workbook")
        }
        if let sheet = try SheetRows.ofWorkbook(path: path, displayName: displayName, sheet: sheet, limits: limits) {
            return try read(sheet.rows, file: sheet.file, source: source, edition: edition, point: point)
        }
        let csv = try CSVReader(path: path, displayName: displayName, limits: limits)
        if source == .wgi { return try readWGI(csv, file: displayName, edition: edition, point: point) }
        return try read(csv, file: displayName, source: source, edition: edition, point: point)
    }

    /// Reads records laid out as `source`'s files are (any source but WGI).
    private func read(
        _ csv: some RowSource, file displayName: String, source: SeriesSource, edition: String?,
        point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        switch source {
        case .wgi: throw IngestError(file: displayName, message: "the WGI file is read as its long CSV")
        case .homicide: return try readWorldBank(csv, file: displayName, edition: edition, point: point)
        case .long: return try readLong(csv, file: displayName, edition: edition, point: point)
        case .gitoc: return try readGITOC(csv, file: displayName, edition: edition, point: point)
        case .cpi: return try readCPI(csv, file: displayName, edition: edition, point: point)
        case .wjp: return try readWJP(csv, file: displayName, edition: edition, point: point)
        case .fsi: return try readFSI(csv, file: displayName, edition: edition, point: point)
        case .fh: return try readFreedomHouse(csv, file: displayName, edition: edition, point: point)
        }
    }

    private func required(_ edition: String?, file: String, source: SeriesSource) throws -> String {
        guard let edition, !edition.isEmpty else {
            throw IngestError(
                file: file, field: "--edition",
                message:
                    "\(source.rawValue) files carry no release date; say which edition this is (e.g. --edition 2020)")
        }
        return edition
    }

    private func header(_ csv: some RowSource, decode: (Int) throws -> String) throws -> [String] {
        try (0..<csv.fieldCount).map { try decode($0).trimmingSpaces() }
    }

    private func readWGI(
        _ csv: CSVReader, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .wgi)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { csv.windows1252($0) }
        guard names == Self.wgiHeader else {
            throw IngestError(
                file: file, line: csv.line,
                message: "not the WGI long layout (expected \(Self.wgiHeader.joined(separator: ",")))")
        }
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            // WGI files are Windows-1252 (e.g. "Côte d'Ivoire"): decoded as such, never guessed.
            let field = { (index: Int) in csv.windows1252(index).trimmingSpaces() }
            let code = field(2)
            guard let country = SeriesSource.country(alpha3: code) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Code",
                    message: "unknown country code \(quoted(code)) (\(quoted(field(1))))")
            }
            guard let indicator = SeriesSource.wgiIndicators[field(10)] else {
                throw IngestError(
                    file: file, line: csv.line, field: "Indicator", message: "unknown indicator \(quoted(field(10)))")
            }
            let year = try Self.year(field(3), file: file, line: csv.line, field: "Year")
            let estimate = field(4)
            if estimate.isEmpty || estimate == "NA" {
                facts.missing += 1
                continue
            }
            let number = try Self.number(estimate, file: file, line: csv.line, field: "Estimate")
            let errorText = field(8)
            let standardError =
                errorText == "NA" || errorText.isEmpty
                ? nil : try Self.number(errorText, file: file, line: csv.line, field: "StdErr")
            try point(
                SeriesPoint(
                    source: .wgi, edition: edition, indicator: indicator, country: country, year: year,
                    value: estimate, number: number, standardError: standardError, line: csv.line))
            facts.points += 1
        }
        return facts
    }

    private func readWorldBank(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        // Preamble lines ("Data Source", "Last Updated Date") come before the header.
        var stated: String?
        var names: [String] = []
        while try csv.next() {
            let first = try csv.string(0, field: "preamble").trimmingSpaces()
            if first == "Last Updated Date", csv.fieldCount > 1 {
                stated = try csv.optionalString(1, field: "Last Updated Date")
            }
            if first == "Country Name" {
                names = try header(csv) { try csv.string($0, field: "header") }
                break
            }
        }
        guard Array(names.prefix(4)) == Self.worldBankHeader else {
            throw IngestError(
                file: file, line: csv.line,
                message: "not a World Bank WDI file (no header starting \(Self.worldBankHeader.joined(separator: ",")))"
            )
        }
        var years: [(column: Int, year: Int)] = []
        for (column, name) in names.enumerated().dropFirst(4) where !name.isEmpty {
            years.append(
                (column, try Self.year(name, file: file, line: csv.line, field: "header column \(column + 1)")))
        }
        guard let edition = edition ?? stated else {
            throw IngestError(file: file, field: "--edition", message: "no \"Last Updated Date\"; pass --edition")
        }
        var facts = FileFacts(statedEdition: stated, points: 0, missing: 0)
        while try csv.next() {
            guard csv.fieldCount >= names.count - 1 else {
                throw IngestError(
                    file: file, line: csv.line, message: "\(csv.fieldCount) fields where the header has \(names.count)")
            }
            let code = try csv.optionalString(1, field: "Country Code") ?? ""
            guard let country = SeriesSource.country(alpha3: code) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Country Code",
                    message:
                        "unknown country code \(quoted(code)) (\(quoted(try csv.string(0, field: "Country Name"))))")
            }
            let indicatorCode = try csv.optionalString(3, field: "Indicator Code") ?? ""
            guard indicatorCode == "VC.IHR.PSRC.P5" else {
                throw IngestError(
                    file: file, line: csv.line, field: "Indicator Code",
                    message: "\(quoted(indicatorCode)) is not the homicide rate (VC.IHR.PSRC.P5)")
            }
            for (column, year) in years where column < csv.fieldCount {
                guard let text = try csv.optionalString(column, field: String(year)) else {
                    facts.missing += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: String(year))
                try point(
                    SeriesPoint(
                        source: .homicide, edition: edition, indicator: "homicide.per_100k", country: country,
                        year: year, value: text, number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    private func readLong(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .long)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { try csv.string($0, field: "header") }.map { $0.lowercased() }
        guard Array(names.prefix(4)) == Self.longHeader, names.count <= 5,
            names.count == 4 || names[4] == "standard_error"
        else {
            throw IngestError(
                file: file, line: csv.line,
                message: "the long layout is country,indicator,year,value[,standard_error]")
        }
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            let given = try csv.optionalString(0, field: "country") ?? ""
            let upper = given.uppercased()
            let country: String? =
                upper.count == 2 && Countries.iso2.contains(upper)
                ? upper
                : SeriesSource.country(alpha3: upper) ?? USGovernmentCodes.countryNames[USGovernmentCodes.fold(given)]
            guard let country else {
                throw IngestError(
                    file: file, line: csv.line, field: "country",
                    message: "\(quoted(given)) is not an ISO 3166-1 code or a country name Atalaya knows")
            }
            guard let indicator = try csv.optionalString(1, field: "indicator") else {
                throw IngestError(file: file, line: csv.line, field: "indicator", message: "empty")
            }
            let year = try Self.year(
                try csv.optionalString(2, field: "year") ?? "", file: file, line: csv.line, field: "year")
            guard let value = try csv.optionalString(3, field: "value"), value != "NA" else {
                facts.missing += 1
                continue
            }
            let number = try Self.number(value, file: file, line: csv.line, field: "value")
            let standardError =
                try names.count == 5
                ? (try csv.optionalString(4, field: "standard_error")).map {
                    try Self.number($0, file: file, line: csv.line, field: "standard_error")
                } : nil
            try point(
                SeriesPoint(
                    source: .long, edition: edition, indicator: indicator, country: country, year: year, value: value,
                    number: number, standardError: standardError, line: csv.line))
            facts.points += 1
        }
        return facts
    }

    /// GI-TOC: one row per country, scores as columns; the 2023 layout writes "Criminality avg," where 2021 has
    /// "Criminality", which also tells the edition. The two editions use different frameworks and stay apart.
    private func readGITOC(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { try csv.string($0, field: "header") }
        guard Array(names.prefix(3)) == ["Continent", "Region", "Country"], names.count > 4 else {
            throw IngestError(file: file, line: 1, message: "not a GI-TOC index file (Continent,Region,Country,…)")
        }
        let stated: String
        switch names[3] {
        case "Criminality avg,": stated = "2023"
        case "Criminality": stated = "2021"
        default:
            throw IngestError(
                file: file, line: 1, column: 4, message: "\(quoted(names[3])) is neither GI-TOC layout (2021, 2023)")
        }
        let edition = edition ?? stated
        guard let year = Int(edition.prefix(4)) else {
            throw IngestError(file: file, field: "--edition", message: "\(quoted(edition)) does not start with a year")
        }
        let indicators = names.map { name -> String in
            let base = name.replacingOccurrences(of: " avg,", with: "").replacingOccurrences(of: ",", with: "")
            return "gitoc." + SeriesSource.foldName(base).replacingOccurrences(of: " ", with: "_")
        }
        var facts = FileFacts(statedEdition: stated, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            let name = try csv.optionalString(2, field: "Country") ?? ""
            guard let country = SeriesSource.country(name: name) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Country", message: "unknown country \(quoted(name))")
            }
            for column in 3..<names.count {
                guard let text = try csv.optionalString(column, field: names[column]), text != "NA" else {
                    facts.missing += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: names[column])
                try point(
                    SeriesPoint(
                        source: .gitoc, edition: edition, indicator: indicators[column], country: country, year: year,
                        value: text, number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    /// The Freedom House header, as the `freedomhouse` R data (its first column an R row index with an empty name).
    static let freedomHouseHeader = ["", "Country", "Year", "Political.Rights", "Civil.Liberties", "Code"]
    /// States that no longer exist, or were divided, under the code of their successor in Freedom House's file: kept
    /// apart as their own keys, never merged into the successor's line.
    static let freedomHouseFormer = [
        "Czechoslovakia": "fh:czechoslovakia", "Germany, E.": "fh:germany-east", "Germany, W.": "fh:germany-west",
        "USSR": "fh:ussr", "Vietnam, N.": "fh:vietnam-north", "Vietnam, S.": "fh:vietnam-south",
        "Yemen, N.": "fh:yemen-north", "Yemen, S.": "fh:yemen-south", "Yugoslavia": "fh:yugoslavia",
    ]

    /// Freedom House, Freedom in the World: one row per country and year, political rights and civil liberties rated
    /// 1 (most free) to 7; `-` is no rating, and a cell with two ratings (`3(6)`) keeps none.
    private func readFreedomHouse(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .fh)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        guard try header(csv, decode: { try csv.string($0, field: "header") }) == Self.freedomHouseHeader else {
            throw IngestError(
                file: file, line: 1,
                message: "not Freedom House's layout (\(Self.freedomHouseHeader.dropFirst().joined(separator: ",")))")
        }
        let ratings = [(3, "Political.Rights", "fh.political_rights"), (4, "Civil.Liberties", "fh.civil_liberties")]
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(Self.freedomHouseHeader.count)
            let name = try csv.optionalString(1, field: "Country") ?? ""
            let code = try csv.optionalString(5, field: "Code") ?? ""
            guard let country = Self.freedomHouseFormer[name] ?? SeriesSource.country(alpha3: code) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Code",
                    message: "unknown country code \(quoted(code)) (\(cut(name)))"
                )
            }
            let year = try Self.year(
                try csv.optionalString(2, field: "Year") ?? "", file: file, line: csv.line, field: "Year")
            for (column, field, indicator) in ratings {
                guard let text = try csv.optionalString(column, field: field), text != "-" else {
                    facts.missing += 1
                    continue
                }
                if text.contains("(") {
                    facts.twoScores += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: field)
                guard (1...7).contains(number) else {
                    throw IngestError(
                        file: file, line: csv.line, field: field, message: "\(cut(text)) is not a rating from 1 to 7")
                }
                try point(
                    SeriesPoint(
                        source: .fh, edition: edition, indicator: indicator, country: country, year: year, value: text,
                        number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    /// TI CPI: `Country Name` then one column per year (any order).
    private func readCPI(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .cpi)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { try csv.string($0, field: "header") }
        guard names.first == "Country Name", names.count > 1 else {
            throw IngestError(file: file, line: 1, message: "not a CPI file (Country Name, then one column per year)")
        }
        let years = try names.dropFirst().map { try Self.year($0, file: file, line: 1, field: "header") }
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            let name = try csv.optionalString(0, field: "Country Name") ?? ""
            guard let country = SeriesSource.country(name: name) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Country Name", message: "unknown country \(quoted(name))")
            }
            for (offset, year) in years.enumerated() {
                guard let text = try csv.optionalString(offset + 1, field: String(year)), text != "NA" else {
                    facts.missing += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: String(year))
                try point(
                    SeriesPoint(
                        source: .cpi, edition: edition, indicator: "cpi.score", country: country, year: year,
                        value: text, number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    /// WJP: one row per country and year; every column after `Year` is a score. Header cells may hold line breaks.
    private func readWJP(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .wjp)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { try csv.string($0, field: "header") }
        guard names.count > 7,
            Array(names[1...6]) == ["Country", "Abbreviation", "Region", "Income Group", "Overall Score", "Year"]
        else {
            throw IngestError(
                file: file, line: 1,
                message: "not the WJP layout (\"\",Country,Abbreviation,Region,Income Group,Overall Score,Year,…)")
        }
        // "Factor 1:Constraints on …" → wjp.factor_1; "8.5 Criminal system is free of corruption" → wjp.8_5.
        let indicators = names.map { name -> String in
            let label = name.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\n" })
            let key = name.hasPrefix("Factor") && label.count > 1 ? "factor_" + label[1] : String(label.first ?? "")
            return "wjp." + key.replacingOccurrences(of: ".", with: "_").lowercased()
        }
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            let code = try csv.optionalString(2, field: "Abbreviation") ?? ""
            let name = try csv.optionalString(1, field: "Country") ?? ""
            guard let country = SeriesSource.country(alpha3: code) ?? SeriesSource.country(name: name) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Abbreviation",
                    message: "unknown country \(quoted(code)) (\(quoted(name)))")
            }
            let year = try Self.year(
                try csv.optionalString(6, field: "Year") ?? "", file: file, line: csv.line, field: "Year")
            for column in [5] + Array(7..<names.count) {
                guard let text = try csv.optionalString(column, field: names[column]), text != "NA" else {
                    facts.missing += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: names[column])
                try point(
                    SeriesPoint(
                        source: .wjp, edition: edition, indicator: column == 5 ? "wjp.overall" : indicators[column],
                        country: country, year: year, value: text, number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    /// FSI: one file per year; `Total` and the indicator columns (`C1: Security Apparatus` …) in any order; `Rank`
    /// and `Change from Previous Year` are not scores. `Year` is `2006-01-01` or `2023`.
    private func readFSI(
        _ csv: some RowSource, file: String, edition: String?, point: (SeriesPoint) throws -> Void
    ) throws -> FileFacts {
        let edition = try required(edition, file: file, source: .fsi)
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let names = try header(csv) { try csv.string($0, field: "header") }
        guard Array(names.prefix(4)) == ["Country", "Year", "Rank", "Total"] else {
            throw IngestError(file: file, line: 1, message: "not the FSI layout (Country,Year,Rank,Total,…)")
        }
        var scores: [(column: Int, indicator: String)] = [(3, "fsi.total")]
        for (column, name) in names.enumerated().dropFirst(4) where !name.hasPrefix("Change") && name.contains(":") {
            scores.append((column, "fsi." + name.prefix { $0 != ":" }.lowercased()))
        }
        var facts = FileFacts(statedEdition: nil, points: 0, missing: 0)
        while try csv.next() {
            try csv.requireFields(names.count)
            let name = try csv.optionalString(0, field: "Country") ?? ""
            guard let country = SeriesSource.country(name: name) else {
                throw IngestError(
                    file: file, line: csv.line, field: "Country", message: "unknown country \(quoted(name))")
            }
            let yearText = try csv.optionalString(1, field: "Year") ?? ""
            let year = try Self.year(String(yearText.prefix(4)), file: file, line: csv.line, field: "Year")
            for (column, indicator) in scores {
                guard let text = try csv.optionalString(column, field: names[column]) else {
                    facts.missing += 1
                    continue
                }
                let number = try Self.number(text, file: file, line: csv.line, field: names[column])
                try point(
                    SeriesPoint(
                        source: .fsi, edition: edition, indicator: indicator, country: country, year: year, value: text,
                        number: number, line: csv.line))
                facts.points += 1
            }
        }
        return facts
    }

    static func year(_ text: String, file: String, line: Int, field: String) throws -> Int {
        guard text.utf8.count == 4, let year = Int(text), (1900...2100).contains(year) else {
            throw IngestError(file: file, line: line, field: field, message: "\(quoted(text)) is not a year")
        }
        return year
    }

    static func number(_ text: String, file: String, line: Int, field: String) throws -> Double {
        guard let number = DecimalText.finiteNumber(text) else {
            throw IngestError(file: file, line: line, field: field, message: "\(quoted(text)) is not a number")
        }
        return number
    }
}

extension CSVReader {
    /// Field `index` decoded as Windows-1252 (every byte is a character; 0x80–0x9F per the code page).
    public func windows1252(_ index: Int) -> String {
        withBytes(index) { bytes in
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                if byte < 0x80 || byte >= 0xA0 {
                    scalars.append(Unicode.Scalar(byte))
                } else {
                    scalars.append(Unicode.Scalar(Self.cp1252High[Int(byte - 0x80)]) ?? "\u{FFFD}")
                }
            }
            return String(scalars)
        }
    }

    /// Windows-1252 code points for bytes 0x80–0x9F (undefined ones as U+FFFD).
    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
