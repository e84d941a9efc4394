// MARK: - The State Department's foreign-assistance budget by country and account

/// An appropriation account of the State Department's budget tables (the Congressional Budget Justification), under
/// one key whatever the year's column heading (`GHCS- USAID`, `GHP-USAID` and `GHP USAID` are one account).
public struct BudgetAccount: Sendable, Hashable, Comparable {
    /// The key Atalaya stores (`INCLE`, `GHP-USAID`, `FFP`).
    public let key: String
    /// The account's name.
    public let name: String
    /// The order the tables print accounts in: security assistance first.
    public let order: Int

    /// True for the accounts of the budget's International Security Assistance title: INCLE, NADR, PKO, IMET and
    /// FMF. Not a pillar: INCLE alone pays for interdiction, police and courts alike.
    public var isSecurityAssistance: Bool { Self.securityAssistance.contains(key) }

    /// Orders by `order`.
    public static func < (lhs: BudgetAccount, rhs: BudgetAccount) -> Bool { lhs.order < rhs.order }

    /// The keys of the International Security Assistance accounts.
    public static let securityAssistance: Set<String> = ["INCLE", "NADR", "PKO", "IMET", "FMF"]

    /// Every account Atalaya knows, in print order.
    public static let all: [BudgetAccount] = [
        ("INCLE", "International Narcotics Control and Law Enforcement"),
        ("NADR", "Nonproliferation, Anti-terrorism, Demining and Related Programs"),
        ("PKO", "Peacekeeping Operations"),
        ("IMET", "International Military Education and Training"),
        ("FMF", "Foreign Military Financing"),
        ("ESF", "Economic Support Fund"),
        ("DA", "Development Assistance"),
        ("AEECA", "Assistance for Europe, Eurasia and Central Asia"),
        ("GHP-USAID", "Global Health Programs (USAID; GHCS until FY2010)"),
        ("GHP-STATE", "Global Health Programs (State; GHCS until FY2010)"),
        ("FFP", "Food for Peace (P.L. 480 Title II)"),
        ("MRA", "Migration and Refugee Assistance"),
        ("IDA", "International Disaster Assistance"),
        ("IO&P", "International Organizations and Programs"),
        ("DF", "Democracy Fund"),
        ("AID Admin", "USAID administrative expenses"),
        ("Other", "Other accounts (the table's Other* or Other** column)"),
    ].enumerated().map { BudgetAccount(key: $1.0, name: $1.1, order: $0) }

    /// The Greenbook's name for the same appropriation account, for the security-assistance accounts: its
    /// obligations can stand beside the budget (the Greenbook's FMF loans, a separate account, are not FMF here).
    public var greenbookName: String? { Self.greenbookNames[key] }

    /// Security-assistance key → the Greenbook's `Funding Account Name`.
    public static let greenbookNames = [
        "INCLE": "International Narcotics Control and Law Enforcement",
        "NADR": "Nonproliferation, Anti-Terrorism, Demining and Related Programs",
        "PKO": "Peacekeeping Operations",
        "IMET": "International Military Education and Training",
        "FMF": "Foreign Military Financing Program",
    ]

    /// The account stored under `key`; nil when unknown.
    public static func named(_ key: String) -> BudgetAccount? { all.first { $0.key == key } }

    /// The account a column heading names, as the tables of FY2008–FY2017 spell them; nil when unknown.
    public static func heading(_ heading: String) -> BudgetAccount? {
        let squeezed = heading.uppercased().filter { $0 != " " && $0 != "-" }
        let key: String? =
            switch squeezed {
            case "GHCSUSAID", "GHPUSAID": "GHP-USAID"
            case "GHCSSTATE", "GHPSTATE": "GHP-STATE"
            case "PL480", "P.L.480", "FFP": "FFP"
            case "OTHER*", "OTHER**", "OTHER": "Other"
            case "AIDADMIN": "AID Admin"
            default: all.first { $0.key.uppercased().filter { $0 != " " && $0 != "-" } == squeezed }?.key
            }
        return key.flatMap(named)
    }
}

/// The State Department's regions, as the tables name their subtotals, under the bureaus' abbreviations.
public enum BudgetRegion {
    /// Subtotal name → code.
    public static let codes: [String: String] = [
        "Africa": "AF", "East Asia and Pacific": "EAP", "Europe and Eurasia": "EUR", "Near East": "NEA",
        "South and Central Asia": "SCA", "Western Hemisphere": "WHA",
    ]

    /// The region's name for a code (`WHA` → `Western Hemisphere`).
    public static func name(_ code: String) -> String? { codes.first { $0.value == code }?.key }
}

/// What a budget table's figures are, as the user states it at import (the tables do not say).
public enum BudgetBasis: String, Sendable, Codable, CaseIterable {
    /// Actual allocations of the year's enacted appropriation.
    case actual
    /// Estimates (the current year in a budget request).
    case estimate
    /// The President's budget request.
    case request
    /// Not stated by the source.
    case unstated
}

/// What a row of a budget table names: a country, a subtotal of the table (its total or a region's), or anything
/// else (a regional program, a bureau, an international organisation), kept as written and never put in a country.
public enum BudgetRowKind: String, Sendable, Codable, CaseIterable {
    /// A country, with its ISO code.
    case country
    /// `TOTAL` or a region's subtotal.
    case subtotal
    /// A regional program, bureau, fund or organisation.
    case other
}

/// One account's figure on one row of a budget table.
public struct AccountFigure: Sendable, Equatable {
    /// The file's line the figure is on.
    public var line: Int
    /// The row's name as written (a name wrapped onto two lines is joined).
    public var name: String
    /// What the row names.
    public var kind: BudgetRowKind
    /// The ISO 3166-1 alpha-2 code of a country row.
    public var country: String?
    /// The State Department region (`WHA`) whose subtotal the row adds up to, when the rows after that subtotal add
    /// up to it account by account; nil for subtotals and for rows no region's subtotal counts.
    public var region: String?
    /// The account.
    public var account: String
    /// The column heading as written.
    public var heading: String
    /// Thousands of current U.S. dollars, as published (`-` is zero, not stored).
    public var thousands: Int64

    /// Creates a line.
    public init(
        line: Int, name: String, kind: BudgetRowKind, country: String?, region: String? = nil, account: String,
        heading: String, thousands: Int64
    ) {
        self.line = line
        self.name = name
        self.kind = kind
        self.country = country
        self.region = region
        self.account = account
        self.heading = heading
        self.thousands = thousands
    }

    /// The amount in cents.
    public var cents: Cents { thousands * 100_000 }
}

/// One budget table (a fiscal year's), read and checked.
public struct AccountBudgetTable: Sendable, Equatable {
    /// The fiscal year every row gives.
    public var fiscalYear: Int
    /// The figures, in file order.
    public var lines: [AccountFigure]
    /// The document the table names as its source, when it does (a State Department PDF).
    public var sourceDocument: String?
    /// Lines with a name and no figures that are not part of another row's name (headings, notes), kept out.
    public var linesWithoutFigures: Int

    /// Creates a table.
    public init(fiscalYear: Int, lines: [AccountFigure], sourceDocument: String?, linesWithoutFigures: Int) {
        self.fiscalYear = fiscalYear
        self.lines = lines
        self.sourceDocument = sourceDocument
        self.linesWithoutFigures = linesWithoutFigures
    }
}
