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
