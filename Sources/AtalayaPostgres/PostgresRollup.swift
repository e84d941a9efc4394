import AtalayaStore
import Logging
import PostgresNIO

// MARK: - The IATI rollup on PostgreSQL: the run's sums written, a replaced activity's money taken back

extension PostgresStore {
    /// The rollup's rows for the allocations `condition` selects (it may name `al`, the allocation, and `a`, its
    /// activity), in the rollup's columns from `run_id` on, grouped as SQLite's `AllocationRollup.rebuild` groups.
    static func rollupSums(where condition: String) -> String {
        """
        SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
          COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'), COALESCE(al.publisher, 'none'),
          al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
        FROM allocation al JOIN activity a ON a.id = al.activity_id
        WHERE \(condition)
        GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
          al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL
        """
    }

    /// The IATI rollup, rebuilt from every allocation inside the caller's transaction (as on SQLite): at
    /// reclassification, and at import only when the run's sums could not be kept or taken back.
    static func rebuildRollup(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM allocation_rollup", logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
                      sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
                    \(rollupSums(where: "TRUE"))
                    """), logger: logger)
    }

    /// Records the rollup sums of the stored activities `identifiers`, which a newer file is about to replace, in
    /// the transaction's temporary `rollup_taken` (made on first use, dropped at commit).
    static func recordTakenBack(_ identifiers: [String], _ connection: PostgresConnection, logger: Logger) async throws
    {
        try await connection.query(
            """
            CREATE TEMP TABLE IF NOT EXISTS rollup_taken (run_id BIGINT NOT NULL, measure TEXT NOT NULL,
              recipient TEXT NOT NULL, fiscal_year BIGINT, calendar_year BIGINT, pillar TEXT NOT NULL,
              sector_group TEXT NOT NULL, account_group TEXT NOT NULL, publisher_group TEXT NOT NULL, currency TEXT,
              usd_cents BIGINT, amount_cents BIGINT NOT NULL, allocations BIGINT NOT NULL) ON COMMIT DROP
            """, logger: logger)
        var binds = PostgresBindings()
        binds.append(identifiers)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "INSERT INTO rollup_taken \(rollupSums(where: "a.iati_identifier = ANY($1)"))", binds: binds),
            logger: logger)
    }

    /// Brings the rollup up to date after an import: the run's own rows from the sums read with the file, less the
    /// money of the activities it replaced (`takenBack`: recorded by `recordTakenBack`). Rebuilds over every
    /// allocation instead when the sums could not be kept, or a recorded group is not exactly one rollup row holding
    /// at least its allocations (a rollup out of step with its allocations).
    static func updateRollup(
        _ sums: RunRollupSums?, run: Int64, takenBack: Bool, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let sums, sums.usable else { return try await rebuildRollup(connection, logger: logger) }
        var runRows = CopyRows()
        for (key, group) in sums.groups {
            runRows.append(
                .i(run), .t(key.measure), .t(key.recipient), .i(key.fiscalYear), .i(key.calendarYear), .t(key.pillar),
                .t(key.sector ?? "none"), .t(key.account ?? "none"), .t(key.publisher ?? "none"), .t(key.currency),
                .i(group.usd), .i(group.amount), .i(group.allocations))
        }
        try await connection.copy(
            runRows, into: "allocation_rollup",
            columns: [
                "run_id", "measure", "recipient", "fiscal_year", "calendar_year", "pillar", "sector_group",
                "account_group", "publisher_group", "currency", "usd_cents", "amount_cents", "allocations",
            ], logger: logger)
        guard takenBack else { return }
        try await connection.query(
            """
            CREATE TEMP TABLE rollup_taken_group ON COMMIT DROP AS
            SELECT ROW_NUMBER() OVER () AS n, run_id, measure, recipient, fiscal_year, calendar_year, pillar,
              sector_group, account_group, publisher_group, currency, usd_cents IS NULL AS unconverted,
              SUM(usd_cents)::bigint AS usd_cents, SUM(amount_cents)::bigint AS amount_cents,
              SUM(allocations)::bigint AS allocations
            FROM rollup_taken
            GROUP BY run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group, account_group,
              publisher_group, currency, usd_cents IS NULL
            """, logger: logger)
        let match = """
            r.run_id = t.run_id AND r.measure = t.measure AND r.recipient = t.recipient
              AND r.fiscal_year IS NOT DISTINCT FROM t.fiscal_year
              AND r.calendar_year IS NOT DISTINCT FROM t.calendar_year AND r.pillar = t.pillar
              AND r.sector_group = t.sector_group AND r.account_group = t.account_group
              AND r.publisher_group = t.publisher_group AND r.currency IS NOT DISTINCT FROM t.currency
              AND (r.usd_cents IS NULL) = t.unconverted
            """
        let check = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT (SELECT COUNT(*) FROM rollup_taken_group), COUNT(*), COUNT(DISTINCT t.n),
                      COUNT(DISTINCT r.id), COALESCE(BOOL_AND(r.allocations >= t.allocations), TRUE)
                    FROM rollup_taken_group t JOIN allocation_rollup r ON \(match)
                    """), logger: logger)
        var matched = false
        for try await (groups, pairs, taken, stored, enough) in check.decode((Int64, Int64, Int64, Int64, Bool).self) {
            matched = pairs == groups && taken == groups && stored == groups && enough
        }
        guard matched else { return try await rebuildRollup(connection, logger: logger) }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    DELETE FROM allocation_rollup WHERE id IN (
                      SELECT r.id FROM rollup_taken_group t JOIN allocation_rollup r ON \(match)
                      WHERE r.allocations = t.allocations)
                    """), logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE allocation_rollup AS r SET usd_cents = r.usd_cents - t.usd_cents,
                      amount_cents = r.amount_cents - t.amount_cents, allocations = r.allocations - t.allocations
                    FROM rollup_taken_group t WHERE \(match)
                    """), logger: logger)
    }
}
