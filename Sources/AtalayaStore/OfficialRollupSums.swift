public import AtalayaDomain

// MARK: - The official rollup's sums, summed where the rows are read

/// Sums of official rows by the rollup's groups (measure, recipient, fiscal period, objective, pillar, sector,
/// account, publisher): what `official_rollup` holds for a run. Summed on the thread that reads the file, so the
/// ledger's writer only stores them.
public struct OfficialRollupSums: Sendable {
    /// A rollup group.
    public struct Key: Hashable, Sendable {
        /// The measure.
        public var measure: String
        /// The recipient (ISO alpha-2 or a region key).
        public var recipient: String
        /// The fiscal year.
        public var fiscalYear: Int
        /// The fiscal period (`1976TQ` apart from `1976`).
        public var period: String
        /// The objective, empty when none.
        public var objective: String
        /// The pillar; nil for rows that are not classified.
        public var pillar: String?
        /// The purpose code, else the U.S. sector name, else `none`.
        public var sector: String
        /// The funding account, else its name, else `none`.
        public var account: String
        /// The managing agency, else the funding agency, else `none`.
        public var publisher: String
    }

    /// A group's sums: amounts (nil when no row had one) and how many rows had each.
    public struct Sums: Sendable {
        /// Current dollars, in cents; nil when no row had an amount.
        public var current: Cents?
        /// Constant dollars, in cents; nil when no row had an amount.
        public var constant: Cents?
        /// Rows with a current amount.
        public var currentRows = 0
        /// Rows with a constant amount.
        public var constantRows = 0
        /// Rows.
        public var rows = 0

        /// Adds one row.
        public mutating func add(_ row: OfficialAmount) {
            if let cents = row.currentCents {
                current = (current ?? 0) + cents
                currentRows += 1
            }
            if let cents = row.constantCents {
                constant = (constant ?? 0) + cents
                constantRows += 1
            }
            rows += 1
        }

        /// Adds another group's sums.
        public mutating func add(_ other: Sums) {
            if let cents = other.current { current = (current ?? 0) + cents }
            if let cents = other.constant { constant = (constant ?? 0) + cents }
            currentRows += other.currentRows
            constantRows += other.constantRows
            rows += other.rows
        }
    }

    /// The groups summed so far.
    public private(set) var groups: [Key: Sums] = [:]

    /// Empty sums.
    public init() {}

    /// Adds a row placed on `pillar` (nil for rows that are not classified, the country totals).
    public mutating func add(_ row: OfficialAmount, pillar: Pillar?) {
        let key = Key(
            measure: row.measure.rawValue, recipient: row.recipient, fiscalYear: row.fiscalYear.year,
            period: row.fiscalYear.label, objective: row.objective ?? "", pillar: pillar?.rawValue,
            sector: row.purposeCode ?? row.usSectorName ?? "none",
            account: row.fundingAccount ?? row.fundingAccountName ?? "none",
            publisher: row.managingAgency ?? row.fundingAgency ?? "none")
        groups[key, default: Sums()].add(row)
    }

    /// Adds other sums, group by group.
    public mutating func add(_ other: OfficialRollupSums) {
        for (key, sums) in other.groups { groups[key, default: Sums()].add(sums) }
    }

    /// How many groups.
    public var count: Int { groups.count }

    /// Empties the sums, keeping their storage.
    public mutating func removeAll() { groups.removeAll(keepingCapacity: true) }
}

/// What the reader of an official file hands the ledger, in order: rows, and now and then the rollup's sums of
/// rows already handed over.
public enum OfficialItem: Sendable {
    /// A row. One that arrives classified (`placement` set) is counted by the reader in a later `.sums`; one that
    /// arrives unclassified is classified and counted by the ledger.
    case row(OfficialAmount)
    /// Sums of classified rows already handed over (the reader sends them when it holds many groups, and at the end).
    case sums(OfficialRollupSums)
}
