import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - The IATI rollup: allocations summed once per import, read by every figure

/// Builds `allocation_rollup`, the sums the IATI figures read instead of grouping `allocation` per request.
enum AllocationRollup {
    /// Replaces the rollup with sums over every allocation, inside the caller's write transaction.
    ///
    /// A row is one run's money for one measure, recipient, fiscal and calendar year, pillar, sector, account,
    /// publisher and currency, converted and unconverted kept apart (`usd_cents` is NULL for the latter). The
    /// rebuild is one pass over `allocation`; it runs at reclassification, and at import only when the run's sums
    /// could not be kept or taken back (see `RollupTakeBack`).
    static func rebuild(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM allocation_rollup;
                INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
                  sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
                SELECT \(groupColumns), SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
                FROM allocation al JOIN activity a ON a.id = al.activity_id
                GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
                  al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL;
                """)
    }

    /// The rollup's group columns of an allocation `al` of activity `a`, from `run_id` to `currency`.
    static let groupColumns = """
        a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
          COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'), COALESCE(al.publisher, 'none'),
          al.currency
        """
}

/// The money of the activities an import replaces, taken out of their runs' rollup rows: so that a newer file
/// costs the rollup what it changes, not a pass over every allocation in the ledger (0.4 s per 164,000 here).
///
/// Each replaced activity's allocations are recorded just before it is deleted, in a temporary table of the
/// import's transaction; once the run's own rows are written, `apply` sums them by group and takes the sums out. A
/// group with no allocation left goes.
struct RollupTakeBack {
    private let record: PreparedInsert

    /// Starts the record of taken allocations, inside the import's transaction (which drops it, or rolls it back).
    init(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE rollup_taken (run_id INTEGER NOT NULL, measure TEXT NOT NULL, recipient TEXT NOT NULL,
                  fiscal_year INTEGER, calendar_year INTEGER, pillar TEXT NOT NULL, sector_group TEXT NOT NULL,
                  account_group TEXT NOT NULL, publisher_group TEXT NOT NULL, currency TEXT, usd_cents INTEGER,
                  amount_cents INTEGER NOT NULL, allocations INTEGER NOT NULL)
                """)
        // Each allocation as a row of one, grouped once in `apply` rather than once per activity.
        record = try PreparedInsert(
            db,
            """
            INSERT INTO temp.rollup_taken SELECT \(AllocationRollup.groupColumns), al.usd_cents, al.amount_cents, 1
            FROM allocation al JOIN activity a ON a.id = al.activity_id WHERE al.activity_id = ?1
            """)
    }

    /// Records the allocations of a stored activity about to be deleted.
    func record(activity id: Int64) throws {
        record.bind(1, id)
        try record.run()
    }

    /// Takes the recorded sums out of the rollup. Returns false, having changed nothing, when a recorded group is
    /// not exactly one rollup row holding at least its allocations: a rollup out of step with its allocations,
    /// which the caller then rebuilds.
    func apply(_ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                CREATE TEMP TABLE rollup_taken_group AS
                SELECT run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group, account_group,
                  publisher_group, currency, usd_cents IS NULL AS unconverted, SUM(usd_cents) AS usd_cents,
                  SUM(amount_cents) AS amount_cents, SUM(allocations) AS allocations
                FROM temp.rollup_taken
                GROUP BY run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group, account_group,
                  publisher_group, currency, usd_cents IS NULL
                """)
        let match = """
            r.run_id = t.run_id AND r.measure = t.measure AND r.recipient = t.recipient
              AND r.fiscal_year IS t.fiscal_year AND r.calendar_year IS t.calendar_year AND r.pillar = t.pillar
              AND r.sector_group = t.sector_group AND r.account_group = t.account_group
              AND r.publisher_group = t.publisher_group AND r.currency IS t.currency
              AND (r.usd_cents IS NULL) = t.unconverted
            """
        guard
            let check = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM temp.rollup_taken_group), COUNT(*), COUNT(DISTINCT t.rowid),
                      COUNT(DISTINCT r.id), COALESCE(MIN(r.allocations >= t.allocations), 1)
                    FROM temp.rollup_taken_group t JOIN allocation_rollup r ON \(match)
                    """)
        else { return false }
        let groups: Int = check[0]
        let enough: Bool = check[4]
        guard check[1] == groups, check[2] == groups, check[3] == groups, enough else { return false }
        try db.execute(
            sql: """
                DELETE FROM allocation_rollup WHERE id IN (
                  SELECT r.id FROM temp.rollup_taken_group t JOIN allocation_rollup r ON \(match)
                  WHERE r.allocations = t.allocations);
                UPDATE allocation_rollup AS r SET usd_cents = r.usd_cents - t.usd_cents,
                  amount_cents = r.amount_cents - t.amount_cents, allocations = r.allocations - t.allocations
                FROM temp.rollup_taken_group t WHERE \(match);
                """)
        return true
    }

    /// Drops the record, applied or not, before the import's transaction commits.
    func drop(_ db: Database) throws {
        try db.execute(sql: "DROP TABLE IF EXISTS temp.rollup_taken_group; DROP TABLE temp.rollup_taken")
    }
}

extension RunRollupSums {
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
