// MARK: - IATI activity, as imported

/// A text in one language, as IATI `narrative` elements carry it.
public struct Narrative: Sendable, Hashable, Codable {
    /// The ISO 639-1 language, or nil when the file does not say (the activity default applies).
    public var language: String?
    /// The text.
    public var text: String

    /// Creates a narrative.
    public init(language: String?, text: String) {
        self.language = language
        self.text = text
    }
}

/// An organisation named by an activity or transaction.
public struct Organisation: Sendable, Hashable, Codable {
    /// The organisation identifier (`ref`), when given.
    public var ref: String?
    /// The IATI OrganisationType code (10 government, 22 national NGO, 40 multilateral …).
    public var type: String?
    /// The IATI OrganisationRole code (1 funding, 2 accountable, 3 extending, 4 implementing); nil on transactions.
    public var role: String?
    /// The IATI identifier of the organisation's own activity, when given.
    public var activityID: String?
    /// Its names.
    public var names: [Narrative]

    /// Creates an organisation.
    public init(
        ref: String? = nil, type: String? = nil, role: String? = nil, activityID: String? = nil, names: [Narrative] = []
    ) {
        self.ref = ref
        self.type = type
        self.role = role
        self.activityID = activityID
        self.names = names
    }
}

/// A sector code in a vocabulary, with its share when given.
public struct SectorShare: Sendable, Hashable, Codable {
    /// The IATI SectorVocabulary code (1 = DAC 5-digit, 2 = DAC 3-digit, 99 = reporting organisation's own …); "1" when omitted.
    public var vocabulary: String
    /// The sector code.
    public var code: String
    /// The share in thousandths of a percent, when the file gives one.
    public var percentage: MilliPercent?
    /// The sector's name as the file gives it.
    public var name: String?

    /// Creates a sector share.
    public init(vocabulary: String, code: String, percentage: MilliPercent? = nil, name: String? = nil) {
        self.vocabulary = vocabulary
        self.code = code
        self.percentage = percentage
        self.name = name
    }

    /// True for the OECD DAC vocabularies that feed the crosswalk's purpose-code rules.
    public var isDAC: Bool { vocabulary == "1" || vocabulary == "2" }
}

/// What a recipient code denotes.
public enum RecipientKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An ISO 3166-1 alpha-2 country.
    case country
    /// An IATI region (or a region in another vocabulary).
    case region
    /// A `recipient-country` code that is not ISO 3166-1 (such as USAID's 1000); kept, never guessed.
    case nonISOCountry = "non_iso_country"
    /// No recipient at all.
    case none
}

/// A recipient country or region with its share when given.
public struct RecipientShare: Sendable, Hashable, Codable {
    /// Country, region, or a non-ISO country code.
    public var kind: RecipientKind
    /// The code as given (upper-cased for countries).
    public var code: String
    /// The region vocabulary (1 = OECD DAC), for regions.
    public var vocabulary: String?
    /// The share in thousandths of a percent, when the file gives one.
    public var percentage: MilliPercent?

    /// Creates a recipient share.
    public init(kind: RecipientKind, code: String, vocabulary: String? = nil, percentage: MilliPercent? = nil) {
        self.kind = kind
        self.code = code
        self.vocabulary = vocabulary
        self.percentage = percentage
    }

    /// The key that reports use: the country code, `region:CODE`, `code:CODE` for non-ISO codes, or `none`.
    public var reportKey: String {
        switch kind {
        case .country: code
        case .region: "region:" + code
        case .nonISOCountry: "code:" + code
        case .none: "none"
        }
    }
}

/// One IATI transaction.
public struct Transaction: Sendable, Hashable, Codable {
    /// The publisher's reference for it, when given.
    public var ref: String?
    /// The IATI TransactionType code (2 outgoing commitment, 3 disbursement, 4 expenditure …).
    public var type: String
    /// The transaction date (YYYY-MM-DD).
    public var date: String?
    /// The value in cents of `currency`.
    public var valueCents: Cents
    /// The currency: the value's own, else the activity default, else nil (reported unconverted).
    public var currency: String?
    /// The date for currency conversion (YYYY-MM-DD).
    public var valueDate: String?
    /// The providing organisation.
    public var provider: Organisation?
    /// The receiving organisation.
    public var receiver: Organisation?
    /// The transaction's own sectors (these override the activity's).
    public var sectors: [SectorShare]
    /// The transaction's own recipient (overrides the activity's).
    public var recipients: [RecipientShare]
    /// The U.S. Treasury account funding it (`72x1037`), from `usg:treasury-account`.
    public var fundingAccount: String?
    /// The line in the source file where it starts.
    public var line: Int

    /// Creates a transaction.
    public init(
        ref: String? = nil, type: String, date: String?, valueCents: Cents, currency: String?, valueDate: String? = nil,
        provider: Organisation? = nil, receiver: Organisation? = nil, sectors: [SectorShare] = [],
        recipients: [RecipientShare] = [], fundingAccount: String? = nil, line: Int = 0
    ) {
        self.ref = ref
        self.type = type
        self.date = date
        self.valueCents = valueCents
        self.currency = currency
        self.valueDate = valueDate
        self.provider = provider
        self.receiver = receiver
        self.sectors = sectors
        self.recipients = recipients
        self.fundingAccount = fundingAccount
        self.line = line
    }
}

/// One IATI budget.
public struct Budget: Sendable, Hashable, Codable {
    /// The BudgetType code (1 original, 2 revised).
    public var type: String?
    /// The BudgetStatus code (1 indicative, 2 committed).
    public var status: String?
    /// Period start (YYYY-MM-DD).
    public var periodStart: String?
    /// Period end (YYYY-MM-DD).
    public var periodEnd: String?
    /// The value in cents of `currency`.
    public var valueCents: Cents
    /// The currency, or nil when neither the value nor the activity says.
    public var currency: String?
    /// The date for currency conversion.
    public var valueDate: String?

    /// Creates a budget.
    public init(
        type: String?, status: String?, periodStart: String?, periodEnd: String?, valueCents: Cents, currency: String?,
        valueDate: String?
    ) {
        self.type = type
        self.status = status
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.valueCents = valueCents
        self.currency = currency
        self.valueDate = valueDate
    }
}

/// A reporting period of an indicator with its target and actual (kept as the file writes them).
public struct IndicatorPeriod: Sendable, Hashable, Codable {
    /// Period start (YYYY-MM-DD).
    public var start: String?
    /// Period end (YYYY-MM-DD).
    public var end: String?
    /// The target value as written.
    public var target: String?
    /// The actual value as written.
    public var actual: String?
    /// Comments on the target and actual, in every language given.
    public var comments: [Narrative]

    /// Creates a period.
    public init(start: String?, end: String?, target: String?, actual: String?, comments: [Narrative] = []) {
        self.start = start
        self.end = end
        self.target = target
        self.actual = actual
        self.comments = comments
    }
}

/// A results-framework indicator.
public struct Indicator: Sendable, Hashable, Codable {
    /// The IndicatorMeasure code (1 unit, 2 percentage, 5 qualitative …).
    public var measure: String?
    /// True when a higher value is better (the IATI default).
    public var ascending: Bool
    /// Its titles.
    public var titles: [Narrative]
    /// The baseline year.
    public var baselineYear: String?
    /// The baseline value as written.
    public var baselineValue: String?
    /// Its periods.
    public var periods: [IndicatorPeriod]

    /// Creates an indicator.
    public init(
        measure: String?, ascending: Bool, titles: [Narrative], baselineYear: String?, baselineValue: String?,
        periods: [IndicatorPeriod]
    ) {
        self.measure = measure
        self.ascending = ascending
        self.titles = titles
        self.baselineYear = baselineYear
        self.baselineValue = baselineValue
        self.periods = periods
    }
}

/// A result with its indicators.
public struct ResultFramework: Sendable, Hashable, Codable {
    /// The ResultType code (1 output, 2 outcome, 3 impact, 9 other).
    public var type: String?
    /// Its titles.
    public var titles: [Narrative]
    /// Its indicators.
    public var indicators: [Indicator]

    /// Creates a result.
    public init(type: String?, titles: [Narrative], indicators: [Indicator]) {
        self.type = type
        self.titles = titles
        self.indicators = indicators
    }
}

/// An IATI activity as the ledger keeps it.
public struct Activity: Sendable, Hashable, Codable {
    /// The globally unique IATI identifier.
    public var identifier: String
    /// The publisher's last-updated datetime, as written.
    public var lastUpdated: String?
    /// The activity's default currency.
    public var defaultCurrency: String?
    /// The activity's default language.
    public var defaultLanguage: String?
    /// The hierarchy level (1 by default).
    public var hierarchy: Int
    /// Whether the publisher marks it humanitarian (`1`/`true`).
    public var humanitarian: Bool?
    /// The ActivityStatus code.
    public var status: String?
    /// The publisher.
    public var reportingOrg: Organisation
    /// Titles in every language given.
    public var titles: [Narrative]
    /// Descriptions in every language given.
    public var descriptions: [Narrative]
    /// Participating organisations with their roles and types.
    public var participatingOrgs: [Organisation]
    /// Activity-level recipient countries and regions.
    public var recipients: [RecipientShare]
    /// Activity-level sectors in every vocabulary.
    public var sectors: [SectorShare]
    /// The activity-level funding account (`usg:treasury-account`), when given.
    public var fundingAccount: String?
    /// Planned and actual start and end dates by ActivityDateType code.
    public var dates: [String: String]
    /// Transactions in file order.
    public var transactions: [Transaction]
    /// Budgets in file order.
    public var budgets: [Budget]
    /// Results frameworks.
    public var results: [ResultFramework]
    /// The line in the source file where it starts.
    public var line: Int

    /// Creates an activity.
    public init(
        identifier: String, lastUpdated: String? = nil, defaultCurrency: String? = nil, defaultLanguage: String? = nil,
        hierarchy: Int = 1, humanitarian: Bool? = nil, status: String? = nil,
        reportingOrg: Organisation = Organisation(),
        titles: [Narrative] = [], descriptions: [Narrative] = [], participatingOrgs: [Organisation] = [],
        recipients: [RecipientShare] = [], sectors: [SectorShare] = [], fundingAccount: String? = nil,
        dates: [String: String] = [:], transactions: [Transaction] = [], budgets: [Budget] = [],
        results: [ResultFramework] = [], line: Int = 0
    ) {
        self.identifier = identifier
        self.lastUpdated = lastUpdated
        self.defaultCurrency = defaultCurrency
        self.defaultLanguage = defaultLanguage
        self.hierarchy = hierarchy
        self.humanitarian = humanitarian
        self.status = status
        self.reportingOrg = reportingOrg
        self.titles = titles
        self.descriptions = descriptions
        self.participatingOrgs = participatingOrgs
        self.recipients = recipients
        self.sectors = sectors
        self.fundingAccount = fundingAccount
        self.dates = dates
        self.transactions = transactions
        self.budgets = budgets
        self.results = results
        self.line = line
    }

    /// The title in `language` when it has one, else in English, else its first (`TitleSQL` picks the same); a
    /// narrative that names no language is in the activity's default one (`xml:lang` on `iati-activity`).
    public func title(preferring language: String = "en") -> String? {
        preferred(titles, language)?.text
    }

    /// The description in `language` when it has one, else in English, else its first.
    public func description(preferring language: String = "en") -> String? {
        preferred(descriptions, language)?.text
    }

    /// The narrative in `language`, else in English, else the first.
    private func preferred(_ narratives: [Narrative], _ language: String) -> Narrative? {
        let spoken = { (narrative: Narrative) in narrative.language ?? defaultLanguage }
        return narratives.first { spoken($0) == language } ?? narratives.first { spoken($0) == "en" }
            ?? narratives.first
    }
}
