import AtalayaDomain
import GRDB

// MARK: - The IATI rollup: allocations summed once per import, read by every figure

/// Builds `allocation_rollup`, the sums the IATI figures read instead of grouping `allocation` per request.
enum AllocationRollup {
    /// Replaces the rollup with sums over every allocation, inside the caller's write transaction.
    ///
    /// A row is one run's money for one measure, recipient, fiscal and calendar year, pillar, sector, account,
    /// publisher and currency, converted and unconverted kept apart (`usd_cents` is NULL for the latter). The
    /// rebuild is one pass over `allocation`; it runs at import and reclassification only.
    static func rebuild(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM allocation_rollup;
                INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
                  sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
                SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
                  COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'),
                  COALESCE(al.publisher, 'none'), al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
                FROM allocation al JOIN activity a ON a.id = al.activity_id
                GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
                  al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL;
                """)
    }
}

/// The rollup rows of one import's run, summed as its allocations are written: the rows `AllocationRollup.rebuild`
/// would add for the run, without reading the allocations back. Usable only while the import replaces nothing (a
/// replaced activity takes money out of an older run's rows) and while the groups stay few enough to hold;
/// otherwise the import rebuilds in SQL, as it did before.
struct RunRollupSums {
    /// A group, as `rebuild` groups (sector, account and publisher as written, NULL apart from `none`).
    struct Key: Hashable {
        var measure: String
        var recipient: String
        var fiscalYear: Int?
        var calendarYear: Int?
        var pillar: String
        var sector: String?
        var account: String?
        var publisher: String?
        var currency: String?
        var converted: Bool
    }

    /// A group's sums; `usd` is nil for unconverted groups, as SQL's `SUM` of NULLs is.
    struct Sums {
        var usd: Cents?
        var amount: Cents = 0
        var allocations = 0
    }

    /// Groups held at most (about 200 bytes each); past this the import rebuilds in SQL, whose sorter spills.
    let maxGroups: Int

    /// The groups in the order their first allocation came, so that the same file always writes the same rows
    /// under the same ids (a dictionary's order changes with each process's hash seed).
    private(set) var groups: [(key: Key, sums: Sums)] = []
    private var positions: [Key: Int] = [:]
    /// False once the sums cannot stand for the run: too many groups, or a sum past `Int64` (SQL then reports it).
    private(set) var usable = true

    /// Sums holding at most `maxGroups` groups (100,000: about 20 MB).
    init(maxGroups: Int = 100_000) {
        self.maxGroups = maxGroups
    }

    /// Adds one activity's allocations.
    mutating func add(_ allocations: [Allocation], publisher: String?) {
        guard usable else { return }
        for item in allocations {
            let key = Key(
                measure: item.measure.rawValue, recipient: item.recipient.reportKey, fiscalYear: item.fiscalYear,
                calendarYear: item.calendarYear, pillar: item.pillar.rawValue, sector: item.sectorCode,
                account: item.fundingAccount, publisher: publisher, currency: item.currency,
                converted: item.usdCents != nil)
            let position: Int
            if let known = positions[key] {
                position = known
            } else {
                position = groups.count
                positions[key] = position
                groups.append((key, Sums()))
            }
            var overflow = false
            groups[position].sums.add(item, overflow: &overflow)
            if overflow || groups.count > maxGroups {
                usable = false
                groups = []
                positions = [:]
                return
            }
        }
    }

    /// Inserts the run's rows.
    func write(_ db: Database, run: Int64) throws {
        let insert = try PreparedInsert(
            db,
            """
            INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group,
              account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        for (key, sums) in groups {
            insert.bind(1, run)
            insert.bind(2, key.measure)
            insert.bind(3, key.recipient)
            insert.bind(4, key.fiscalYear)
            insert.bind(5, key.calendarYear)
            insert.bind(6, key.pillar)
            insert.bind(7, key.sector ?? "none")
            insert.bind(8, key.account ?? "none")
            insert.bind(9, key.publisher ?? "none")
            insert.bind(10, key.currency)
            insert.bind(11, sums.usd)
            insert.bind(12, sums.amount)
            insert.bind(13, sums.allocations)
            try insert.run()
        }
    }
}

extension RunRollupSums.Sums {
    /// Adds one allocation; `overflow` is set when a sum passes `Int64`.
    mutating func add(_ item: Allocation, overflow: inout Bool) {
        let (amount, amountOverflow) = self.amount.addingReportingOverflow(item.amountCents)
        self.amount = amount
        overflow = overflow || amountOverflow
        if let cents = item.usdCents {
            let (usd, usdOverflow) = (self.usd ?? 0).addingReportingOverflow(cents)
            self.usd = usd
            overflow = overflow || usdOverflow
        }
        allocations += 1
    }
}
