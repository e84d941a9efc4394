public import AtalayaStore
import GRDB

// MARK: - Removing an import run

extension SQLiteStore {
    /// A new run's id: one above every run stored or removed, so that an id named in an export or a removal record
    /// is never given to another file (SQLite would reuse the highest id once its row is gone).
    static let newRunID = """
        (SELECT MAX(id) + 1 FROM (SELECT MAX(id) AS id FROM import_run UNION ALL SELECT MAX(run_id) FROM run_removal))
        """

    /// See `LedgerStore.removeRun`. Foreign keys are enforced: a row of the run that this missed would stop the
    /// delete of the run itself, and the transaction with it.
    public func removeRun(_ id: Int64) async throws -> RemovedRun {
        try await writer.write { db -> RemovedRun in
            guard let run = try Self.run(db, id: id) else {
                throw RunRemoval.unknown(id, removed: try Self.removed(db, run: id))
            }
            if let reason = RunRemoval.refusal(of: run, history: try Self.runs(db)) {
                throw RunRemoval.refused(run, reason)
            }
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE run_id = ?", arguments: [id]) ?? 0
            }
            let records: Int
            switch run.source {
            case "iati":
                records = try count("activity")
                // Cascades take each activity's narratives (and their search entries, by trigger), organisations,
                // places, sectors, transactions, budgets, results and allocations. One activity a statement, as the
                // import deletes a replaced one: one statement for a 52 MB file's 5,187 activities failed with
                // SQLITE_FULL (see `statementJournalInMemory`).
                let delete = try db.makeStatement(sql: "DELETE FROM activity WHERE id = ?")
                for activity in try Int64.fetchAll(
                    db, sql: "SELECT id FROM activity WHERE run_id = ?", arguments: [id])
                {
                    try delete.execute(arguments: [activity])
                }
                try db.execute(sql: "DELETE FROM allocation_rollup WHERE run_id = ?", arguments: [id])
            case "fa", "greenbook":
                records = try count("official_amount")
                try Self.restoreSuperseded(db, removing: id)
                try db.execute(sql: "DELETE FROM official_rollup WHERE run_id = ?", arguments: [id])
                // The rows, and the long texts no other run's rows name.
                try db.execute(sql: "CREATE TEMP TABLE run_text (id INTEGER PRIMARY KEY)")
                defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.run_text") }
                for sql in RunRemoval.deleteOfficialRowsSQL(run: "?1") {
                    try db.execute(sql: sql, arguments: sql.contains("?1") ? [id] : [])
                }
            case "indicators":
                records = try count("series_point")
                try db.execute(sql: "DELETE FROM series_point WHERE run_id = ?", arguments: [id])
            case "engagements":
                records = try count("engagement")
                try db.execute(sql: "DELETE FROM engagement WHERE run_id = ?", arguments: [id])
            case "monitoring":
                records = try count("monitoring_period")
                try db.execute(sql: "DELETE FROM monitoring_period WHERE run_id = ?", arguments: [id])
            case "state-budget":
                records = try count("account_budget")
                for table in ["account_budget", "budget_file"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [id])
                }
            default:
                throw RunRemoval.refused(run, "runs of source \(run.source) cannot be removed by this version")
            }
            try db.execute(
                sql: """
                    INSERT INTO run_removal (run_id, source, file_name, sha256, publisher, vintage, format_version,
                      imported_at, activities_new, activities_updated, activities_unchanged, transactions, warnings,
                      removed_at, records, sheet)
                    SELECT id, source, file_name, sha256, publisher, vintage, format_version, imported_at,
                      activities_new, activities_updated, activities_unchanged, transactions, warnings, ?, ?, sheet
                    FROM import_run WHERE id = ?
                    """, arguments: [Self.now(), records, id])
            // The run's warnings go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM import_run WHERE id = ?", arguments: [id])
            guard let removed = try Self.removed(db, run: id) else {
                throw DatabaseError(message: "the removal record of run \(id) vanished")
            }
            return removed
        }
    }

    /// See `LedgerStore.removedRuns`.
    public func removedRuns() async throws -> [RemovedRun] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.removalColumns) FROM run_removal ORDER BY run_removal.id").map(
                Self.removal)
        }
    }

    /// The official rollup rows that `run` superseded go to the newest vintage left that holds their slice (the
    /// latest import among equal vintages, as at import), or back into the figures when that is their own run.
    /// The winners are found in one pass over the rollup (a lookup per row would scan it per row: the rollup's
    /// index leads with `superseded_by` after the dataset and measure).
    private static func restoreSuperseded(_ db: Database, removing run: Int64) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE removed_slice (dataset TEXT, measure TEXT, recipient TEXT, fiscal_year INTEGER,
                  fiscal_period TEXT, objective TEXT, winner INTEGER,
                  PRIMARY KEY (dataset, measure, recipient, fiscal_year, fiscal_period, objective));
                """)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.removed_slice") }
        for sql in RunRemoval.restoreSupersededSQL(run: "?1") { try db.execute(sql: sql, arguments: [run]) }
    }

    /// The columns of a removal record, with the run's id as `id` for `run(from:)`.
    private static let removalColumns = """
        run_id AS id, source, file_name, sha256, publisher, vintage, format_version, imported_at, activities_new,
        activities_updated, activities_unchanged, transactions, warnings, removed_at, records, sheet
        """

    private static func removed(_ db: Database, run: Int64) throws -> RemovedRun? {
        try Row.fetchOne(db, sql: "SELECT \(removalColumns) FROM run_removal WHERE run_id = ?", arguments: [run])
            .map(removal)
    }

    private static func removal(_ row: Row) -> RemovedRun {
        RemovedRun(run: run(from: row), removedAt: row["removed_at"], records: row["records"])
    }
}
