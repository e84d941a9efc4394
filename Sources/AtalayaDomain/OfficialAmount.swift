import Foundation

// MARK: - Official U.S. figures: ForeignAssistance.gov and the Greenbook

/// A U.S. government dataset Atalaya reads; each is a source of its own, never added to another.
public enum OfficialDataset: String, Sendable, Codable, CaseIterable {
    /// The ForeignAssistance.gov complete dataset (transaction level; 51- or 56-column exports).
    case faComplete = "fa-complete"
    /// ForeignAssistance.gov country totals by fiscal year and transaction type (11 columns).
    case faSummary = "fa-summary"
    /// U.S. Overseas Loans and Grants (the Greenbook), obligations by country, year and account.
    case greenbook

    /// The source a report names (`fa` or `greenbook`).
    public var source: String { self == .greenbook ? "greenbook" : "fa" }
}

/// A ForeignAssistance.gov transaction type; the figures never add two of them.
public enum OfficialMeasure: String, Sendable, Codable, CaseIterable {
    /// Obligations.
    case obligation
    /// Disbursements.
    case disbursement
    /// Appropriated and planned (summary files only).
    case appropriatedPlanned = "appropriated_planned"
    /// Initial allocations (summary files only).
    case initialAllocation = "initial_allocation"
    /// President's budget requests (summary files only).
    case budgetRequest = "budget_request"

    /// The measure named by a `Transaction Type Name` as the dataset writes it; nil when unknown.
    public init?(transactionTypeName name: String) {
        switch name.lowercased() {
        case "obligations", "obligation": self = .obligation
        case "disbursements", "disbursement": self = .disbursement
        case "appropriated and planned": self = .appropriatedPlanned
        case "initial allocations": self = .initialAllocation
        case "president's budget requests", "president’s budget requests": self = .budgetRequest
        default: return nil
        }
    }

    /// The ledger measure for portfolio figures; nil for planning figures that are not spending.
    public var ledgerMeasure: Measure? {
        switch self {
        case .obligation: .obligation
        case .disbursement: .disbursement
        case .appropriatedPlanned, .initialAllocation, .budgetRequest: nil
        }
    }
}

/// A U.S. fiscal year as these datasets write it: `2015`, or the 1976 transition quarter (`1976TQ`, `1976.9`).
public struct OfficialFiscalYear: Sendable, Equatable, Hashable, Codable {
    /// The year; 1976 for the transition quarter.
    public var year: Int
    /// True for July–September 1976, the quarter between FY1976 and FY1977.
    public var transitionQuarter: Bool

    /// Creates a fiscal year.
    public init(year: Int, transitionQuarter: Bool = false) {
        self.year = year
        self.transitionQuarter = transitionQuarter
    }

    /// Reads `2015`, `1976TQ`, `1976tq` or `1976.9`; nil otherwise.
    public init?(_ text: some StringProtocol) {
        self.init(String(text))
    }

    /// Reads `2015`, `1976TQ`, `1976tq` or `1976.9`; nil otherwise. (Not generic: a generic reading, called once per
    /// row from another module, walked the text through protocol witnesses.)
    public init?(_ text: String) {
        // The common case, four ASCII digits, without Foundation's Unicode trimming and case mapping.
        var digits = 0
        var value = 0
        for byte in text.utf8 {
            guard digits < 4, byte >= 0x30, byte <= 0x39 else {
                digits = -1
                break
            }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        if digits == 4 {
            guard value >= 1900 else { return nil }
            self.init(year: value)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower == "1976tq" || lower == "1976.9" {
            self.init(year: 1976, transitionQuarter: true)
            return
        }
        guard trimmed.utf8.count == 4, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let year = Int(trimmed),
            year >= 1900
        else { return nil }
        self.init(year: year)
    }

    /// `2015` or `1976TQ`.
    public var label: String {
        if transitionQuarter { return "\(year)TQ" }
        // Made once, not formatted again for each of millions of rows.
        return Self.yearLabels.indices.contains(year - 1900) ? Self.yearLabels[year - 1900] : String(year)
    }

    /// `1900` … `2199`.
    private static let yearLabels = (1900..<2200).map { String($0) }
}

/// One row of a U.S. government dataset, with the fields Atalaya keeps.
public struct OfficialAmount: Sendable, Equatable {
    /// Which dataset.
    public var dataset: OfficialDataset
    /// The line the record starts on.
    public var line: Int
    /// The recipient key: ISO alpha-2, or `fa:…`/`gb:…` for regions and former countries.
    public var recipient: String
    /// The country code as the file gives it (alpha-3, a region code, or empty).
    public var countryCode: String?
    /// The country name as the file gives it.
    public var countryName: String
    /// The fiscal year.
    public var fiscalYear: OfficialFiscalYear
    /// The transaction type.
    public var measure: OfficialMeasure
    /// Current (historical) U.S. dollars, in cents.
    public var currentCents: Cents?
    /// Constant dollars, in cents (the dataset's base year).
    public var constantCents: Cents?
    /// `Economic` or `Military`, when given.
    public var objective: String?
    /// The Treasury account symbol (`72x1037`), when given.
    public var fundingAccount: String?
    /// The account's name.
    public var fundingAccountName: String?
    /// The funding agency.
    public var fundingAgency: String?
    /// The managing agency.
    public var managingAgency: String?
    /// ForeignAssistance.gov's US Sector ID and name.
    public var usSectorID: String?
    /// The US sector's name.
    public var usSectorName: String?
    /// The international (DAC) purpose code.
    public var purposeCode: String?
    /// The implementing partner's name.
    public var implementingPartner: String?
    /// The implementing partner's category.
    public var partnerCategory: String?
    /// The activity's id in ForeignAssistance.gov.
    public var activityID: String?
    /// The activity's name.
    public var activityName: String?
    /// The activity's description.
    public var activityDescription: String?
    /// The transaction date (56-column files), as given.
    public var transactionDate: String?
    /// True when the publisher redacted names or descriptions in this row (kept in totals, flagged).
    public var redacted: Bool
    /// The pillar and crosswalk rule, when already classified (importers classify on the parsing thread).
    public var placement: Placement?

    /// Where the crosswalk put a row and which rule did it.
    public struct Placement: Sendable, Equatable {
        /// The pillar.
        public var pillar: Pillar
        /// The rule's id (`default:out_of_scope` when none matched).
        public var ruleID: String

        /// Creates a placement.
        public init(pillar: Pillar, ruleID: String) {
            self.pillar = pillar
            self.ruleID = ruleID
        }
    }

    /// Creates a row.
    public init(
        dataset: OfficialDataset, line: Int, recipient: String, countryCode: String?, countryName: String,
        fiscalYear: OfficialFiscalYear, measure: OfficialMeasure, currentCents: Cents?, constantCents: Cents?,
        objective: String? = nil, fundingAccount: String? = nil, fundingAccountName: String? = nil,
        fundingAgency: String? = nil, managingAgency: String? = nil, usSectorID: String? = nil,
        usSectorName: String? = nil, purposeCode: String? = nil, implementingPartner: String? = nil,
        partnerCategory: String? = nil, activityID: String? = nil, activityName: String? = nil,
        activityDescription: String? = nil, transactionDate: String? = nil, redacted: Bool = false
    ) {
        self.dataset = dataset
        self.line = line
        self.recipient = recipient
        self.countryCode = countryCode
        self.countryName = countryName
        self.fiscalYear = fiscalYear
        self.measure = measure
        self.currentCents = currentCents
        self.constantCents = constantCents
        self.objective = objective
        self.fundingAccount = fundingAccount
        self.fundingAccountName = fundingAccountName
        self.fundingAgency = fundingAgency
        self.managingAgency = managingAgency
        self.usSectorID = usSectorID
        self.usSectorName = usSectorName
        self.purposeCode = purposeCode
        self.implementingPartner = implementingPartner
        self.partnerCategory = partnerCategory
        self.activityID = activityID
        self.activityName = activityName
        self.activityDescription = activityDescription
        self.transactionDate = transactionDate
        self.redacted = redacted
    }
}

/// Places official rows on pillars with the same crosswalk as IATI; the rule id is kept with each row.
public struct OfficialClassifier: Sendable {
    /// The crosswalk in force.
    public let crosswalk: Crosswalk
    private let compiled: CompiledCrosswalk

    /// Prepares a crosswalk.
    public init(crosswalk: Crosswalk) {
        self.crosswalk = crosswalk
        compiled = CompiledCrosswalk(crosswalk)
    }

    /// The pillar and rule id of one row; summary rows (country totals) have no pillar and return nil.
    public func classify(_ row: OfficialAmount) -> (pillar: Pillar, ruleID: String)? {
        guard row.dataset != .faSummary else { return nil }
        let facts = Self.facts(row)
        let rule = compiled.firstMatch(facts) { Self.text(row) }
        return (rule?.pillar ?? .outOfScope, rule?.id ?? Crosswalk.defaultRuleID)
    }

    /// A classifier for one import that remembers answers: rows with the same codes get the same rule, and the
    /// text is folded only when a keyword rule is reached.
    public func session() -> Session { Session(compiled: compiled) }

    static func facts(_ row: OfficialAmount) -> ClassificationFacts {
        ClassificationFacts(
            dacCode: row.purposeCode, otherSectors: row.usSectorID.map { ["FA:\($0)"] } ?? [],
            fundingAccount: row.fundingAccount, fundingAccountName: row.fundingAccountName, objective: row.objective)
    }

    static func text(_ row: OfficialAmount) -> SearchableText {
        SearchableText(
            titles: [row.activityName].compactMap { $0 }, others: [row.activityDescription].compactMap { $0 })
    }

    /// Answers cached by the codes a rule looks at, and by text too when a keyword rule decided.
    public final class Session {
        private struct CodeKey: Hashable {
            var dac, sector, account, accountName, objective: String?
        }
        private struct TextKey: Hashable {
            var codes: CodeKey
            var name, description: String?
        }

        private let compiled: CompiledCrosswalk
        private var byCodes: [CodeKey: (Pillar, String)] = [:]
        private var byText: [TextKey: (Pillar, String)] = [:]
        /// Bounds the text cache so memory stays flat on files with millions of distinct descriptions.
        private let maxTextEntries = 50_000

        init(compiled: CompiledCrosswalk) { self.compiled = compiled }

        /// As `OfficialClassifier.classify`, remembered.
        public func classify(_ row: OfficialAmount) -> (pillar: Pillar, ruleID: String)? {
            guard row.dataset != .faSummary else { return nil }
            let codes = CodeKey(
                dac: row.purposeCode, sector: row.usSectorID, account: row.fundingAccount,
                accountName: row.fundingAccountName, objective: row.objective)
            if let known = byCodes[codes] { return known }
            let textKey = TextKey(codes: codes, name: row.activityName, description: row.activityDescription)
            if let known = byText[textKey] { return known }
            var usedText = false
            let rule = compiled.firstMatch(OfficialClassifier.facts(row)) {
                usedText = true
                return OfficialClassifier.text(row)
            }
            let answer = (rule?.pillar ?? .outOfScope, rule?.id ?? Crosswalk.defaultRuleID)
            if usedText {
                if byText.count >= maxTextEntries { byText.removeAll(keepingCapacity: true) }
                byText[textKey] = answer
            } else {
                byCodes[codes] = answer
            }
            return answer
        }
    }
}

extension USGovernmentCodes {
    /// Folds a country name the way the generated tables are keyed: lower case, no accents, `&` as `and`.
    public static func fold(_ name: String) -> String {
        let lowered = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: "and")
        return lowered.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The recipient key of a ForeignAssistance.gov code and name; nil when neither is known.
    public static func foreignAssistanceRecipient(code: String, name: String) -> String? {
        if let alpha2 = alpha3[code] { return alpha2 }
        if foreignAssistanceOther[code] != nil { return "fa:" + code }
        if code == "NULL" || code.isEmpty { return foreignAssistanceNull[name] ?? countryNames[fold(name)] }
        return nil
    }

    /// The recipient key of a Greenbook country name; nil when the name is not known.
    public static func greenbookRecipient(name: String) -> String? {
        countryNames[fold(name)] ?? greenbookOther[name]
    }
}
