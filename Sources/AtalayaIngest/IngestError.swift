// MARK: - Errors that say where

/// A file Atalaya refuses, with the place that made it refuse; the import changes nothing.
public struct IngestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, as the user named it.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The element, attribute or field at fault, when known.
    public var field: String?
    /// What is wrong, in plain words.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field.map { cut($0) }
        self.message = message
    }

    /// `file:line:column: field: message`.
    public var description: String { location + message }

    /// Where, as the description begins: `file:line:column: field: `.
    public var location: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return place + ": " + (field.map { "\($0): " } ?? "")
    }
}

/// A value from a file, in quotes, for a message: whole up to 60 characters, else its first 59 and `…` (a field may
/// hold a megabyte, which a message should not repeat).
func quoted(_ value: some StringProtocol) -> String { "\"\(cut(value))\"" }

/// A value from a file as a message names it without quotes (a row's or a column's name): whole up to 60 characters,
/// else its first 59 and `…`.
func cut(_ value: some StringProtocol) -> String {
    guard let sixty = value.index(value.startIndex, offsetBy: 60, limitedBy: value.endIndex), sixty < value.endIndex
    else { return String(value) }
    return "\(value[..<value.index(before: sixty)])…"
}

/// Something imported but worth knowing; counted by kind in the import summary.
public struct ImportWarning: Sendable, Equatable, Codable {
    /// What kind of thing happened.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A recipient-country code that is not ISO 3166-1 (kept as given).
        case nonISOCountry = "non_iso_country"
        /// A value with more than two decimals, rounded to the cent.
        case roundedToCent = "rounded_to_cent"
        /// An amount with no currency on the value or the activity (kept, reported unconverted).
        case missingCurrency = "missing_currency"
        /// A currency (the value's, or the activity's default it would take) that is not a three-letter code; the
        /// amount is kept with no currency (reported unconverted).
        case invalidCurrency = "invalid_currency"
        /// A sector or recipient whose code is missing or blank; ignored (the other shares normalised).
        case missingCode = "missing_code"
        /// A value that is not a number; the transaction or budget was not imported.
        case unreadableValue = "unreadable_value"
        /// An indicator's baseline, target or actual that is not a number (kept as published; no progress read).
        case indicatorValueNotNumber = "indicator_value_not_number"
        /// An activity without an iati-identifier; not imported.
        case missingIdentifier = "missing_identifier"
        /// The same iati-identifier twice in one file; the later one replaces the earlier only when it is newer.
        case duplicateIdentifier = "duplicate_identifier"
        /// Percentages that do not sum to 100 (normalised when splitting).
        case percentagesNot100 = "percentages_not_100"
        /// A transaction with no transaction type; not imported.
        case missingTransactionType = "missing_transaction_type"
        /// An IATI version newer than 2.03 (read as 2.03).
        case newerVersion = "newer_version"
        /// An older stored activity was kept because the file's copy is not newer.
        case staleActivity = "stale_activity"
        /// An amount column left empty (kept as no amount, never as zero).
        case missingAmount = "missing_amount"
        /// No vintage was stated for a file that carries none; the file's modification date was used.
        case vintageAssumed = "vintage_assumed"
        /// Rows of an older vintage than the one already stored; kept for comparison, not in figures.
        case olderVintage = "older_vintage"
        /// A budget table's row total that is not the sum of its accounts (the accounts are kept).
        case totalMismatch = "total_mismatch"
        /// A budget table's region whose subtotal the rows after it do not add up to (no row placed in it).
        case regionUnbalanced = "region_unbalanced"
        /// A transaction value that its value date's rate would make more dollars than cents hold (reported
        /// unconverted).
        case conversionBeyondCents = "conversion_beyond_cents"
    }

    /// The kind.
    public var kind: Kind
    /// The line in the file.
    public var line: Int
    /// The activity concerned, when known.
    public var activity: String?
    /// What happened.
    public var message: String

    /// Creates a warning.
    public init(kind: Kind, line: Int, activity: String?, message: String) {
        self.kind = kind
        self.line = line
        self.activity = activity
        self.message = message
    }
}
