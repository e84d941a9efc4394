public import AtalayaDomain

// MARK: - ForeignAssistance.gov and Greenbook CSV files into official rows

/// The column layouts Atalaya knows, recognised by their header.
public enum OfficialLayout: String, Sendable, CaseIterable {
    /// The 51-column complete-dataset export (with its "Funding Acount ID" typo).
    case faComplete51 = "fa-complete-51"
    /// The 56-column complete dataset (`us_foreign_aid_complete.csv`).
    case faComplete56 = "fa-complete-56"
    /// Country totals by fiscal year and transaction type (11 columns).
    case faSummary = "fa-summary-11"
    /// The Greenbook's "Economic and Military Aid" sheet as CSV (9 columns).
    case greenbook = "greenbook-9"

    /// The dataset rows of this layout belong to.
    public var dataset: OfficialDataset {
        switch self {
        case .faComplete51, .faComplete56: .faComplete
        case .faSummary: .faSummary
        case .greenbook: .greenbook
        }
    }

    /// The header, column by column.
    public var columns: [String] {
        switch self {
        case .faComplete51:
            Self.completeStart + ["Submission ID", "Funding Acount ID"] + Self.completeAccount + ["Activity ID"]
                + Self.completeActivity + ["Fiscal Year", "Current Dollar Amount", "Constant Dollar Amount"]
        case .faComplete56:
            Self.completeStart + ["Funding Account ID"] + Self.completeAccount + ["Activity ID", "Submission ID"]
                + Self.completeActivity
                + [
                    "Fiscal Year", "Transaction Date", "Current Dollar Amount", "Constant Dollar Amount", "aid_type_id",
                    "aid_type_name", "activity_budget_amount", "submission_activity_id",
                ]
        case .faSummary:
            [
                "Country Code", "Country Name", "Region ID", "Region Name", "Income Group Acronym", "Income Group Name",
                "Transaction Type ID", "Transaction Type Name", "Fiscal Year", "current_amount", "constant_amount",
            ]
        case .greenbook:
            [
                "Fiscal Year", "Region", "Country", "Assistance Category", "Publication Row", "Funding Agency",
                "Funding Account Name", "Obligations (Historical Dollars)", "Obligations (Constant Dollars)",
            ]
        }
    }

    private static let completeStart = [
        "Country ID", "Country Code", "Country Name", "Region ID", "Region Name", "Income Group ID",
        "Income Group Name", "Income Group Acronym", "Managing Agency ID", "Managing Agency Acronym",
        "Managing Agency Name", "Managing Sub-agency or Bureau ID", "Managing Sub-agency or Bureau Acronym",
        "Managing Sub-agency or Bureau Name", "Implementing Partner Category ID", "Implementing Partner Category Name",
        "Implementing Partner Sub-category ID", "Implementing Partner Sub-category Name", "Implementing Partner ID",
        "Implementing Partner Name", "International Category ID", "International Category Name",
        "International Sector Code", "International Sector Name", "International Purpose Code",
        "International Purpose Name", "US Category ID", "US Category Name", "US Sector ID", "US Sector Name",
    ]
    private static let completeAccount = [
        "Funding Account Name", "Funding Agency ID", "Funding Agency Name", "Funding Agency Acronym",
        "Foreign Assistance Objective ID", "Foreign Assistance Objective Name", "Aid Type Group ID",
        "Aid Type Group Name",
    ]
    private static let completeActivity = [
        "Activity Name", "Activity Description", "Activity Project Number", "Activity Start Date",
        "Activity End Date", "Transaction Type ID", "Transaction Type Name",
    ]

    /// The layout whose header is exactly `header` (names trimmed, order as given); otherwise an explanation.
    static func recognise(_ header: [String]) -> Result<OfficialLayout, OfficialHeaderMismatch> {
        if let exact = allCases.first(where: { $0.columns == header }) { return .success(exact) }
        // Say what differs from the closest layout.
        let closest = allCases.max { lhs, rhs in
            Set(lhs.columns).intersection(header).count < Set(rhs.columns).intersection(header).count
        }!
        let expected = closest.columns
        for (index, name) in header.enumerated() where index >= expected.count || expected[index] != name {
            let want = index < expected.count ? "\(quoted(expected[index]))" : "no column"
            return .failure(
                OfficialHeaderMismatch(
                    column: index + 1,
                    message:
                        "unknown header: column \(index + 1) is \(quoted(name)) where the \(closest.rawValue) layout has \(want)"
                ))
        }
        return .failure(
            OfficialHeaderMismatch(
                column: header.count + 1,
                message:
                    "unknown header: \(header.count) columns where the \(closest.rawValue) layout has \(expected.count)"
            ))
    }
}

/// Why a header is not one Atalaya knows.
struct OfficialHeaderMismatch: Error {
    let column: Int
    let message: String
}

/// What reading an official file learned besides its rows.
public struct OfficialFileFacts: Sendable {
    /// The layout recognised from the header.
    public var layout: OfficialLayout
    /// Data rows read.
    public var rows: Int
    /// The file's SHA-256, when it was computed while reading.
    public var sha256: String?
}

/// Reads ForeignAssistance.gov exports and the Greenbook CSV into `OfficialAmount` rows, one at a time.
public struct OfficialReader: Sendable {
    /// Size limits for the CSV reader.
    public var limits: CSVReader.Limits

    /// Creates a reader.
    public init(limits: CSVReader.Limits = CSVReader.Limits()) {
        self.limits = limits
    }

    /// Streams `path`, calling `row` for each data row; throws `IngestError` (file, line, field) at the first bad one.
    /// With `hashing`, the facts carry the file's SHA-256, computed on the way. An Excel workbook (`.xlsx`) is read
    /// from its sheet `sheet` (or its only sheet), whose header is the first row with two cells or more (the rows
    /// above, such as the Greenbook's six title rows, are skipped); its rows' lines are the sheet's row numbers.
    @discardableResult
    public func read(
        path: String, displayName: String, expecting datasets: Set<OfficialDataset> = Set(OfficialDataset.allCases),
        hashing: Bool = false, sheet: String? = nil, progress: (Int) -> Void = { _ in },
        warning: (ImportWarning) -> Void = { _ in }, row: (OfficialAmount) throws -> Void
    ) throws -> OfficialFileFacts {
        if Workbook.isWorkbook(path: path) {
            return try readWorkbook(
                path: path, displayName: displayName, expecting: datasets, hashing: hashing, sheet: sheet,
                progress: progress, warning: warning, row: row)
        }
        if let sheet {
            throw IngestError(
                file: displayName, field: "--sheet", message: "\(quoted(sheet)) names a sheet, and this is no workbook")
        }
        let csv = try CSVReader(path: path, displayName: displayName, limits: limits, hashing: hashing)
        guard try csv.next() else { throw IngestError(file: displayName, line: 1, message: "the file is empty") }
        let header = try (0..<csv.fieldCount).map { try csv.string($0, field: "header").trimmingSpaces() }
        let rows = try OfficialRows(header: header, line: csv.line, file: displayName, expecting: datasets)
        var count = 0
        var lastProgress = 0
        while try csv.next() {
            try csv.requireFields(header.count)
            try row(try rows.columns.parse(csv, file: displayName, layout: rows.layout, warning: warning))
            count += 1
            if csv.bytesRead - lastProgress >= 4 << 20 {
                lastProgress = csv.bytesRead
                progress(csv.bytesRead)
            }
        }
        progress(csv.bytesRead)
        return OfficialFileFacts(layout: rows.layout, rows: count, sha256: csv.sha256)
    }

    /// `read` for an Excel workbook: one sheet, row by row as its part is inflated.
    private func readWorkbook(
        path: String, displayName: String, expecting datasets: Set<OfficialDataset>, hashing: Bool, sheet: String?,
        progress: (Int) -> Void, warning: (ImportWarning) -> Void, row: (OfficialAmount) throws -> Void
    ) throws -> OfficialFileFacts {
        let sha256 = hashing ? try FileDigest.sha256(path: path) : nil
        let workbook = try Workbook(path: path, displayName: displayName)
        let name = try workbook.sheet(named: sheet)
        let place = "\(displayName)[\(name)]"
        var rows: OfficialRows?
        var header: [String] = []
        var count = 0
        try workbook.read(sheet: name, limits: limits, progress: progress) { cells in
            guard let rows else {
                // Excel keeps formatted empty cells: the header ends at its last named column.
                var fields = cells.strings.map { $0.trimmingSpaces() }
                while fields.last?.isEmpty == true { fields.removeLast() }
                // Title rows above the header hold one cell.
                guard fields.count(where: { !$0.isEmpty }) >= 2 else { return }
                header = fields
                rows = try OfficialRows(header: fields, line: cells.line, file: place, expecting: datasets)
                return
            }
            if let beyond = (header.count..<max(header.count, cells.fieldCount)).first(where: {
                cells.withBytes($0) { !FieldBytes.trimmed($0).isEmpty }
            }) {
                throw IngestError(
                    file: place, line: cells.line, column: beyond + 1,
                    message: "a value in \(CellReference.name(column: beyond, row: cells.line)), right of the "
                        + "header's \(header.count) columns")
            }
            try row(try rows.columns.parse(cells, file: place, layout: rows.layout, warning: warning))
            count += 1
        }
        guard let rows else {
            throw IngestError(file: place, message: "no header: no row of the sheet has two cells or more")
        }
        return OfficialFileFacts(layout: rows.layout, rows: count, sha256: sha256)
    }
}

/// The layout a header names, checked against the datasets asked for, and where its columns are.
private struct OfficialRows {
    let layout: OfficialLayout
    let columns: Columns

    init(header: [String], line: Int, file: String, expecting datasets: Set<OfficialDataset>) throws {
        switch OfficialLayout.recognise(header) {
        case .success(let found): layout = found
        case .failure(let mismatch):
            throw IngestError(file: file, line: line, column: mismatch.column, message: mismatch.message)
        }
        guard datasets.contains(layout.dataset) else {
            throw IngestError(
                file: file, line: line,
                message: "this is a \(layout.dataset.rawValue) file (\(layout.rawValue)); import it as source "
                    + "\(layout.dataset.source)")
        }
        columns = Columns(layout: layout)
    }
}

/// Greenbook country names and their recipients, each name looked up once per file: the lookup folds the name, and
/// 75,000 rows name about 230 countries.
private final class GreenbookNames {
    private var known: [String: String?] = [:]

    func recipient(_ name: String) -> String? {
        if let found = known[name] { return found }
        let found = USGovernmentCodes.greenbookRecipient(name: name)
        known[name] = found
        return found
    }
}

/// Column positions of the fields Atalaya keeps, for one layout.
private struct Columns {
    let countryCode: Int?
    let countryName: Int
    let fiscalYear: Int
    let transactionType: Int?
    let current: Int
    let constant: Int
    let objective: Int?
    let account: Int?
    let accountName: Int?
    let agency: Int?
    let managingAgency: Int?
    let sectorID: Int?
    let sectorName: Int?
    let purpose: Int?
    let partner: Int?
    let partnerCategory: Int?
    let activityID: Int?
    let activityName: Int?
    let activityDescription: Int?
    let transactionDate: Int?
    let names: [String]
    /// The Greenbook's country names read so far, and what they are.
    let greenbookNames = GreenbookNames()

    init(layout: OfficialLayout) {
        names = layout.columns
        let find = { (name: String) -> Int? in layout.columns.firstIndex(of: name) }
        switch layout {
        case .greenbook:
            countryCode = nil
            countryName = find("Country")!
            fiscalYear = find("Fiscal Year")!
            transactionType = nil
            current = find("Obligations (Historical Dollars)")!
            constant = find("Obligations (Constant Dollars)")!
            objective = find("Assistance Category")
            account = nil
            accountName = find("Funding Account Name")
            agency = find("Funding Agency")
        case .faSummary, .faComplete51, .faComplete56:
            countryCode = find("Country Code")
            countryName = find("Country Name")!
            fiscalYear = find("Fiscal Year")!
            transactionType = find("Transaction Type Name")
            current = find("Current Dollar Amount") ?? find("current_amount")!
            constant = find("Constant Dollar Amount") ?? find("constant_amount")!
            objective = find("Foreign Assistance Objective Name")
            account = find("Funding Acount ID") ?? find("Funding Account ID")
            accountName = find("Funding Account Name")
            agency = find("Funding Agency Acronym")
        }
        managingAgency = find("Managing Agency Acronym")
        sectorID = find("US Sector ID")
        sectorName = find("US Sector Name")
        purpose = find("International Purpose Code")
        partner = find("Implementing Partner Name")
        partnerCategory = find("Implementing Partner Category Name")
        activityID = find("Activity ID")
        activityName = find("Activity Name")
        activityDescription = find("Activity Description")
        transactionDate = find("Transaction Date")
    }

    /// What a redacted field says in part ("USAID redacted this field …", "NGO - United States Redacted").
    static let redactedMark = BytePattern("edacted")

    func parse(
        _ csv: some FieldRow, file: String, layout: OfficialLayout, warning: (ImportWarning) -> Void
    ) throws -> OfficialAmount {
        func text(_ index: Int?) throws -> String? {
            guard let index else { return nil }
            return try csv.optionalString(index, field: names[index])
        }
        func fail(_ index: Int, _ message: String) -> IngestError {
            IngestError(file: file, line: csv.line, field: names[index], message: message)
        }
        let name = try text(countryName) ?? ""
        let code = try text(countryCode)
        let recipient: String
        if let countryCode {
            guard let known = USGovernmentCodes.foreignAssistanceRecipient(code: code ?? "", name: name) else {
                throw fail(
                    countryCode,
                    "unknown country code \(quoted(code ?? "")) (\(quoted(name))): not ISO 3166-1 alpha-3 nor a known "
                        + "ForeignAssistance.gov region")
            }
            recipient = known
        } else {
            guard let known = greenbookNames.recipient(name) else {
                throw fail(
                    countryName, "unknown country \(quoted(name)): not an ISO 3166-1 name or a known Greenbook entry")
            }
            recipient = known
        }
        let yearText = try text(fiscalYear) ?? ""
        guard let year = OfficialFiscalYear(yearText) else {
            throw fail(fiscalYear, "\(quoted(yearText)) is not a fiscal year (e.g. 2015 or 1976TQ)")
        }
        let measure: OfficialMeasure
        if let transactionType {
            let typeName = try text(transactionType) ?? ""
            guard let known = OfficialMeasure(transactionTypeName: typeName) else {
                throw fail(transactionType, "unknown transaction type \(quoted(typeName))")
            }
            measure = known
        } else {
            measure = .obligation
        }
        func amount(_ index: Int) throws -> Cents? {
            if let whole = csv.plainIntegerCents(index) { return whole }  // the common case: whole dollars
            guard let raw = try text(index) else {
                warning(
                    ImportWarning(
                        kind: .missingAmount, line: csv.line, activity: nil,
                        message: "\(names[index]) is empty; kept as no amount, not as zero"))
                return nil
            }
            guard let parsed = DecimalText.cents(raw) else {
                throw fail(index, "\(quoted(raw)) is not an amount in dollars")
            }
            if parsed.rounded {
                warning(
                    ImportWarning(
                        kind: .roundedToCent, line: csv.line, activity: nil,
                        message: "\(names[index]) \(raw) rounded to the cent"))
            }
            return parsed.value
        }
        let activityName = try text(activityName)
        let activityDescription = try text(activityDescription)
        let partner = try text(partner)
        let redacted = [self.activityName, self.activityDescription, self.partner].contains { index in
            index.map { csv.field($0, contains: Self.redactedMark) } ?? false
        }
        return OfficialAmount(
            dataset: layout.dataset, line: csv.line, recipient: recipient, countryCode: code, countryName: name,
            fiscalYear: year, measure: measure, currentCents: try amount(current), constantCents: try amount(constant),
            objective: try text(objective), fundingAccount: try text(account),
            fundingAccountName: try text(accountName),
            fundingAgency: try text(agency), managingAgency: try text(managingAgency), usSectorID: try text(sectorID),
            usSectorName: try text(sectorName), purposeCode: try text(purpose), implementingPartner: partner,
            partnerCategory: try text(partnerCategory), activityID: try text(activityID), activityName: activityName,
            activityDescription: activityDescription, transactionDate: try text(transactionDate), redacted: redacted)
    }
}
