public import AtalayaDomain

// MARK: - One import's rollup rows, summed in memory

/// The rollup rows of one import's run, summed as its allocations are read: the rows a rebuild of the rollup would
/// add for the run, without reading the allocations back. Usable while the groups stay few enough to hold;
/// otherwise the import rebuilds in SQL. The reading thread sums every activity it reads; the writer takes back the
/// ones it found already stored (`subtract`). The money of activities the import replaces comes out of their older
/// runs' rows in SQL, apart from these sums.
public struct RunRollupSums: Sendable {
    /// A group, as `rebuild` groups (sector, account and publisher as written, NULL apart from `none`).
    public struct Key: Hashable, Sendable {
        /// The measure's raw value.
        public var measure: String
        /// The recipient's report key (`MX`, `region:489`, `code:1000`, `none`).
        public var recipient: String
        /// The U.S. fiscal year, when dated.
        public var fiscalYear: Int?
        /// The calendar year, when dated.
        public var calendarYear: Int?
        /// The pillar's raw value.
        public var pillar: String
        /// The sector code, when any.
        public var sector: String?
        /// The funding account, when any.
        public var account: String?
        /// The reporting organisation's reference, when any.
        public var publisher: String?
        /// The currency, when any.
        public var currency: String?
        /// Whether the amounts were converted to USD.
        public var converted: Bool

        /// A group of these values.
        public init(
            measure: String, recipient: String, fiscalYear: Int?, calendarYear: Int?, pillar: String, sector: String?,
            account: String?, publisher: String?, currency: String?, converted: Bool
        ) {
            self.measure = measure
            self.recipient = recipient
            self.fiscalYear = fiscalYear
            self.calendarYear = calendarYear
            self.pillar = pillar
            self.sector = sector
            self.account = account
            self.publisher = publisher
            self.currency = currency
            self.converted = converted
        }

        /// The group of an allocation of `publisher`'s.
        public init(_ item: Allocation, publisher: String?) {
            self.init(
                measure: item.measure.rawValue, recipient: item.recipient.reportKey, fiscalYear: item.fiscalYear,
                calendarYear: item.calendarYear, pillar: item.pillar.rawValue, sector: item.sectorCode,
                account: item.fundingAccount, publisher: publisher, currency: item.currency,
                converted: item.usdCents != nil)
        }

        /// Whether an allocation of `publisher`'s belongs to this group: `Key(item, publisher:) == self`, without
        /// making the key.
        public func holds(_ item: Allocation, publisher: String?) -> Bool {
            converted == (item.usdCents != nil) && fiscalYear == item.fiscalYear
                && calendarYear == item.calendarYear && measure == item.measure.rawValue
                && pillar == item.pillar.rawValue && sector == item.sectorCode && account == item.fundingAccount
                && currency == item.currency && self.publisher == publisher
                && Self.recipient(recipient, is: item.recipient)
        }

        /// Whether `key` is the recipient's `reportKey`, without making it.
        static func recipient(_ key: String, is share: RecipientShare) -> Bool {
            let prefix: StaticString
            switch share.kind {
            case .country: return key == share.code
            case .none: return key == "none"
            case .region: prefix = "region:"
            case .nonISOCountry: prefix = "code:"
            }
            let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            return key.utf8.count == head.count + share.code.utf8.count && key.utf8.starts(with: head)
                && key.utf8.dropFirst(head.count).elementsEqual(share.code.utf8)
        }
    }

    /// A group's sums; `usd` is nil for unconverted groups, as SQL's `SUM` of NULLs is.
    public struct Sums: Sendable {
        /// The USD sum, nil when unconverted.
        public var usd: Cents?
        /// The sum in the transactions' own currency.
        public var amount: Cents = 0
        /// How many allocations.
        public var allocations = 0

        /// Empty sums.
        public init() {}
    }

    /// Groups held at most (about 200 bytes each); past this the import rebuilds in SQL, whose sorter spills.
    public let maxGroups: Int

    /// The groups in the order their first allocation was read, so that the same file always writes the same rows
    /// under the same ids (a dictionary's order changes with each process's hash seed).
    public private(set) var groups: [(key: Key, sums: Sums)] = []
    private var positions: [Key: Int] = [:]
    /// The group the last allocation went to: an activity's allocations often share one, and comparing with it
    /// costs less than hashing seven texts.
    private var lastPosition: Int?
    /// False once the sums cannot stand for the run: too many groups, or a sum past `Int64` (SQL then reports it).
    public private(set) var usable = true

    /// Sums holding at most `maxGroups` groups (100,000: about 20 MB).
    public init(maxGroups: Int = 100_000) {
        self.maxGroups = maxGroups
    }

    /// Adds one activity's allocations.
    public mutating func add(_ allocations: [Allocation], publisher: String?) {
        guard usable else { return }
        var failed = false
        // Read in place and compared field by field with the last group: making each allocation's key copied and
        // retained its seven texts (and made `region:…` anew), 2.4% of a 52 MB import's samples.
        allocations.forEachInPlace { _, item in
            guard !failed else { return }
            let position: Int
            if let last = lastPosition, groups[last].key.holds(item, publisher: publisher) {
                position = last
            } else {
                let key = Key(item, publisher: publisher)
                if let known = positions[key] {
                    position = known
                } else {
                    position = groups.count
                    positions[key] = position
                    groups.append((key, Sums()))
                }
            }
            lastPosition = position
            var overflow = false
            groups[position].sums.add(item, overflow: &overflow)
            failed = overflow || groups.count > maxGroups
        }
        if failed { giveUp() }
    }

    /// Takes `other`'s sums out of these (the activities an import read but did not write); a group left with no
    /// allocation goes. Unusable when `other` is, or holds a group these do not.
    public mutating func subtract(_ other: RunRollupSums) {
        guard usable else { return }
        guard other.usable else { return giveUp() }
        guard !other.groups.isEmpty else { return }
        for (key, sums) in other.groups {
            guard let position = positions[key] else { return giveUp() }
            groups[position].sums.subtract(sums)
        }
        groups.removeAll { $0.sums.allocations == 0 }
        positions = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.key, $0) })
        lastPosition = nil
    }

    private mutating func giveUp() {
        usable = false
        groups = []
        positions = [:]
        lastPosition = nil
    }
}

extension RunRollupSums.Sums {
    /// Adds one allocation; `overflow` is set when a sum passes `Int64`.
    mutating func add(_ item: Allocation, overflow: inout Bool) {
        overflow = !add(amount: item.amountCents, usd: item.usdCents) || overflow
    }

    /// Adds one allocation's amount and USD amount (nil when unconverted); false when a sum passes `Int64`.
    public mutating func add(amount: Cents, usd: Cents?) -> Bool {
        let (amount, amountOverflow) = self.amount.addingReportingOverflow(amount)
        self.amount = amount
        var overflow = amountOverflow
        if let cents = usd {
            let (usd, usdOverflow) = (self.usd ?? 0).addingReportingOverflow(cents)
            self.usd = usd
            overflow = overflow || usdOverflow
        }
        allocations += 1
        return !overflow
    }

    /// Takes out sums that were added to these (so nothing overflows that did not overflow on the way in).
    mutating func subtract(_ other: Self) {
        amount -= other.amount
        if let cents = other.usd { usd = (usd ?? 0) - cents }
        allocations -= other.allocations
    }
}
