public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Removing an import run

extension PostgresStore {
    /// See `LedgerStore.removeRun`: as on SQLite, in one transaction under the import lock.
    public func removeRun(_ id: Int64) async throws -> RemovedRun {
        let logger = self.logger
        return try await holdingImportLock { connection in
            guard let run = try await Self.run(connection, id: id, logger: logger) else {
                throw RunRemoval.unknown(
                    id, removed: try await Self.removals(connection, run: id, logger: logger).first)
            }
            let history = try await Self.runs(connection, filter: "", logger: logger)
            if let reason = RunRemoval.refusal(of: run, history: history) { throw RunRemoval.refused(run, reason) }
            func count(_ table: String) async throws -> Int {
                var binds = PostgresBindings()
                binds.append(id)
                let query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table) WHERE run_id = $1", binds: binds)
                return Int(try await connection.query(query, logger: logger).collect()[0].decode(Int64.self))
            }
            let records: Int
            switch run.source {
            case "iati":
                records = try await count("activity")
                // Cascades take each activity's narratives (search is a generated column), organisations, places,
                // sectors, transactions, budgets, results and allocations.
                try await connection.query("DELETE FROM activity WHERE run_id = \(id)", logger: logger)
                try await connection.query("DELETE FROM allocation_rollup WHERE run_id = \(id)", logger: logger)
            case "fa", "greenbook":
                records = try await count("official_amount")
                try await Self.restoreSuperseded(connection, removing: id, logger: logger)
                try await connection.query("DELETE FROM official_rollup WHERE run_id = \(id)", logger: logger)
                // The rows, and the long texts no other run's rows name.
                try await connection.query(
                    "CREATE TEMP TABLE run_text (id BIGINT PRIMARY KEY) ON COMMIT DROP", logger: logger)
                var binds = PostgresBindings()
                binds.append(id)
                for sql in RunRemoval.deleteOfficialRowsSQL(run: "$1") {
                    let query = PostgresQuery(unsafeSQL: sql, binds: sql.contains("$1") ? binds : PostgresBindings())
                    try await connection.query(query, logger: logger)
                }
            case "indicators":
                records = try await count("series_point")
                try await connection.query("DELETE FROM series_point WHERE run_id = \(id)", logger: logger)
            case "engagements":
                records = try await count("engagement")
                try await connection.query("DELETE FROM engagement WHERE run_id = \(id)", logger: logger)
            case "monitoring":
                records = try await count("monitoring_period")
                try await connection.query("DELETE FROM monitoring_period WHERE run_id = \(id)", logger: logger)
            case "state-budget":
                records = try await count("account_budget")
                try await connection.query("DELETE FROM account_budget WHERE run_id = \(id)", logger: logger)
                try await connection.query("DELETE FROM budget_file WHERE run_id = \(id)", logger: logger)
            default:
                throw RunRemoval.refused(run, "runs of source \(run.source) cannot be removed by this version")
            }
            try await connection.query(
                """
                INSERT INTO run_removal (run_id, source, file_name, sha256, publisher, vintage, format_version,
                  imported_at, activities_new, activities_updated, activities_unchanged, transactions, warnings,
                  removed_at, records, sheet)
                SELECT id, source, file_name, sha256, publisher, vintage, format_version, imported_at,
                  activities_new, activities_updated, activities_unchanged, transactions, warnings, \(Self.now()),
                  \(Int64(records)), sheet
                FROM import_run WHERE id = \(id)
                """, logger: logger)
            // The run's warnings go with it (ON DELETE CASCADE).
            try await connection.query("DELETE FROM import_run WHERE id = \(id)", logger: logger)
            guard let removed = try await Self.removals(connection, run: id, logger: logger).first else {
                throw LedgerQueryError("the removal record of run \(id) vanished")
            }
            return removed
        }
    }

    /// See `LedgerStore.removedRuns`.
    public func removedRuns() async throws -> [RemovedRun] {
        try await withConnection { connection in
            try await Self.removals(connection, run: nil, logger: logger)
        }
    }

    /// As on SQLite, by the same statements: the rollup rows `run` superseded go to the newest vintage left that
    /// holds their slice, or back into the figures when that is their own run.
    private static func restoreSuperseded(
        _ connection: PostgresConnection, removing run: Int64, logger: Logger
    ) async throws {
        try await connection.query(
            """
            CREATE TEMP TABLE removed_slice (dataset TEXT, measure TEXT, recipient TEXT, fiscal_year BIGINT,
              fiscal_period TEXT, objective TEXT, winner BIGINT,
              PRIMARY KEY (dataset, measure, recipient, fiscal_year, fiscal_period, objective)) ON COMMIT DROP
            """, logger: logger)
        var binds = PostgresBindings()
        binds.append(run)
        for sql in RunRemoval.restoreSupersededSQL(run: "$1", collation: " COLLATE \"C\"") {
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        }
    }

    /// The removal records, of one run or of all, oldest removal first.
    private static func removals(
        _ connection: PostgresConnection, run: Int64?, logger: Logger
    ) async throws -> [RemovedRun] {
        var binds = PostgresBindings()
        if let run { binds.append(run) }
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT run_id, source, file_name, sha256, publisher, vintage, format_version, imported_at,
                      activities_new, activities_updated, activities_unchanged, transactions, warnings, removed_at,
                      records, sheet
                    FROM run_removal \(run == nil ? "" : "WHERE run_id = $1") ORDER BY id
                    """, binds: binds), logger: logger)
        var removals: [RemovedRun] = []
        for try await row in rows {
            let r = try row.decode(
                (
                    Int64, String, String, String, String?, String?, String?, String, Int64, Int64, Int64, Int64, Int64,
                    String, Int64, String?
                ).self)
            removals.append(
                RemovedRun(
                    run: ImportRun(
                        id: r.0, source: r.1, fileName: r.2, sha256: r.3, publisher: r.4, vintage: r.5,
                        formatVersion: r.6, importedAt: r.7, activitiesNew: Int(r.8), activitiesUpdated: Int(r.9),
                        activitiesUnchanged: Int(r.10), transactions: Int(r.11), warnings: Int(r.12), sheet: r.15),
                    removedAt: r.13, records: Int(r.14)))
        }
        return removals
    }
}
