// MARK: - Allocations: each transaction split by recipient and sector, placed on a pillar

/// One part of a transaction: its share for one recipient and one sector, placed on a pillar by a rule.
public struct Allocation: Sendable, Hashable, Codable {
    /// The transaction's position in its activity.
    public var transactionIndex: Int
    /// The part's position within the transaction.
    public var part: Int
    /// The measure (commitment, disbursement, expenditure).
    public var measure: Measure
    /// U.S. fiscal year of the transaction date (value date when there is none).
    public var fiscalYear: Int?
    /// Calendar year of the same date.
    public var calendarYear: Int?
    /// Who receives it: a country, region, non-ISO code or none.
    public var recipient: RecipientShare
    /// The split vocabulary of the sector (1 or 2 for DAC), when there is one.
    public var sectorVocabulary: String?
    /// The sector code, when there is one.
    public var sectorCode: String?
    /// The funding account, when known.
    public var fundingAccount: String?
    /// The pillar.
    public var pillar: Pillar
    /// The id of the crosswalk rule that placed it (`default:out_of_scope` when none matched).
    public var ruleID: String
    /// The part in cents of `currency`.
    public var amountCents: Cents
    /// The currency, or nil when the file gave none.
    public var currency: String?
    /// The part in U.S. cents, or nil when it could not be converted.
    public var usdCents: Cents?
    /// The year whose rate converted it.
    public var rateYear: Int?
    /// What a reader of this figure should know.
    public var flags: Flags

    /// Creates an allocation.
    public init(
        transactionIndex: Int, part: Int, measure: Measure, fiscalYear: Int?, calendarYear: Int?,
        recipient: RecipientShare, sectorVocabulary: String?, sectorCode: String?, fundingAccount: String?,
        pillar: Pillar, ruleID: String, amountCents: Cents, currency: String?, usdCents: Cents?, rateYear: Int?,
        flags: Flags
    ) {
        self.transactionIndex = transactionIndex
        self.part = part
        self.measure = measure
        self.fiscalYear = fiscalYear
        self.calendarYear = calendarYear
        self.recipient = recipient
        self.sectorVocabulary = sectorVocabulary
        self.sectorCode = sectorCode
        self.fundingAccount = fundingAccount
        self.pillar = pillar
        self.ruleID = ruleID
        self.amountCents = amountCents
        self.currency = currency
        self.usdCents = usdCents
        self.rateYear = rateYear
        self.flags = flags
    }

    /// Caveats carried by an allocation.
    public struct Flags: OptionSet, Sendable, Hashable, Codable {
        /// The bit pattern.
        public var rawValue: Int
        /// Creates flags from bits.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Sector or recipient percentages did not sum to 100 and were normalised.
        public static let normalised = Flags(rawValue: 1)
        /// Several sectors or recipients without percentages were split equally.
        public static let equalSplit = Flags(rawValue: 2)
        /// The recipient code is not ISO 3166-1; kept as given.
        public static let nonISORecipient = Flags(rawValue: 4)
        /// The amount has no currency; reported unconverted.
        public static let noCurrency = Flags(rawValue: 8)
        /// No exchange rate for the currency and year; reported unconverted.
        public static let noRate = Flags(rawValue: 16)
        /// The transaction has no usable date; its year is unknown.
        public static let noDate = Flags(rawValue: 32)
        /// Converted at its year's rate the amount would pass what cents hold (a value date decades off); reported
        /// unconverted.
        public static let beyondCents = Flags(rawValue: 64)

        /// Each caveat with its name for people, in English and Spanish, in the order they are listed.
        static let described: [(flag: Flags, en: String, es: String)] = [
            (.normalised, "percentages normalised", "porcentajes normalizados"),
            (.equalSplit, "split equally", "dividido en partes iguales"),
            (.nonISORecipient, "non-ISO recipient code", "código de receptor no ISO"),
            (.noCurrency, "no currency", "sin moneda"),
            (.noRate, "no exchange rate", "sin tipo de cambio"),
            (.noDate, "no date", "sin fecha"),
            (
                .beyondCents, "too large to convert at its year's rate",
                "demasiado grande para convertir al tipo de ese año"
            ),
        ]

        /// Names of the set flags, for people.
        public var names: [String] { names(.en) }

        /// Names of the set flags, for people, in `language`.
        public func names(_ language: ReportLanguage) -> [String] {
            Self.described.filter { contains($0.flag) }.map { language.pick($0.en, $0.es) }
        }
    }
}

// MARK: - Splitting that conserves every cent

/// Splits amounts by weights so that the parts add up exactly to the whole.
public enum Split {
    /// Splits `total` in proportion to `weights` by the largest-remainder method; equal parts when all weights are zero.
    public static func largestRemainder(_ total: Cents, weights: [Int64]) -> [Cents] {
        guard weights.count > 1 else { return weights.isEmpty ? [] : [total] }
        let weights =
            weights.allSatisfy({ $0 <= 0 })
            ? Array(repeating: Int64(1), count: weights.count) : weights.map { max($0, 0) }
        let sum = weights.reduce(Int128(0)) { $0 + Int128($1) }
        let magnitude = Int128(total.magnitude)
        var parts: [Int128] = []
        var remainders: [(index: Int, remainder: Int128)] = []
        for (index, weight) in weights.enumerated() {
            let product = magnitude * Int128(weight)
            parts.append(product / sum)
            remainders.append((index, product % sum))
        }
        var left = magnitude - parts.reduce(0, +)
        for entry in remainders.sorted(by: {
            $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index
        }) {
            guard left > 0 else { break }
            parts[entry.index] += 1
            left -= 1
        }
        return parts.map { total < 0 ? -Cents($0) : Cents($0) }
    }
}

// MARK: - The allocator

/// Turns an activity's transactions into allocations under a crosswalk and a rate table; pure.
public struct Allocator: Sendable {
    /// The crosswalk in force.
    public let crosswalk: Crosswalk
    /// The exchange rates in force.
    public let rates: ExchangeRates
    private let compiled: CompiledCrosswalk
    /// How the words beyond ASCII in activities' titles and descriptions fold, remembered across activities.
    private let words = WordFolds()

    /// Creates an allocator.
    public init(crosswalk: Crosswalk, rates: ExchangeRates) {
        self.crosswalk = crosswalk
        self.rates = rates
        compiled = CompiledCrosswalk(crosswalk)
    }

    /// Every allocation of the activity's commitments, disbursements and expenditures.
    public func allocations(for activity: Activity) -> [Allocation] {
        let text = ActivityText {
            SearchableText(titles: activity.titles.map(\.text), others: activity.descriptions.map(\.text), words: words)
        }
        var out: [Allocation] = []
        out.reserveCapacity(activity.transactions.count)
        activity.transactions.forEachInPlace { index, transaction in
            guard let measure = Measure(iatiTransactionType: transaction.type) else { return }
            append(transaction, at: index, measure: measure, in: activity, text: text, to: &out)
        }
        return out
    }

    /// How many allocations `allocations(for:)` makes of `activity`, counted without making them: for each
    /// commitment, disbursement and expenditure, its recipients in force times its splitting sectors (DAC 5-digit
    /// codes, else 3-digit ones), at least one of each. Read in place, and the activity's own counted once: copying
    /// each transaction to look at it showed in the profile (value-witness copies, retains and releases).
    public static func partCount(of activity: Activity) -> Int {
        func splitting(_ sectors: [SectorShare]) -> Int {
            var five = 0
            var three = 0
            sectors.forEachInPlace { _, sector in
                if sector.vocabulary == "1" { five += 1 } else if sector.vocabulary == "2" { three += 1 }
            }
            return max(1, five > 0 ? five : three)
        }
        let recipients = max(1, activity.recipients.count)
        let sectors = splitting(activity.sectors)
        var total = 0
        activity.transactions.forEachInPlace { _, transaction in
            guard Measure(iatiTransactionType: transaction.type) != nil else { return }
            let ownRecipients = transaction.recipients.count
            let ownSectors = transaction.sectors.isEmpty ? sectors : splitting(transaction.sectors)
            total += (ownRecipients > 0 ? ownRecipients : recipients) * ownSectors
        }
        return total
    }

    /// Appends the parts of one transaction to `out`.
    private func append(
        _ transaction: Transaction, at index: Int, measure: Measure, in activity: Activity, text: ActivityText,
        to out: inout [Allocation]
    ) {
        var flags: Allocation.Flags = []
        let recipientsInForce = transaction.recipients.isEmpty ? activity.recipients : transaction.recipients
        let sectorsInForce = transaction.sectors.isEmpty ? activity.sectors : transaction.sectors
        let account = transaction.fundingAccount ?? activity.fundingAccount
        let sectorPlan = text.sectorPlan(sectorsInForce, account: account) {
            self.sectorPlan(sectorsInForce, account: account, text: text)
        }
        flags.formUnion(sectorPlan.flags)
        let splitSectors = sectorPlan.splitSectors
        let placements = sectorPlan.placements

        let date = transaction.date ?? transaction.valueDate
        let yearMonth = date.flatMap(FiscalYearBasis.yearMonth)
        let fiscalYear = yearMonth.map { FiscalYearBasis.usFederal.year($0) }
        let calendarYear = yearMonth.map { FiscalYearBasis.calendar.year($0) }
        if fiscalYear == nil { flags.insert(.noDate) }

        // The rate is the value date's; the transaction date stands in when there is none (read once if the same).
        let rateDate = transaction.valueDate ?? transaction.date
        let rateYear =
            rateDate == date ? calendarYear : rateDate.flatMap { FiscalYearBasis.calendar.year(of: $0) }
        var usdTotal: Cents?
        if let currency = transaction.currency {
            switch rateYear.map({ rates.conversion(transaction.valueCents, currency: currency, year: $0) }) {
            case .usd(let cents): usdTotal = cents
            case .beyondCents: flags.insert(.beyondCents)
            case .noRate, nil: flags.insert(.noRate)
            }
        } else {
            flags.insert(.noCurrency)
        }

        /// The part of `recipient` and the split sector numbered `sectorIndex`.
        func allocation(_ recipient: RecipientShare, sector sectorIndex: Int, part: Int, amount: Cents, usd: Cents?)
            -> Allocation
        {
            var partFlags = flags
            if recipient.kind == .nonISOCountry { partFlags.insert(.nonISORecipient) }
            let sector = splitSectors[sectorIndex].0
            let placement = placements[sectorIndex]
            return Allocation(
                transactionIndex: index, part: part, measure: measure, fiscalYear: fiscalYear,
                calendarYear: calendarYear, recipient: recipient, sectorVocabulary: sector?.vocabulary,
                sectorCode: sector?.code, fundingAccount: account, pillar: placement?.pillar ?? .outOfScope,
                ruleID: placement?.ruleID ?? Crosswalk.defaultRuleID, amountCents: amount,
                currency: transaction.currency,
                usdCents: usd, rateYear: usd == nil ? nil : rateYear, flags: partFlags)
        }

        // One recipient (or none) and one sector (or none): one part, the whole amount, with no arrays to make.
        if recipientsInForce.count <= 1 && splitSectors.count == 1 {
            let recipient = recipientsInForce.first ?? Self.noRecipient
            out.append(allocation(recipient, sector: 0, part: 0, amount: transaction.valueCents, usd: usdTotal))
            return
        }

        // Every (recipient, sector) cell, weighted by the product of the two shares.
        let recipients = Self.recipientShares(recipientsInForce, flags: &flags)
        var weights: [Int64] = []
        weights.reserveCapacity(recipients.count * splitSectors.count)
        for (_, recipientWeight) in recipients {
            for (_, sectorWeight) in splitSectors { weights.append(recipientWeight * sectorWeight) }
        }
        let amounts = Split.largestRemainder(transaction.valueCents, weights: weights)
        let usdAmounts = usdTotal.map { Split.largestRemainder($0, weights: weights) }

        var part = 0
        for (recipient, _) in recipients {
            for sectorIndex in splitSectors.indices {
                out.append(
                    allocation(
                        recipient, sector: sectorIndex, part: part, amount: amounts[part], usd: usdAmounts?[part]))
                part += 1
            }
        }
    }

    /// How a transaction's sectors split its money and where each part goes: the same for every transaction of the
    /// activity with the same sectors and funding account.
    struct SectorPlan {
        /// The sectors that split the money, with their weights (one sector-less part when there are none).
        var splitSectors: [(SectorShare?, Int64)]
        /// Each split sector's place under the crosswalk (nil: out of scope).
        var placements: [CompiledCrosswalk.Placement?]
        /// What the split noted: shares normalised or split equally.
        var flags: Allocation.Flags
    }

    /// Works out the sector plan of a transaction with `sectors` in force, funded from `account`.
    private func sectorPlan(_ sectors: [SectorShare], account: String?, text: ActivityText) -> SectorPlan {
        var flags: Allocation.Flags = []
        // DAC 5-digit codes (vocabulary 1) split the money when there are any, else DAC 3-digit ones (2).
        let splitVocabulary =
            sectors.contains { $0.vocabulary == "1" } ? "1" : sectors.contains { $0.vocabulary == "2" } ? "2" : nil
        let splitSectors = Self.sectorShares(
            splitVocabulary == nil ? [] : sectors.filter { $0.vocabulary == splitVocabulary }, flags: &flags)
        let otherSectors: Set<String> =
            sectors.allSatisfy(\.isDAC) ? [] : Set(sectors.filter { !$0.isDAC }.map { "\($0.vocabulary):\($0.code)" })
        // Each sector's place: the recipient does not enter into it, so it is looked up once per sector.
        let placements = splitSectors.map { sector, _ in
            compiled.placement(
                ClassificationFacts(dacCode: sector?.code, otherSectors: otherSectors, fundingAccount: account),
                text: text)
        }
        return SectorPlan(splitSectors: splitSectors, placements: placements, flags: flags)
    }

    /// Recipients with weights; `none` when there are none.
    static func recipientShares(_ recipients: [RecipientShare], flags: inout Allocation.Flags) -> [(
        RecipientShare, Int64
    )] {
        guard !recipients.isEmpty else { return [(noRecipient, 1)] }
        return weighted(recipients, percentage: \.percentage, flags: &flags)
    }

    /// The recipient of money given to no recipient.
    static let noRecipient = RecipientShare(kind: .none, code: "none")

    /// Sectors with weights; one sector-less part when there are none.
    static func sectorShares(_ sectors: [SectorShare], flags: inout Allocation.Flags) -> [(SectorShare?, Int64)] {
        guard !sectors.isEmpty else { return [(nil, 1)] }
        return weighted(sectors, percentage: \.percentage, flags: &flags).map { ($0.0, $0.1) }
    }

    private static func weighted<T>(_ items: [T], percentage: KeyPath<T, MilliPercent?>, flags: inout Allocation.Flags)
        -> [(T, Int64)]
    {
        if items.count == 1 { return [(items[0], 1)] }
        let given = items.map { $0[keyPath: percentage] }
        if given.allSatisfy({ $0 == nil }) {
            flags.insert(.equalSplit)
            return items.map { ($0, 1) }
        }
        let weights = given.map { max($0 ?? 0, 0) }
        let sum = weights.reduce(0, +)
        if sum == 0 {
            flags.insert(.equalSplit)
            return items.map { ($0, 1) }
        }
        if sum != 100_000 || given.contains(where: { $0 == nil }) { flags.insert(.normalised) }
        return zip(items, weights).map { ($0, $1) }
    }
}

/// An activity's titles and descriptions, folded on first use and kept (most allocations never reach a keyword
/// rule), with the crosswalk's answers that read them.
final class ActivityText {
    private let make: () -> SearchableText
    private var made: SearchableText?
    /// Answers that depended on this text, by the codes they were asked for.
    var answers: [AnswerCache.Key: AnswerCache.Answer] = [:]
    /// The last transaction's sectors and funding account, with the plan they gave: an activity's transactions
    /// mostly repeat both, and comparing them costs less than hashing the crosswalk's keys again.
    private var lastPlan: (sectors: [SectorShare], account: String?, plan: Allocator.SectorPlan)?

    init(_ make: @escaping () -> SearchableText) { self.make = make }

    /// The sector plan for `sectors` and `account`: the last one when they are the same, else `make`'s.
    func sectorPlan(_ sectors: [SectorShare], account: String?, make: () -> Allocator.SectorPlan)
        -> Allocator.SectorPlan
    {
        if let lastPlan, lastPlan.account == account, lastPlan.sectors == sectors { return lastPlan.plan }
        let plan = make()
        lastPlan = (sectors, account, plan)
        return plan
    }

    /// The folded text, made once.
    func value() -> SearchableText {
        if let made { return made }
        let text = make()
        made = text
        return text
    }
}
